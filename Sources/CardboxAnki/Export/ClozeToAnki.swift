/// A cloze's deck Markdown with its gaps written as Anki's deletions: `[c2::text::hint]` →
/// `{{c2::text::hint}}`, and the k-th unnumbered gap `[text]` → `{{ck::text}}`, so each Anki card
/// hides what the cardbox card with the same number hides.
///
/// Escaped brackets, code spans, links and images are left as they are, as the deck parser does.
enum ClozeToAnki {
    static func convert(_ markdown: String) -> String {
        let characters = Array(markdown)
        var result = ""
        var index = 0
        var gapNumber = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                result.append(character)
                result.append(characters[index + 1])
                index += 2
            } else if character == "`" {
                // A code span: copied up to the closing run of as many backticks.
                var run = 0
                while index + run < characters.count, characters[index + run] == "`" { run += 1 }
                let ticks = String(repeating: "`", count: run)
                let rest = String(characters[(index + run)...])
                if let close = rest.range(of: ticks) {
                    let length = rest.distance(from: rest.startIndex, to: close.upperBound)
                    result += ticks + String(rest.prefix(length))
                    index += run + length
                } else {
                    result += ticks
                    index += run
                }
            } else if character == "["
                || (character == "!" && index + 1 < characters.count && characters[index + 1] == "[")
            {
                let open = character == "!" ? index + 1 : index
                guard let close = closingBracket(characters, from: open + 1) else {
                    result.append(character)
                    index += 1
                    continue
                }
                let isLink = close + 1 < characters.count && characters[close + 1] == "("
                if character == "!" || isLink {
                    // A link or an image: copied as written, its destination too.
                    var end = close + 1
                    if isLink, let paren = characters[(close + 1)...].firstIndex(of: ")") { end = paren + 1 }
                    result += String(characters[index..<end])
                    index = end
                    continue
                }
                gapNumber += 1
                var body = String(characters[(open + 1)..<close])
                var number = gapNumber
                if let parsed = numberPrefix(body) {
                    number = parsed.number
                    body = parsed.rest
                }
                result += "{{c\(number)::\(body)}}"
                index = close + 1
            } else {
                result.append(character)
                index += 1
            }
        }
        return result
    }

    private static func closingBracket(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == "]" { return index }
            if characters[index] == "[" { return nil }
            index += 1
        }
        return nil
    }

    /// `c12::rest` → (12, rest).
    private static func numberPrefix(_ body: String) -> (number: Int, rest: String)? {
        guard body.hasPrefix("c") else { return nil }
        let digits = body.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits), body.dropFirst(1 + digits.count).hasPrefix("::") else {
            return nil
        }
        return (number, String(body.dropFirst(3 + digits.count)))
    }
}
