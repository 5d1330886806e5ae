import CardboxEngine
import Foundation

/// The Markdown a card was written with, cut from its deck file: the text after its `Q:`, `R:` or
/// `C:` marker, and after its `A:`.
struct CardSource {
    var question: String
    var answer: String
    /// From a `<!-- tags: a b -->` line after the card (as `cardbox import` writes Anki's tags).
    var tags: [String] = []

    /// Reads each deck file once; cards are found by the line of their marker.
    final class Reader {
        private var files: [String: (lines: [Substring], starts: [Int])] = [:]

        /// The card written at `location`, or nil when its file cannot be read again.
        func source(at location: SourceLocation) -> CardSource? {
            guard let file = file(location.path), location.line >= 1, location.line <= file.lines.count else {
                return nil
            }
            // The card runs to the next heading, card or id line.
            let end = file.starts.first { $0 > location.line } ?? file.lines.count + 1
            var lines = Array(file.lines[(location.line - 1)..<(end - 1)])
            // Comments (an id or tags line), thematic breaks and blank lines at the end are not the card's.
            var tags: [String] = []
            while let last = lines.last?.trimmingCharacters(in: .whitespaces),
                last.isEmpty || (last.hasPrefix("<!--") && last.hasSuffix("-->")) || last.allSatisfy({ $0 == "-" })
                    || last.allSatisfy({ $0 == "*" })
            {
                if last.hasPrefix("<!-- tags:") {
                    tags = last.dropFirst(10).dropLast(3).split(separator: " ").map(String.init) + tags
                }
                lines.removeLast()
            }
            guard let first = lines.first else { return nil }
            lines[0] = Self.droppingMarker(first)
            var fence: Substring?
            for (index, line) in lines.enumerated().dropFirst() {
                let trimmed = line.drop { $0 == " " }
                if let open = fence {
                    if trimmed.hasPrefix(open) { fence = nil }
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    fence = trimmed.prefix { $0 == trimmed.first }
                    continue
                }
                if trimmed.hasPrefix("A:") {
                    let question = lines[..<index].joined(separator: "\n")
                    var answer = Array(lines[index...])
                    answer[0] = Self.droppingMarker(answer[0])
                    return CardSource(
                        question: question.trimmingCharacters(in: .whitespacesAndNewlines),
                        answer: answer.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                        tags: tags)
                }
            }
            return CardSource(
                question: lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines), answer: "",
                tags: tags)
        }

        private static func droppingMarker(_ line: Substring) -> Substring {
            let trimmed = line.drop { $0 == " " }
            return trimmed.count >= 2 ? trimmed.dropFirst(2) : trimmed
        }

        private func file(_ path: String) -> (lines: [Substring], starts: [Int])? {
            if let file = files[path] { return file }
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            var starts: [Int] = []
            for item in ContentLoader.parseFile(path).items {
                switch item {
                case let .heading(_, _, line): starts.append(line)
                case let .cards(line, _): starts.append(line)
                }
            }
            // An id line before a card belongs to the card after it.
            for (index, line) in lines.enumerated()
            where line.trimmingCharacters(in: .whitespaces).hasPrefix("<!-- id:") {
                starts.append(index + 1)
            }
            let file = (lines, starts.sorted())
            files[path] = file
            return file
        }
    }
}
