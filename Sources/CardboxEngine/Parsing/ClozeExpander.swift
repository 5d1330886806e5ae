/// Splits a cloze text into one card per `[gap]`: the question hides that gap, the answer highlights it.
enum ClozeExpander {
    /// A problem with a cloze's brackets.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case unbalanced, nested, emptyGap, noGaps
        case tooManyGaps(Int)

        var description: String {
            switch self {
            case .unbalanced: "unbalanced cloze brackets (write \\[ for a literal bracket)"
            case .nested: "nested cloze brackets"
            case .emptyGap: "empty cloze gap []"
            case .noGaps: "cloze has no [gap]"
            case .tooManyGaps(let count):
                "cloze has \(count) gaps; at most \(ClozeExpander.maxGaps) (split it into several clozes)"
            }
        }
    }

    /// One piece of the cloze: text with its style and the gap it belongs to (nil outside gaps).
    private struct Piece {
        var text: String
        var style: TextStyle
        var gap: Int?
    }

    /// The sides of each gap's card, and the full text with brackets (for the card key).
    struct Expansion {
        var cards: [(question: StyledText, answer: StyledText)]
        var fullText: String
    }

    /// Each gap's card repeats the whole text, so k gaps cost k² in time and memory; real clozes have a few.
    static let maxGaps = 100

    static func expand(_ text: StyledText) -> Result<Expansion, Problem> {
        var gapCount = 0
        var open: Int?
        var gapHasText = false
        var blocks: [(TextBlock.Kind, [Piece])] = []
        for block in text.blocks {
            var pieces: [Piece] = []
            for span in block.spans {
                if span.style.contains(.code) {
                    pieces.append(Piece(text: span.text, style: span.style, gap: open))
                    if open != nil { gapHasText = true }
                    continue
                }
                var current = ""
                func flush() {
                    if !current.isEmpty { pieces.append(Piece(text: current, style: span.style, gap: open)) }
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
        if gapCount == 0 { return .failure(.noGaps) }
        if gapCount > maxGaps { return .failure(.tooManyGaps(gapCount)) }

        var cards: [(StyledText, StyledText)] = []
        for gap in 0..<gapCount {
            var question: [TextBlock] = []
            var answer: [TextBlock] = []
            for (kind, pieces) in blocks {
                var q: [TextSpan] = []
                var a: [TextSpan] = []
                var hidden = false
                for piece in pieces {
                    if piece.gap == gap {
                        if !hidden { q.append(TextSpan("[...]", style: .gap)) }
                        hidden = true
                        a.append(TextSpan(piece.text, style: piece.style.union(.gap)))
                    } else {
                        q.append(TextSpan(piece.text, style: piece.style))
                        a.append(TextSpan(piece.text, style: piece.style))
                    }
                }
                question.append(TextBlock(kind, InlineConverter.merge(q)))
                answer.append(TextBlock(kind, InlineConverter.merge(a)))
            }
            cards.append((StyledText(question).restoringEscapes(), StyledText(answer).restoringEscapes()))
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
}
