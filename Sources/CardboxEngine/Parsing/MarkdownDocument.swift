import CCmarkGFM

/// Parses deck Markdown with cmark-gfm: CommonMark plus GitHub's tables, strikethrough and autolinks.
///
/// Task lists stay off (they would read a cloze gap such as `[x]` at the start of a list item as a
/// check box), and so do footnotes. Strikethrough needs two tildes, so `~5 minutes` stays text.
///
/// GitHub reads a line that directly follows a table as one more row, so `A: …` right under a
/// table would vanish into it. A card marker line or a heading always ends a table here: the text is
/// cut before such a line and the rest parsed as a document of its own (`forEachBlock`).
enum MarkdownDocument {
    /// The extensions attached to every parser; registered once per process, since cmark-gfm's
    /// registry is a plain global list.
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        let names: [String] = ["table", "strikethrough", "autolink"]
        return names.compactMap { name in name.withCString { cmark_find_syntax_extension($0) } }
    }()

    static let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// Runs `visit` on the top-level blocks of `source`, in order, with the number to add to their
    /// line numbers to get lines of `source` (non-zero in the parts cut off at a table's end).
    static func forEachBlock(in source: [UInt8], _ visit: (OpaquePointer, Int) -> Void) {
        let lines = SourceLines(source)
        forEachBlock(in: source, lines: lines, from: 1, to: nil, visit)
    }

    /// Parses lines `from` up to (not including) `to`, or to the end. When tables in them took marker
    /// lines or headings as rows, the lines are cut before each such line and each part is parsed
    /// on its own (and checked the same way): one extra parse for a file with such tables, none for
    /// others.
    private static func forEachBlock(
        in source: [UInt8], lines: SourceLines, from: Int, to: Int?, _ visit: (OpaquePointer, Int) -> Void
    ) {
        guard let root = parse(source, lines: lines, from: from, to: to) else { return }
        let cuts = linesEndingTables(in: root, offset: from - 1, source: source, lines: lines)
        guard !cuts.isEmpty else {
            var child = cmark_node_first_child(root)
            while let node = child {
                visit(node, from - 1)
                child = cmark_node_next(node)
            }
            cmark_node_free(root)
            return
        }
        cmark_node_free(root)
        let bounds: [Int?] = [from] + cuts + [to]
        for index in 0..<(bounds.count - 1) {
            forEachBlock(in: source, lines: lines, from: bounds[index]!, to: bounds[index + 1], visit)
        }
    }

    /// Parses lines `from` up to (not including) `to`, or to the end; line numbers in the result
    /// count from `from`.
    private static func parse(_ source: [UInt8], lines: SourceLines, from: Int, to: Int?) -> OpaquePointer? {
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        for extensionPointer in extensions { cmark_parser_attach_syntax_extension(parser, extensionPointer) }
        let start = lines.start(ofLine: from)
        let end = to.map { lines.start(ofLine: $0) } ?? source.count
        if start < end {
            let text = source[start..<end]
            let fed = escapingDelimiterFloods(text).map { $0[...] } ?? text
            fed.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress!, chars.count)
                }
            }
        }
        return cmark_parser_finish(parser)
    }

    /// Emphasis delimiters (`*`, `_`) one line may hold before they are read as plain characters.
    static let delimiterFlood = 1_000

    /// `text` with every `*` and `_` escaped on lines holding more than `delimiterFlood` of them, or
    /// nil when no line does (the text is fed as it is).
    ///
    /// cmark-gfm's emphasis matching takes time quadratic in the delimiters of a paragraph on some
    /// shapes (runs of `*a_`: seconds for ten thousand, minutes for a hundred thousand), so a hostile
    /// line could hang every command. No real card holds a thousand on one line; such a line shows its
    /// stars and underscores as typed. The rule looks at one line at a time, so a card's own lines
    /// read the same as the whole file.
    static func escapingDelimiterFloods(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        text.withUnsafeBufferPointer { buffer -> [UInt8]? in
            // The lines holding a flood, as offsets in `buffer`. A line ends at LF or CR, as cmark
            // reads it (so CR-only files are split too).
            var floods: [Range<Int>] = []
            var lineStart = 0
            var count = 0
            for index in 0..<buffer.count {
                let byte = buffer[index]
                if byte == 0x2A || byte == 0x5F {
                    count += 1
                } else if byte == 0x0A || byte == 0x0D {
                    if count > delimiterFlood { floods.append(lineStart..<(index + 1)) }
                    lineStart = index + 1
                    count = 0
                }
            }
            if count > delimiterFlood { floods.append(lineStart..<buffer.count) }
            guard !floods.isEmpty else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(buffer.count + floods.reduce(0) { $0 + $1.count })
            var copied = 0
            for line in floods {
                result.append(contentsOf: buffer[copied..<line.lowerBound])
                for byte in buffer[line] {
                    if byte == 0x2A || byte == 0x5F { result.append(0x5C) }
                    result.append(byte)
                }
                copied = line.upperBound
            }
            result.append(contentsOf: buffer[copied...])
            return result
        }
    }

    /// For each top-level table, the first line it took as a row although it is a card marker line
    /// or a heading; lines of `source`, in order.
    private static func linesEndingTables(
        in root: OpaquePointer, offset: Int, source: [UInt8], lines: SourceLines
    ) -> [Int] {
        var cuts: [Int] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            child = cmark_node_next(node)
            guard cmark_node_get_type(node) == cardbox_node_table() else { continue }
            // The header row is never such a line: a marker line above a table belongs to the
            // paragraph before it. The rows below the delimiter row are what may swallow a line.
            var row = cmark_node_first_child(node).flatMap { cmark_node_next($0) }
            while let current = row {
                let line = Int(cmark_node_get_start_line(current)) + offset
                if lines.marker(onLine: line, in: source) != nil || lines.isATXHeading(line: line, in: source) {
                    cuts.append(line)
                    break
                }
                row = cmark_node_next(current)
            }
        }
        return cuts
    }
}
