/// Splits a cloze text into its cards: one per `[gap]`, or one per gap number when gaps are numbered
/// (`[c1::…]`, several gaps with one number make one card). A card's question hides its gaps (as
/// `[...]`, or `[... hint]` for a gap written `[text::hint]`); its answer highlights them.
enum ClozeExpander {
    /// A problem with a cloze's brackets.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case unbalanced, nested, emptyGap, noGaps, mixedNumbering
        case tooManyGaps(Int)
        case badNumber(String)

        var description: String {
            switch self {
            case .unbalanced: "unbalanced cloze brackets (write \\[ for a literal bracket)"
            case .nested: "nested cloze brackets"
            case .emptyGap: "empty cloze gap []"
            case .noGaps: "cloze has no [gap]"
            case .mixedNumbering: "cloze mixes numbered gaps [c1::…] with unnumbered ones; number every gap or none"
            case .tooManyGaps(let count):
                "cloze has \(count) gaps; at most \(ClozeExpander.maxGaps) (split it into several clozes)"
            case .badNumber(let written):
                "cloze gap number \(written) must be c1 to c\(ClozeExpander.maxGaps)"
            }
        }
    }

    /// One piece of the cloze: text with its style and the gap it belongs to (nil outside gaps).
    private struct Piece {
        var text: String
        var style: TextStyle
        var url: String?
        var gap: Int?

        var span: TextSpan { TextSpan(text, style: style, url: url) }
    }

    /// One card of a cloze: its number (the gap number, or the gap's place) and its two sides.
    struct ClozeCard {
        var number: Int
        var question: StyledText
        var answer: StyledText
    }

    /// The cloze's cards, and the full text with brackets but without gap numbers and hints (for the
    /// card key, which therefore stays the same when a hint is added or gaps are numbered).
    struct Expansion {
        var cards: [ClozeCard]
        var fullText: String
    }

    /// Each card repeats the whole text, so k gaps cost k² in time and memory; real clozes have a few.
    static let maxGaps = 100

    static func expand(_ text: StyledText) -> Result<Expansion, Problem> {
        var blocks: [(TextBlock.Kind, [Piece])]
        let gapCount: Int
        switch split(text) {
        case let .failure(problem): return .failure(problem)
        case let .success(found): (blocks, gapCount) = found
        }
        if gapCount == 0 { return .failure(.noGaps) }
        if gapCount > maxGaps { return .failure(.tooManyGaps(gapCount)) }

        // Gap numbers and hints, taken out of the gaps' text.
        var numbers = [Int?](repeating: nil, count: gapCount)
        var hints = [String?](repeating: nil, count: gapCount)
        var started = [Bool](repeating: false, count: gapCount)
        var inHint = [Bool](repeating: false, count: gapCount)
        var hasText = [Bool](repeating: false, count: gapCount)
        for blockIndex in blocks.indices {
            var kept: [Piece] = []
            for var piece in blocks[blockIndex].1 {
                guard let gap = piece.gap else {
                    kept.append(piece)
                    continue
                }
                let isCode = piece.style.contains(.code)
                if !started[gap] {
                    started[gap] = true
                    if !isCode, let (number, rest) = leadingNumber(piece.text) {
                        guard let value = Int(number), (1...maxGaps).contains(value) else {
                            return .failure(.badNumber("c" + number))
                        }
                        numbers[gap] = value
                        piece.text = rest
                    }
                }
                if inHint[gap] {
                    hints[gap] = (hints[gap] ?? "") + piece.text
                    continue
                }
                if !isCode, let range = piece.text.range(of: "::") {
                    inHint[gap] = true
                    hints[gap] = String(piece.text[range.upperBound...])
                    piece.text = String(piece.text[..<range.lowerBound])
                }
                if isCode || piece.text.hasVisibleText { hasText[gap] = true }
                if !piece.text.isEmpty { kept.append(piece) }
            }
            blocks[blockIndex].1 = kept
        }
        if hasText.contains(false) { return .failure(.emptyGap) }
        let numbered = numbers.compactMap { $0 }
        if !numbered.isEmpty && numbered.count != gapCount { return .failure(.mixedNumbering) }
        let gapNumbers = numbered.isEmpty ? Array(1...gapCount) : numbered
        let hintTexts = hints.map { hint -> String? in
            let trimmed = hint?.trimmingBlanks ?? ""
            return trimmed.isEmpty ? nil : trimmed
        }

        var cards: [ClozeCard] = []
        for number in Set(gapNumbers).sorted() {
            var question: [TextBlock] = []
            var answer: [TextBlock] = []
            for (kind, pieces) in blocks {
                var q: [TextSpan] = []
                var a: [TextSpan] = []
                var previous: Int?
                for piece in pieces {
                    if let gap = piece.gap, gapNumbers[gap] == number {
                        if previous != gap {
                            let shown = hintTexts[gap].map { "[... \($0)]" } ?? "[...]"
                            q.append(TextSpan(shown, style: .gap))
                        }
                        a.append(TextSpan(piece.text, style: piece.style.union(.gap), url: piece.url))
                    } else {
                        q.append(piece.span)
                        a.append(piece.span)
                    }
                    previous = piece.gap
                }
                question.append(TextBlock(kind, InlineConverter.merge(q)))
                answer.append(TextBlock(kind, InlineConverter.merge(a)))
            }
            cards.append(
                ClozeCard(
                    number: number, question: StyledText(question).restoringEscapes(),
                    answer: StyledText(answer).restoringEscapes()))
        }
        let full = blocks.map { _, pieces in
            var out = ""
            var previous: Int?
            for piece in pieces {
                if piece.gap != previous {
                    if previous != nil { out += "]" }
                    if piece.gap != nil { out += "[" }
                    previous = piece.gap
                }
                out += piece.text
            }
            if previous != nil { out += "]" }
            return out
        }.joined(separator: "\n")
        return .success(Expansion(cards: cards, fullText: full))
    }

    /// The text cut into pieces at brackets, each piece knowing its gap (in order of appearance), and
    /// the number of gaps.
    private static func split(_ text: StyledText) -> Result<([(TextBlock.Kind, [Piece])], Int), Problem> {
        var gapCount = 0
        var open: Int?
        var gapHasText = false
        var blocks: [(TextBlock.Kind, [Piece])] = []
        for block in text.blocks {
            var pieces: [Piece] = []
            for span in block.spans {
                if span.style.contains(.code) {
                    pieces.append(Piece(text: span.text, style: span.style, url: span.url, gap: open))
                    if open != nil { gapHasText = true }
                    continue
                }
                var current = ""
                func flush() {
                    if !current.isEmpty {
                        pieces.append(Piece(text: current, style: span.style, url: span.url, gap: open))
                    }
                    current = ""
                }
                for ch in span.text {
                    if ch == "[" {
                        if open != nil { return .failure(.nested) }
                        flush()
                        open = gapCount
                        gapHasText = false
                    } else if ch == "]" {
                        guard open != nil else { return .failure(.unbalanced) }
                        if !gapHasText && current.allSatisfy(\.isWhitespace) { return .failure(.emptyGap) }
                        flush()
                        open = nil
                        gapCount += 1
                    } else {
                        current.append(ch)
                        if open != nil && !ch.isWhitespace { gapHasText = true }
                    }
                }
                flush()
            }
            blocks.append((block.kind, pieces))
        }
        if open != nil { return .failure(.unbalanced) }
        return .success((blocks, gapCount))
    }

    /// `c12::rest` → ("12", "rest"); anything else → nil.
    private static func leadingNumber(_ text: String) -> (String, String)? {
        guard text.hasPrefix("c") else { return nil }
        let digits = text.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = text.dropFirst(1 + digits.count)
        guard rest.hasPrefix("::") else { return nil }
        return (String(digits), String(rest.dropFirst(2)))
    }
}

extension String {
    /// The text without white space at either end.
    fileprivate var trimmingBlanks: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
