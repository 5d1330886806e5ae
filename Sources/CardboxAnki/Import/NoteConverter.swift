import Foundation

/// Turns Anki notes into deck cards.
///
/// - a cloze note type → `C:` with numbered gaps `[cN::text::hint]` (its extra field follows as text);
/// - a note with a second card whose template asks the second field (Basic (and reversed card), and
///   (optional reversed card) when the reverse exists) → `R:`/`A:`;
/// - an Image Occlusion note → `Q:` its image and header, `A:` its other fields (the masks are lost);
/// - any other note → `Q:` from the first field, `A:` from the others.
///
/// Each card is pinned to `anki-<note id>`, so its cards' keys come from the note id and card
/// ordinal (`anki-<id>`, `anki-<id>-r`, `anki-<id>-<cloze number>`) and a second import of the same
/// package updates the same cards.
struct NoteConverter {
    /// Why a note was left out.
    enum Skip: Error {
        case noCards, emptyQuestion, unknownNotetype
    }

    let mediaNames: MediaNames

    init(mediaFiles: [String]) {
        mediaNames = MediaNames(available: mediaFiles)
    }

    /// The note as deck Markdown, in the deck of its first card.
    mutating func convert(
        _ note: AnkiCollection.Note, pinnedID: String, notetype: AnkiCollection.Notetype?, cards: [AnkiCollection.Card],
        decks: [Int64: String]
    ) throws(Skip) -> ImportedNote {
        guard let notetype else { throw .unknownNotetype }
        guard let first = cards.min(by: { $0.ordinal < $1.ordinal }) else { throw .noCards }
        let deck = decks[first.deckID] ?? "Default"
        let depth = DeckLayout.components(of: deck).count - 1
        let prefix = String(repeating: "../", count: depth) + "media/"
        let field = { (index: Int) in index < note.fields.count ? note.fields[index] : "" }
        var lines = ["<!-- id: \(pinnedID) -->"]
        if notetype.isCloze, field(0).contains("image-occlusion:") {
            // Image Occlusion: masks drawn over an image, which a deck cannot show; the image (and
            // the header) is the question, the remaining fields the answer, one card.
            let question = [1, 2].map { markdown(field($0), prefix: prefix) }.filter { !$0.isEmpty }
            guard !question.isEmpty else { throw .emptyQuestion }
            let answers = note.fields.dropFirst(3).map { markdown($0, prefix: prefix) }.filter { !$0.isEmpty }
            lines.append(side("Q:", question.joined(separator: "\n\n")))
            lines.append("")
            lines.append(side("A:", answers.isEmpty ? "*(no answer)*" : answers.joined(separator: "\n\n")))
        } else if notetype.isCloze {
            let marked = ClozeMarkers.mark(field(0))
            let text = ClozeMarkers.gaps(in: markdown(marked.text, prefix: prefix))
            guard !text.isEmpty else { throw .emptyQuestion }
            lines.append(side("C:", text))
            let extra = note.fields.dropFirst().map { markdown($0, prefix: prefix) }.filter { !$0.isEmpty }
            if !extra.isEmpty { lines.append("\n" + extra.joined(separator: "\n\n")) }
        } else {
            let question = markdown(field(0), prefix: prefix)
            guard !question.isEmpty else { throw .emptyQuestion }
            if Self.isReversed(notetype, cards: cards) {
                let answer = markdown(field(1), prefix: prefix)
                lines.append(side("R:", question))
                if question.contains("\n") { lines.append("") }
                lines.append(side("A:", answer.isEmpty ? "*(no answer)*" : answer))
            } else {
                let answers = note.fields.dropFirst().map { markdown($0, prefix: prefix) }.filter { !$0.isEmpty }
                lines.append(side("Q:", question))
                // A blank line keeps `A:` from continuing a list or table that ends the question.
                if question.contains("\n") { lines.append("") }
                lines.append(side("A:", answers.isEmpty ? "*(no answer)*" : answers.joined(separator: "\n\n")))
            }
        }
        let tags = note.tags.filter { !$0.isEmpty }
        if !tags.isEmpty {
            lines.append("\n<!-- tags: \(tags.joined(separator: " ").replacingOccurrences(of: "--", with: "- -")) -->")
        }
        return ImportedNote(deck: deck, markdown: lines.joined(separator: "\n") + "\n")
    }

    /// A card whose second template asks the second field is the reverse of the first.
    static func isReversed(_ notetype: AnkiCollection.Notetype, cards: [AnkiCollection.Card]) -> Bool {
        guard notetype.fieldNames.count >= 2, notetype.questionFormats.count >= 2,
            cards.contains(where: { $0.ordinal == 1 })
        else { return false }
        let front = notetype.fieldNames[0]
        let back = notetype.fieldNames[1]
        return notetype.questionFormats[0].contains("{{\(front)}}")
            && notetype.questionFormats[1].contains("{{\(back)}}")
    }

    /// `Q: text`, or the marker on a line of its own when the side opens with a list, code or a table.
    private func side(_ marker: String, _ text: String) -> String {
        let opensBlock =
            text.hasPrefix("- ") || text.hasPrefix("```") || text.hasPrefix("~~~~") || text.hasPrefix("| ")
            || text.prefix(while: \.isNumber).count > 0 && text.drop(while: \.isNumber).hasPrefix(". ")
        return opensBlock ? "\(marker)\n\n\(text)" : "\(marker) \(text)"
    }

    /// A field's Markdown, images pointing into `media/` and `[sound:…]` as links to the file.
    private func markdown(_ html: String, prefix: String) -> String {
        let names = mediaNames
        let text = HTMLToMarkdown.convert(html) { source in
            names.name(for: source).map { prefix + $0 }
        }
        return Self.soundLinks(in: text) { reference in names.name(for: reference).map { prefix + $0 } }
    }

    /// Anki's `[sound:file.mp3]` (escaped by the conversion) → a link to the copied file.
    static func soundLinks(in text: String, resolve: (String) -> String?) -> String {
        guard text.contains("\\[sound:") else { return text }
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: "\\[sound:") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            guard let end = after.range(of: "\\]") else {
                result += rest[start.lowerBound...]
                return result
            }
            let escapedName = String(after[..<end.lowerBound])
            let name = escapedName.replacingOccurrences(of: "\\", with: "")
            if let path = resolve(name) {
                result += "[sound: \(escapedName)](\(path))"
            } else {
                result += rest[start.lowerBound..<end.upperBound]
            }
            rest = after[end.upperBound...]
        }
        return result + rest
    }
}
