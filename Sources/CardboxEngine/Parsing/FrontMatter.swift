/// The optional `---` block at the top of a deck file; only `title:` is read.
struct FrontMatter: Equatable {
    var title: String?
    /// Number of lines the block takes, closing fence included (0 when there is none).
    var lineCount: Int

    /// Reads front matter from the start of `text`. An unclosed block is not front matter.
    static func read(_ text: Substring) -> FrontMatter {
        // Lines end as cmark-gfm ends them: "\n", "\r\n" (one Character in Swift) or "\r" alone.
        var lines = text.split(maxSplits: 200, omittingEmptySubsequences: false, whereSeparator: \.isLineEnd)
            .makeIterator()
        guard let first = lines.next(), first.trimmingTrailingSpace == "---" else {
            return FrontMatter(title: nil, lineCount: 0)
        }
        var title: String?
        var count = 1
        while let line = lines.next() {
            count += 1
            let trimmed = line.trimmingTrailingSpace
            if trimmed == "---" || trimmed == "..." { return FrontMatter(title: title, lineCount: count) }
            if trimmed.hasPrefix("title:") {
                var value = trimmed.dropFirst("title:".count).trimmingLeadingSpace
                if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                    value = value.dropFirst().dropLast()
                }
                if !value.isEmpty { title = String(value) }
            }
        }
        return FrontMatter(title: nil, lineCount: 0)
    }
}

extension Character {
    /// A line end as CommonMark counts them: LF, CR LF or a lone CR.
    var isLineEnd: Bool { self == "\n" || self == "\r\n" || self == "\r" }
}

extension Substring {
    var trimmingTrailingSpace: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return s
    }

    var trimmingLeadingSpace: Substring {
        drop { $0 == " " || $0 == "\t" }
    }
}
