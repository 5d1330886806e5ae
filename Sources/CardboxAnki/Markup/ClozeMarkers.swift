/// Anki's cloze deletions `{{c1::text::hint}}` carried through the HTML conversion.
///
/// Before the HTML is parsed, each outermost deletion is marked with private-use characters that the
/// parser and the Markdown escaping leave alone; afterwards they become the deck format's numbered
/// gaps `[c1::text::hint]`. A deletion nested inside another keeps its text but not its gap (a deck
/// cannot nest gaps), and an empty deletion is dropped.
enum ClozeMarkers {
    static let open: Character = "\u{E010}"
    static let number: Character = "\u{E011}"
    static let hint: Character = "\u{E012}"
    static let close: Character = "\u{E013}"

    /// The field with its outermost deletions marked, and the cloze numbers found.
    static func mark(_ field: String) -> (text: String, numbers: Set<Int>) {
        var result = ""
        var numbers = Set<Int>()
        var depth = 0
        var hintSeen = false
        var index = field.startIndex
        while index < field.endIndex {
            let rest = field[index...]
            if rest.hasPrefix("{{c"), let parsed = deletionStart(rest) {
                depth += 1
                if depth == 1 {
                    numbers.insert(parsed.number)
                    result.append(open)
                    result += String(parsed.number)
                    result.append(number)
                    hintSeen = false
                }
                index = parsed.end
            } else if depth > 0, rest.hasPrefix("}}") {
                depth -= 1
                if depth == 0 { result.append(close) }
                index = field.index(index, offsetBy: 2)
            } else if depth == 1, !hintSeen, rest.hasPrefix("::") {
                hintSeen = true
                result.append(hint)
                index = field.index(index, offsetBy: 2)
            } else {
                result.append(field[index])
                index = field.index(after: index)
            }
        }
        if depth > 0 { result.append(close) }
        return (result, numbers)
    }

    private static func deletionStart(_ text: Substring) -> (number: Int, end: String.Index)? {
        var index = text.index(text.startIndex, offsetBy: 3)
        var digits = ""
        while index < text.endIndex, let digit = text[index].wholeNumberValue, text[index].isASCII {
            digits += String(digit)
            index = text.index(after: index)
        }
        guard !digits.isEmpty, digits.count < 6, let number = Int(digits), text[index...].hasPrefix("::") else {
            return nil
        }
        return (number, text.index(index, offsetBy: 2))
    }

    /// Turns the marks in converted Markdown into gaps `[cN::text::hint]`; empty gaps become plain text.
    static func gaps(in markdown: String) -> String {
        var result = ""
        var pending = ""
        var inGap = false
        for character in markdown {
            switch character {
            case open:
                inGap = true
                pending = "[c"
            case number where inGap:
                pending += "::"
            case hint where inGap:
                pending += "::"
            case close where inGap:
                let body = pending.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
                let text = body.count == 3 ? body[2].trimmingCharacters(in: .whitespaces) : ""
                if text.isEmpty || text.hasPrefix("::") {
                    // An empty deletion: its hint, if any, stays as text.
                    result += text.hasPrefix("::") ? String(text.dropFirst(2)) : ""
                } else {
                    result += pending + "]"
                }
                inGap = false
                pending = ""
            case open, number, hint, close:
                break
            default:
                if inGap {
                    pending.append(character)
                } else {
                    result.append(character)
                }
            }
        }
        return result + pending
    }
}
