/// Where an Anki deck's cards go: `Parent::Child::Leaf` → `Parent/Child/Leaf.md` with the title
/// `Parent` and the headings `# Child`, `## Leaf`, so the topic tree keeps Anki's hierarchy.
enum DeckLayout {
    /// The deck's levels, each made safe as a file name.
    static func components(of deck: String) -> [String] {
        let parts = deck.components(separatedBy: "::").map { SafeName.component($0) }
        return parts.isEmpty ? ["Default"] : parts
    }

    /// The deck file's path relative to the import folder.
    static func path(of deck: String) -> String {
        components(of: deck).joined(separator: "/") + ".md"
    }

    /// The cardbox deck title of an Anki deck: its top level.
    static func title(of deck: String) -> String {
        let top = deck.components(separatedBy: "::")[0].trimmingCharacters(in: .whitespaces).filter { !$0.isNewline }
        return top.isEmpty ? "Default" : top
    }

    /// The deck file's text: front matter, headings, then the cards.
    static func file(deck: String, cards: [String]) -> String {
        let levels = deck.components(separatedBy: "::").map { $0.trimmingCharacters(in: .whitespaces) }
        var text = "---\ntitle: \(title(of: deck))\n---\n"
        for (index, level) in levels.dropFirst().enumerated() {
            text +=
                "\n" + String(repeating: "#", count: index + 1) + " "
                + HTMLToMarkdown.escape(level.isEmpty ? "untitled" : level)
                + "\n"
        }
        for card in cards { text += "\n" + card }
        return text
    }
}
