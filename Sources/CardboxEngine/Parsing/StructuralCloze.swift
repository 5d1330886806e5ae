/// `ClozeExpander` on bytes, for the structural first pass: the same cards, keys, normalized texts
/// and search texts, without building styled text for each card. It reads clozes whose characters
/// are each one Unicode scalar with no case and no white space beyond ASCII (ASCII, kana and CJK
/// ideographs), where bytes and `Character`s tell the same story; `expand` returns nil for others,
/// which go through `ClozeExpander` itself.
enum StructuralCloze {
    /// One card of the cloze: its number, and its two sides as plain text.
    struct Card {
        var number: Int
        var question: [UInt8]
        var answer: [UInt8]
    }

    /// One span of a cloze's text (as `InlineConverter` merges them): its bytes, and whether it is code.
    struct Span {
        var text: ArraySlice<UInt8>
        var isCode: Bool
    }

    /// What is read of one gap: whether its first piece was seen, its number, its hint and whether
    /// the hint is being read, and whether it has text.
    private struct Gap {
        var started = false
        var number: Int?
        var hint: [UInt8]?
        var inHint = false
        var hasText = false
    }

    private struct Piece {
        var text: ArraySlice<UInt8>
        var isCode: Bool
        var gap: Int?
    }

    /// The cards and the normalized full text, the problem `ClozeExpander` would report, or nil when
    /// the text is not one this reader models.
    static func expand(_ blocks: [[Span]]) -> Result<(cards: [Card], normalized: [UInt8]), ClozeExpander.Problem>? {
        for block in blocks {
            for span in block { guard isSimple(span.text) else { return nil } }
        }
        // Split at brackets, as `ClozeExpander.split` does.
        var pieceBlocks: [[Piece]] = []
        pieceBlocks.reserveCapacity(blocks.count)
        var gapCount = 0
        var open: Int?
        var gapHasText = false
        for block in blocks {
            var pieces: [Piece] = []
            for span in block {
                let bytes = span.text
                if span.isCode {
                    pieces.append(Piece(text: bytes, isCode: true, gap: open))
                    if open != nil { gapHasText = true }
                    continue
                }
                var current = bytes.startIndex
                for index in bytes.indices {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "[") {
                        if open != nil { return .failure(.nested) }
                        if current < index {
                            pieces.append(Piece(text: bytes[current..<index], isCode: false, gap: open))
                        }
                        current = index + 1
                        open = gapCount
                        gapHasText = false
                    } else if byte == UInt8(ascii: "]") {
                        guard open != nil else { return .failure(.unbalanced) }
                        if !gapHasText && bytes[current..<index].allSatisfy(isBlank) { return .failure(.emptyGap) }
                        if current < index {
                            pieces.append(Piece(text: bytes[current..<index], isCode: false, gap: open))
                        }
                        current = index + 1
                        open = nil
                        gapCount += 1
                    } else if open != nil && !isBlank(byte) {
                        gapHasText = true
                    }
                }
                if current < bytes.endIndex { pieces.append(Piece(text: bytes[current...], isCode: false, gap: open)) }
            }
            pieceBlocks.append(pieces)
        }
        if open != nil { return .failure(.unbalanced) }
        if gapCount == 0 { return .failure(.noGaps) }
        if gapCount > ClozeExpander.maxGaps { return .failure(.tooManyGaps(gapCount)) }

        // Gap numbers and hints, taken out of the gaps' text.
        var gaps = [Gap](repeating: Gap(), count: gapCount)
        for blockIndex in pieceBlocks.indices {
            // The block's pieces kept are moved to its front, in place.
            var pieces = pieceBlocks[blockIndex]
            pieceBlocks[blockIndex] = []
            var kept = 0
            for index in pieces.indices {
                var piece = pieces[index]
                guard let gap = piece.gap else {
                    pieces[kept] = piece
                    kept += 1
                    continue
                }
                if !gaps[gap].started {
                    gaps[gap].started = true
                    if !piece.isCode, let (digits, rest) = leadingNumber(piece.text) {
                        guard let value = Int(String(decoding: digits, as: UTF8.self)),
                            (1...ClozeExpander.maxGaps).contains(value)
                        else { return .failure(.badNumber("c" + String(decoding: digits, as: UTF8.self))) }
                        gaps[gap].number = value
                        piece.text = rest
                    }
                }
                if gaps[gap].inHint {
                    gaps[gap].hint = (gaps[gap].hint ?? []) + Array(piece.text)
                    continue
                }
                if !piece.isCode, let colons = firstDoubleColon(piece.text) {
                    gaps[gap].inHint = true
                    gaps[gap].hint = Array(piece.text[(colons + 2)...])
                    piece.text = piece.text[..<colons]
                }
                if piece.isCode || !piece.text.allSatisfy(isBlank) { gaps[gap].hasText = true }
                if !piece.text.isEmpty {
                    pieces[kept] = piece
                    kept += 1
                }
            }
            pieces.removeLast(pieces.count - kept)
            pieceBlocks[blockIndex] = pieces
        }
        if gaps.contains(where: { !$0.hasText }) { return .failure(.emptyGap) }
        let numbered = gaps.compactMap(\.number)
        if !numbered.isEmpty && numbered.count != gapCount { return .failure(.mixedNumbering) }
        let gapNumbers = numbered.isEmpty ? Array(1...gapCount) : numbered
        let shown = gaps.map { gap -> [UInt8] in
            let trimmed = gap.hint.map(trimmed) ?? []
            return trimmed.isEmpty ? Array("[...]".utf8) : Array("[... ".utf8) + trimmed + [UInt8(ascii: "]")]
        }
        // Each number once, in order (`1...gapCount` as it is when the gaps are not numbered).
        var numbers = numbered.isEmpty ? gapNumbers : gapNumbers.sorted()
        if !numbered.isEmpty {
            var unique = 0
            for index in numbers.indices where unique == 0 || numbers[index] != numbers[unique - 1] {
                numbers[unique] = numbers[index]
                unique += 1
            }
            numbers.removeLast(numbers.count - unique)
        }

        var cards: [Card] = []
        cards.reserveCapacity(numbers.count)
        for number in numbers {
            var question: [UInt8] = []
            var answer: [UInt8] = []
            for (index, pieces) in pieceBlocks.enumerated() {
                if index > 0 {
                    question.append(0x0A)
                    answer.append(0x0A)
                }
                var previous: Int?
                for piece in pieces {
                    if let gap = piece.gap, gapNumbers[gap] == number {
                        if previous != gap { question += shown[gap] }
                        answer += piece.text
                    } else {
                        question += piece.text
                        answer += piece.text
                    }
                    previous = piece.gap
                }
            }
            cards.append(Card(number: number, question: question, answer: answer))
        }
        var full: [UInt8] = []
        for (index, pieces) in pieceBlocks.enumerated() {
            if index > 0 { full.append(0x0A) }
            var previous: Int?
            for piece in pieces {
                if piece.gap != previous {
                    if previous != nil { full.append(UInt8(ascii: "]")) }
                    if piece.gap != nil { full.append(UInt8(ascii: "[")) }
                    previous = piece.gap
                }
                full += piece.text
            }
            if previous != nil { full.append(UInt8(ascii: "]")) }
        }
        var normalized: [UInt8] = []
        StructuralText.normalize(full, into: &normalized)
        return .success((cards, normalized))
    }

    /// ASCII white space, as `Character.isWhitespace` and `String.hasVisibleText` read it.
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// True when every character is ASCII or a scalar of its own with no case and no white space:
    /// CJK ideographs, kana and the ideographic comma and full stop.
    static func isSimple(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { isSimple($0) } }

    /// `isSimple` of part of a buffer.
    static func isSimple(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.withUnsafeBufferPointer { isSimple($0) } }

    static func isSimple(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            guard isSimpleCharacter(bytes, at: index, end: bytes.count) else { return false }
            index += 3
        }
        return true
    }

    /// True when the bytes at `index` (a byte from 0x80, before `end`) are one of the three-byte
    /// characters `isSimple` reads: a CJK ideograph, kana, or the ideographic comma or full stop.
    @inline(__always)
    static func isSimpleCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        let byte = bytes[index]
        guard byte & 0xF0 == 0xE0, index + 2 < end else { return false }
        let scalar = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        switch scalar {
        case 0x3001...0x3002, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC, 0x4E00...0x9FFF: return true
        default: return false
        }
    }

    /// `c12::rest` → ("12", "rest"), as `ClozeExpander.leadingNumber` reads it.
    private static func leadingNumber(_ text: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>)? {
        guard text.first == UInt8(ascii: "c") else { return nil }
        let digits = text.dropFirst().prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = text.dropFirst(1 + digits.count)
        guard rest.count >= 2, rest.first == UInt8(ascii: ":"), rest.dropFirst().first == UInt8(ascii: ":") else {
            return nil
        }
        return (digits, rest.dropFirst(2))
    }

    private static func firstDoubleColon(_ text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        while index + 1 < text.endIndex {
            if text[index] == UInt8(ascii: ":") && text[index + 1] == UInt8(ascii: ":") { return index }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ text: [UInt8]) -> [UInt8] {
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return [] }
        return Array(text[first...last])
    }
}
