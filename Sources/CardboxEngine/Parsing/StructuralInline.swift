/// One run of rendered text on a line: a range of the file's bytes and its style (or one space, for
/// the space that joins a paragraph's lines).
struct InlineRun {
    /// Byte offsets in the file; both -1 for the joining space.
    var start: Int
    var end: Int
    var style: TextStyle
    /// The link's destination (bytes of the file), for a link's text.
    var url: Range<Int>?

    static let space = InlineRun(start: -1, end: -1, style: [], url: nil)
}

/// Renders one line of inline Markdown the way cmark-gfm and `InlineConverter` would, for the part
/// of the language it models, straight from the file's bytes: plain text, code spans, `*`/`**`
/// emphasis in its plain form, inline links with a plain text and address, and literal brackets (a
/// cloze's gaps). Anything else (escapes, entities, HTML, images, autolinks, `_`, `~`, reference
/// links, emphasis that could pair across lines or with other delimiters) makes it give up, and the
/// file is read by the full parser.
enum StructuralInline {
    /// Delimiters one line may hold before `MarkdownDocument` escapes them; such a line is not modelled.
    static let floodLimit = MarkdownDocument.delimiterFlood

    /// Appends the runs of the line `start..<end` (trailing spaces already cut) to `runs`. Returns
    /// false when the line holds anything not modelled. `openBrackets` counts the `[` of the
    /// paragraph not closed yet, across its lines.
    static func render(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, openBrackets: inout Int,
        into runs: inout [InlineRun]
    ) -> Bool {
        if end - start > floodLimit {
            var delimiters = 0
            for index in start..<end where p[index] == 0x2A || p[index] == 0x5F { delimiters += 1 }
            if delimiters > floodLimit { return false }
        }
        var index = start
        var textStart = start
        var style: TextStyle = []
        /// Length of the emphasis run that is open (1 or 2), 0 when none is.
        var emphasis = 0
        /// Where the last `[` on this line is, for a link's text.
        var lastOpen = -1

        func flush(_ upTo: Int) {
            if upTo > textStart { runs.append(InlineRun(start: textStart, end: upTo, style: style, url: nil)) }
        }

        let plain = plainTable
        let base = p.baseAddress!
        while index < end {
            // Bytes that are text whatever surrounds them, skipped four at a time while all four are.
            while index + 4 <= end,
                plain[Int(base[index])] & plain[Int(base[index + 1])] & plain[Int(base[index + 2])]
                    & plain[Int(base[index + 3])] != 0
            {
                index += 4
            }
            while index < end, plain[Int(base[index])] != 0 { index += 1 }
            guard index < end else { break }
            let byte = p[index]
            switch byte {
            case 0x60:  // `
                if emphasis != 0 { return false }
                var length = 0
                while index + length < end, p[index + length] == 0x60 { length += 1 }
                // The closing run: the next run of exactly as many backticks on this line.
                var search = index + length
                var close = -1
                while search < end {
                    if p[search] == 0x60 {
                        var count = 0
                        while search + count < end, p[search + count] == 0x60 { count += 1 }
                        if count == length {
                            close = search
                            break
                        }
                        search += count
                    } else {
                        search += 1
                    }
                }
                guard close >= 0 else { return false }
                var contentStart = index + length
                var contentEnd = close
                for offset in contentStart..<contentEnd where p[offset] < 0x20 || p[offset] == 0x7F { return false }
                if contentEnd - contentStart >= 2, p[contentStart] == 0x20, p[contentEnd - 1] == 0x20,
                    (contentStart..<contentEnd).contains(where: { p[$0] != 0x20 })
                {
                    contentStart += 1
                    contentEnd -= 1
                }
                flush(index)
                if contentEnd > contentStart {
                    runs.append(InlineRun(start: contentStart, end: contentEnd, style: style.union(.code), url: nil))
                }
                // A `[` before a code span cannot begin a modelled link's text.
                lastOpen = -1
                index = close + length
                textStart = index
            case 0x2A:  // *
                var length = 0
                while index + length < end, p[index + length] == 0x2A { length += 1 }
                let before: UInt8 = index > start ? p[index - 1] : 0x20
                let after: UInt8 = index + length < end ? p[index + length] : 0x20
                if before == 0x20 && after == 0x20 {
                    // Neither opens nor closes: literal.
                    index += length
                    continue
                }
                guard length <= 2 else { return false }
                if emphasis == 0 {
                    guard before == 0x20, isAlphanumeric(after) else { return false }
                    flush(index)
                    emphasis = length
                    style = length == 1 ? .emphasis : .bold
                } else {
                    guard length == emphasis, isAlphanumeric(before), isClosingNeighbour(after) else { return false }
                    flush(index)
                    emphasis = 0
                    style = []
                }
                index += length
                textStart = index
                lastOpen = -1
            case 0x5B:  // [
                if emphasis != 0 { return false }
                if index + 1 < end, p[index + 1] == 0x5E { return false }
                openBrackets += 1
                lastOpen = index
                index += 1
            case 0x5D:  // ]
                if emphasis != 0 { return false }
                let next: UInt8 = index + 1 < end ? p[index + 1] : 0x20
                if next == 0x3A || next == 0x5B { return false }
                if next == 0x28 {
                    // An inline link: its `[` on this line, plain text between, the only one open.
                    guard lastOpen >= 0, openBrackets == 1, index > lastOpen + 1 else { return false }
                    var destination = index + 2
                    while destination < end {
                        let d = p[destination]
                        guard d > 0x20, d < 0x7F, d != 0x28, d != 0x29, d != 0x3C, d != 0x5C else { break }
                        destination += 1
                    }
                    guard destination > index + 2, destination < end, p[destination] == 0x29 else { return false }
                    flush(lastOpen)
                    runs.append(
                        InlineRun(start: lastOpen + 1, end: index, style: .link, url: (index + 2)..<destination))
                    openBrackets = 0
                    lastOpen = -1
                    index = destination + 1
                    textStart = index
                    continue
                }
                if openBrackets > 0 { openBrackets -= 1 }
                lastOpen = -1
                index += 1
            case 0x5C, 0x26, 0x3C, 0x5F, 0x7E, 0x40, 0x7F, 0xEE:
                // `\` `&` `<` `_` `~` `@`, DEL, and the private-use stand-ins for escaped brackets.
                return false
            case 0x21:  // !
                if index + 1 < end, p[index + 1] == 0x5B { return false }
                index += 1
            case 0x3A:  // :
                if index + 2 < end, p[index + 1] == 0x2F, p[index + 2] == 0x2F { return false }
                index += 1
            case 0x77, 0x57:  // w, W
                if index + 3 < end, p[index + 1] | 0x20 == 0x77, p[index + 2] | 0x20 == 0x77, p[index + 3] == 0x2E {
                    return false
                }
                index += 1
            default:
                if byte < 0x20 { return false }
                index += 1
            }
        }
        if emphasis != 0 { return false }
        flush(end)
        return true
    }

    /// Bytes 0–63 and 64–127 that `render` reads as text whatever surrounds them, one bit each: all
    /// but the controls and ``!&*:<@W[\]_`w~`` and DEL. Bytes from 0x80 are text too, but for 0xEE.
    static let plainLow: UInt64 = 0xEBFF_FBBD_0000_0000
    static let plainHigh: UInt64 = 0x3F7F_FFFE_477F_FFFE

    /// `isPlain` of every byte, 1 or 0, one byte each: a table look-up a byte is fewer instructions
    /// than the two masks' test, in the loop that skips most of a line.
    nonisolated(unsafe) static let plainTable: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0...255 { table[byte] = isPlain(UInt8(byte)) ? 1 : 0 }
        return UnsafePointer(table)
    }()

    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        if byte >= 0x80 { return byte != 0xEE }
        return (byte < 64 ? plainLow : plainHigh) >> UInt64(byte & 63) & 1 != 0
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// What may follow a closing `*`/`**`: the end of the line, a space or plain punctuation.
    private static func isClosingNeighbour(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29: true
        default: false
        }
    }

    /// True when the character at `index` starts a new grapheme (it is not a combining mark that
    /// would join the character before it, for code that walks `Character`s).
    static func followedByBase(_ p: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int) -> Bool {
        guard index < end, p[index] >= 0x80 else { return true }
        var length = 1
        while index + length < end, length < 4, p[index + length] & 0xC0 == 0x80 { length += 1 }
        let scalar = String(decoding: UnsafeBufferPointer(rebasing: p[index..<(index + length)]), as: UTF8.self)
        return ("x" + scalar).count == 2
    }
}
