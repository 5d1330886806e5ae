/// How much of one side of a card is kept: a side of many megabytes cannot be read at the terminal
/// and would cost every frame that shows it, so it is cut, with a note, and the file is told.
enum SideSizeLimit {
    /// The most UTF-8 bytes of text a side keeps.
    static let bytes = 256 * 1024

    /// UTF-8 bytes of the side's text.
    static func size(_ text: StyledText) -> Int {
        text.blocks.reduce(0) { total, block in block.spans.reduce(total) { $0 + $1.text.utf8.count } }
    }

    /// The side cut to `bytes`, with a closing note, and its size before; nil when it is within.
    static func limited(_ text: StyledText) -> (text: StyledText, size: Int)? {
        let size = size(text)
        guard size > bytes else { return nil }
        var left = bytes
        var blocks: [TextBlock] = []
        for block in text.blocks {
            guard left > 0 else { break }
            var spans: [TextSpan] = []
            for span in block.spans {
                guard left > 0 else { break }
                let count = span.text.utf8.count
                if count <= left {
                    spans.append(span)
                    left -= count
                } else {
                    // Cut on a scalar boundary: drop the replacement a split scalar decodes to.
                    var kept = String(decoding: span.text.utf8.prefix(left), as: UTF8.self)
                    if kept.unicodeScalars.last == "\u{FFFD}", !span.text.utf8.prefix(left).elementsEqual(kept.utf8) {
                        kept.unicodeScalars.removeLast()
                    }
                    spans.append(TextSpan(kept, style: span.style))
                    left = 0
                }
            }
            blocks.append(TextBlock(block.kind, spans))
        }
        blocks.append(TextBlock(.paragraph, [TextSpan(note(size: size), style: .emphasis)]))
        return (StyledText(blocks), size)
    }

    static func note(size: Int) -> String {
        "[cut: this side is \(size / 1024) KB; cardbox shows the first \(bytes / 1024) KB]"
    }

    static func message(side: String, size: Int) -> String {
        "\(side) is \(size / 1024) KB; only the first \(bytes / 1024) KB is shown (split the card)"
    }
}
