import CardboxEngine
import Foundation
import ZIPFoundation

/// `cardbox export --apkg`: writes decks as an Anki package of the legacy layout (schema 11,
/// `collection.anki21`), which current Anki, AnkiDroid and AnkiMobile import.
///
/// A `Q:` card is a Basic note, an `R:` card a Basic (and reversed card) note, a `C:` cloze a Cloze
/// note; decks and headings become nested Anki decks (`Deck::Topic::Sub`). Sides are rendered to
/// HTML by cmark-gfm; local images go into the package. Each note's GUID is made from its deck and
/// card family, so a re-export after an edit updates the note in Anki instead of adding another.
public enum AnkiExporter {
    /// What an export wrote.
    public struct Report: Sendable {
        public var notes = 0
        public var cards = 0
        public var media = 0
        public var skipped: [String] = []
    }

    /// Exports the cards under topic node `scope` (0: every deck) of `collection` to `file`.
    public static func run(collection: CardCollection, scope: Int = 0, to file: URL, now: Date) throws -> Report {
        // The sort field is each note's first field as plain text, read with libxml2.
        _ = try LibXML2.loaded()
        var report = Report()
        let reader = CardSource.Reader()
        var media = ExportMedia()
        var notes: [ExportNote] = []
        var seen: [String: Int] = [:]
        let cards = collection.cards[collection.nodes[scope].cardRange]
        var families: [(key: String, cards: [Card])] = []
        for card in cards {
            let key = card.deck + "\u{1F}" + card.family
            if let index = seen[key] {
                families[index].cards.append(card)
            } else {
                seen[key] = families.count
                families.append((key, [card]))
            }
        }
        for family in families {
            let first = family.cards[0]
            guard let source = reader.source(at: first.source) else {
                report.skipped.append("\(first.source): cannot read the card again; left out")
                continue
            }
            let deck = collection.path(of: first.topic).map {
                $0.replacingOccurrences(of: "::", with: ":").trimmingCharacters(in: .whitespaces)
            }.joined(separator: "::")
            let folder = URL(fileURLWithPath: first.source.path).deletingLastPathComponent()
            let render = { (markdown: String) in
                MarkdownToHTML.render(markdown) { address in media.name(for: address, relativeTo: folder) }
            }
            var note: ExportNote
            let guid = "cb" + String(UInt64(bitPattern: AnkiCollectionWriter.stableID(family.key)), radix: 36)
            if case .cloze = first.kind {
                let text = ClozeToAnki.convert(source.question)
                let html = render(text)
                note = ExportNote(
                    kind: .cloze, guid: guid, deck: deck, fields: [html, ""], ordinals: Self.clozeOrdinals(html),
                    tags: [])
            } else {
                let reversed = family.cards.contains { $0.kind == .reversed }
                note = ExportNote(
                    kind: reversed ? .reversed : .basic, guid: guid, deck: deck,
                    fields: [render(source.question), render(source.answer)], ordinals: reversed ? [0, 1] : [0],
                    tags: [])
            }
            note.tags = source.tags
            report.cards += note.ordinals.count
            notes.append(note)
        }
        report.notes = notes.count
        report.media = media.files.count
        try writePackage(notes, media: media, to: file, now: now)
        return report
    }

    /// The card ordinals of a cloze: each deletion number − 1.
    static func clozeOrdinals(_ text: String) -> [Int] {
        var numbers = Set<Int>()
        var rest = text[...]
        while let range = rest.range(of: "{{c") {
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let number = Int(digits), rest[range.upperBound...].dropFirst(digits.count).hasPrefix("::") {
                numbers.insert(number)
            }
            rest = rest[range.upperBound...]
        }
        return numbers.sorted().map { $0 - 1 }
    }

    private static func writePackage(_ notes: [ExportNote], media: ExportMedia, to file: URL, now: Date) throws {
        let fileManager = FileManager.default
        let scratch = fileManager.temporaryDirectory.appendingPathComponent("cardbox-export-\(UUID().uuidString)")
        try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: scratch) }
        let collectionURL = scratch.appendingPathComponent("collection.anki21")
        try AnkiCollectionWriter.write(notes, to: collectionURL, now: now)

        let partial = file.deletingLastPathComponent().appendingPathComponent(
            ".\(file.lastPathComponent).\(UUID().uuidString).partial")
        defer { try? fileManager.removeItem(at: partial) }
        do {
            let archive = try Archive(url: partial, accessMode: .create)
            try archive.addEntry(
                with: "collection.anki21", fileURL: collectionURL, compressionMethod: .deflate)
            var index: [String: String] = [:]
            for (number, entry) in media.files.enumerated() {
                index[String(number)] = entry.name
                try archive.addEntry(with: String(number), fileURL: entry.url, compressionMethod: .deflate)
            }
            let indexData = try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys])
            try archive.addEntry(
                with: "media", type: .file, uncompressedSize: Int64(indexData.count), compressionMethod: .deflate
            ) { position, size in indexData.subdata(in: Int(position)..<Int(position) + size) }
        } catch {
            let folder = file.deletingLastPathComponent()
            throw AnkiError(
                "\(file.path): cannot write the package (\(FileProblem.writing(into: folder) ?? FileProblem.reason(error)))"
            )
        }
        if rename(partial.path, file.path) != 0 {
            throw AnkiError("\(file.path): cannot write (\(String(cString: strerror(errno))))")
        }
    }
}

/// The local images that exported cards show, each under a unique safe name.
struct ExportMedia {
    private(set) var files: [(name: String, url: URL)] = []
    private var byPath: [String: String] = [:]

    /// The name in the package for a local image, or nil for an address that is not a readable file.
    mutating func name(for address: String, relativeTo folder: URL) -> String? {
        guard !address.contains("://"), !address.hasPrefix("data:") else { return nil }
        let path = (address.removingPercentEncoding ?? address)
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        let resolved = url.standardizedFileURL.path
        if let name = byPath[resolved] { return name }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder), !isFolder.boolValue else {
            return nil
        }
        let safe = SafeName.media(url.lastPathComponent)
        var name = safe
        var number = 2
        while files.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            let ext = (safe as NSString).pathExtension
            let stem = (safe as NSString).deletingPathExtension
            name = ext.isEmpty ? "\(stem)-\(number)" : "\(stem)-\(number).\(ext)"
            number += 1
        }
        files.append((name, URL(fileURLWithPath: resolved)))
        byPath[resolved] = name
        return name
    }
}
