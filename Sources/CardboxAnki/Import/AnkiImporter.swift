import Foundation

/// `cardbox import`: reads an `.apkg`, `.colpkg` or Anki text export and writes Markdown decks (and
/// their media) into a folder.
public enum AnkiImporter {
    /// What an import did, for the command to report.
    public struct Report: Sendable {
        public var notes = 0
        public var cards = 0
        public var skipped: [String] = []
        public var decks = 0
        public var media = 0
        public var written: [String] = []
        public var unchanged: [String] = []
        public var kept: [(path: String, newVersion: String?)] = []
        /// The collection read, for `--with-progress` (nil for a text file).
        public var collection: AnkiCollection?
    }

    /// Imports `file` into `folder`. Throws an `AnkiError` (and writes nothing) on bad input.
    public static func run(file: URL, into folder: URL, limits: AnkiLimits = .standard) throws -> Report {
        // Fields are HTML: without libxml2 nothing could be read right, so say what to install first.
        _ = try LibXML2.loaded()
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: file.path, isDirectory: &isFolder) else {
            throw AnkiError("\(file.path): no such file")
        }
        if isFolder.boolValue {
            throw AnkiError("\(file.path): is a folder; name an Anki package (.apkg, .colpkg) or text export (.txt)")
        }
        let scratch = fileManager.temporaryDirectory.appendingPathComponent("cardbox-import-\(UUID().uuidString)")
        try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: scratch) }

        let collection: AnkiCollection
        var package: AnkiPackage?
        var pinnedIDs: [Int64: String] = [:]
        if try isZip(file) {
            let opened = try AnkiPackage(url: file, scratch: scratch, limits: limits)
            package = opened
            collection = try AnkiCollectionReader.read(opened.collectionURL, name: file.lastPathComponent)
        } else {
            guard try AnkiTextReader.looksLikeAnkiText(file) else {
                throw AnkiError(
                    "\(file.path): not an Anki package (.apkg, .colpkg) or Anki text export (.txt, .csv, .tsv)")
            }
            let text = try AnkiTextReader.read(file)
            collection = text.collection
            pinnedIDs = text.pinnedIDs
        }

        var report = Report()
        let cardsByNote = Dictionary(grouping: collection.cards, by: \.noteID)
        var converter = NoteConverter(mediaFiles: package?.media.map(\.name) ?? [])
        var byDeck: [String: [String]] = [:]
        var deckOrder: [String] = []
        for note in collection.notes {
            let cards = cardsByNote[note.id] ?? []
            do {
                let imported = try converter.convert(
                    note, pinnedID: pinnedIDs[note.id] ?? "anki-\(note.id)",
                    notetype: collection.notetypes[note.notetypeID],
                    cards: cards, decks: collection.decks)
                if byDeck[imported.deck] == nil { deckOrder.append(imported.deck) }
                byDeck[imported.deck, default: []].append(imported.markdown)
                report.notes += 1
                report.cards += cards.count
            } catch {
                let reason =
                    switch error {
                    case .noCards: "it has no cards"
                    case .emptyQuestion: "its first field is empty"
                    case .unknownNotetype: "its note type is missing from the collection"
                    }
                report.skipped.append("note \(note.id) skipped: \(reason)")
            }
        }
        var outputs: [ImportWriter.Output] = []
        var paths: [String: String] = [:]
        for deck in deckOrder {
            var path = DeckLayout.path(of: deck)
            // Two decks whose names differ only in characters made safe share no file.
            var number = 2
            while let other = paths[path.lowercased()], other != deck {
                path = String(DeckLayout.path(of: deck).dropLast(3)) + "-\(number).md"
                number += 1
            }
            paths[path.lowercased()] = deck
            let text = DeckLayout.file(deck: deck, cards: byDeck[deck] ?? [])
            outputs.append(ImportWriter.Output(path: path, isMedia: false) { Data(text.utf8) })
        }
        if let package {
            let wanted = converter.mediaNames.used
            for file in package.media {
                guard let safe = wanted[file.name] else { continue }
                outputs.append(ImportWriter.Output(path: "media/" + safe, isMedia: true) { try package.data(of: file) })
            }
            report.media = wanted.count
        }
        report.decks = deckOrder.count
        let result: ImportWriter.Result
        do {
            result = try ImportWriter(folder: folder).write(outputs)
        } catch let error as AnkiError {
            throw error
        } catch {
            throw AnkiError(
                "\(FileProblem.path(of: error) ?? folder.path): cannot write the decks (\(FileProblem.reason(error)))")
        }
        report.written = result.written
        report.unchanged = result.unchanged
        report.kept = result.kept
        report.collection = package == nil ? nil : collection
        return report
    }

    /// A zip file starts with `PK`.
    private static func isZip(_ file: URL) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw AnkiError("\(file.path): cannot read this file")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 2)) ?? Data()
        return head == Data("PK".utf8)
            || ["apkg", "colpkg"].contains(file.pathExtension.lowercased())
    }
}
