import CardboxEngine

/// One laid-out line of card text: styled runs that together fit the width they were wrapped to.
public struct StyledLine: Hashable, Sendable {
    public var spans: [TextSpan]

    public init(_ spans: [TextSpan] = []) { self.spans = spans }

    /// An unstyled line.
    public init(plain: String) { self.spans = plain.isEmpty ? [] : [TextSpan(plain)] }

    /// The line's text without styles.
    public var plainText: String { spans.map(\.text).joined() }

    /// Cells the line takes.
    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.width(of: $1.text) } }

    /// Appends text, merging it into the last span when the style (and the link's address) is the same.
    public mutating func append(_ text: String, style: TextStyle, url: String? = nil) {
        guard !text.isEmpty else { return }
        if let last = spans.last, last.style == style, last.url == url {
            spans[spans.count - 1].text += text
        } else {
            spans.append(TextSpan(text, style: style, url: url))
        }
    }

    /// Drops trailing spaces.
    mutating func trimTrailingSpaces() {
        while let last = spans.last {
            guard last.text.isEmpty || last.text.utf8.last == 0x20 else { return }
            let trimmed = String(last.text.reversed().drop(while: { $0 == " " }).reversed())
            if trimmed.isEmpty {
                spans.removeLast()
            } else {
                spans[spans.count - 1].text = trimmed
                return
            }
        }
    }
}
