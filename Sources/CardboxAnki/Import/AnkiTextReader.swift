import Foundation

/// Reads Anki's plain-text export ("Notes in Plain Text"): rows of fields split by a separator,
/// quoted as CSV, with `#separator:`, `#html:`, `#columns:` (column names), `#deck:`, `#notetype:`,
/// `#tags:` and `#… column:N` header lines.
///
/// The notes are given the shape of a collection: Basic, Basic (and reversed card) and Cloze note
/// types by the note-type column's name, one deck per deck name. A note with a GUID column is
/// pinned to a hash of its GUID, else to a hash of its note type and first field.
enum AnkiTextReader {
    /// A text export is named `.txt`, `.csv` or `.tsv`, or starts with one of Anki's header lines;
    /// anything else (a Markdown deck given by mistake, say) is not read as one.
    static func looksLikeAnkiText(_ url: URL) throws -> Bool {
        if ["txt", "csv", "tsv"].contains(url.pathExtension.lowercased()) { return true }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AnkiError("\(url.path): cannot read this file")
        }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 64)) ?? Data(), as: UTF8.self).lowercased()
        return ["#separator:", "#html:", "#columns:", "#notetype", "#deck", "#guid", "#tags"].contains {
            head.hasPrefix($0) || head.hasPrefix("\u{FEFF}" + $0)
        }
    }

    static func read(_ url: URL) throws -> (collection: AnkiCollection, pinnedIDs: [Int64: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AnkiError("\(url.path): cannot read this file")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let line =
                data.prefix { _ in true }.split(separator: 0x0A, omittingEmptySubsequences: false)
                .firstIndex { String(validating: $0, as: UTF8.self) == nil }.map { $0 + 1 } ?? 1
            throw AnkiError("\(url.path):\(line): invalid UTF-8 (Anki's text export is UTF-8)")
        }
        var body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var header = Header(defaultDeck: url.deletingPathExtension().lastPathComponent)
        var lineNumber = 1
        while body.hasPrefix("#") {
            let end = body.firstIndex(where: \.isNewline) ?? body.endIndex
            header.read(String(body[body.index(after: body.startIndex)..<end]))
            body = end == body.endIndex ? "" : String(body[body.index(after: end)...])
            lineNumber += 1
        }
        let rows = try rows(of: body, separator: header.separator, firstLine: lineNumber, path: url.path)
        return build(rows, header: header)
    }

    /// What the header lines say.
    struct Header {
        var separator: Character = "\t"
        var html = false
        var guidColumn: Int?
        var notetypeColumn: Int?
        var deckColumn: Int?
        var tagsColumn: Int?
        var defaultDeck: String
        var defaultNotetype = "Basic"
        var tags: [String] = []

        init(defaultDeck: String) {
            self.defaultDeck = defaultDeck
        }

        mutating func read(_ line: String) {
            guard let colon = line.firstIndex(of: ":") else { return }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            let column = Int(value).map { $0 - 1 }
            switch key {
            case "separator":
                let names: [String: Character] = [
                    "tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":",
                ]
                separator = names[value.lowercased()] ?? value.first ?? "\t"
            case "html": html = value.lowercased() == "true"
            case "guid column": guidColumn = column
            case "notetype column": notetypeColumn = column
            case "deck column": deckColumn = column
            case "tags column": tagsColumn = column
            case "deck": defaultDeck = value
            case "notetype": defaultNotetype = value
            case "tags": tags = value.split(separator: " ").map(String.init)
            case "columns":
                // Named columns: a Tags, Deck, Notetype or GUID column is read as such unless a
                // `#… column:` line already said where it is.
                for (index, name) in value.split(separator: separator, omittingEmptySubsequences: false).enumerated() {
                    switch name.trimmingCharacters(in: .whitespaces).lowercased() {
                    case "tags": tagsColumn = tagsColumn ?? index
                    case "deck": deckColumn = deckColumn ?? index
                    case "notetype", "note type": notetypeColumn = notetypeColumn ?? index
                    case "guid": guidColumn = guidColumn ?? index
                    default: break
                    }
                }
            default: break
            }
        }
    }

    /// CSV rows: fields split by `separator`, `"…"` quoting with `""` for a quote, newlines kept in quotes.
    static func rows(of text: String, separator: Character, firstLine: Int, path: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = firstLine
        var quoteLine = firstLine
        var characters = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return characters.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
                continue
            }
            if character == "\"", atFieldStart {
                quoted = true
                quoteLine = line
                atFieldStart = false
            } else if character == separator {
                row.append(field)
                field = ""
                atFieldStart = true
            } else if character.isNewline {
                row.append(field)
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
                field = ""
                atFieldStart = true
                line += 1
            } else {
                field.append(character)
                atFieldStart = false
            }
        }
        if quoted { throw AnkiError("\(path):\(quoteLine): quoted field is never closed") }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    private static func build(
        _ rows: [[String]], header: Header
    ) -> (collection: AnkiCollection, pinnedIDs: [Int64: String]) {
        let basic = AnkiCollection.Notetype(
            id: 1, name: "Basic", isCloze: false, fieldNames: ["Front", "Back"], questionFormats: ["{{Front}}"])
        let reversed = AnkiCollection.Notetype(
            id: 2, name: "Basic (and reversed card)", isCloze: false, fieldNames: ["Front", "Back"],
            questionFormats: ["{{Front}}", "{{Back}}"])
        let cloze = AnkiCollection.Notetype(
            id: 3, name: "Cloze", isCloze: true, fieldNames: ["Text", "Back Extra"], questionFormats: ["{{cloze:Text}}"]
        )
        var collection = AnkiCollection(
            notetypes: [1: basic, 2: reversed, 3: cloze], decks: [:], notes: [], cards: [], reviews: [])
        var deckIDs: [String: Int64] = [:]
        var pinnedIDs: [Int64: String] = [:]
        let special = Set(
            [header.guidColumn, header.notetypeColumn, header.deckColumn, header.tagsColumn].compactMap { $0 })
        for (index, row) in rows.enumerated() {
            let value = { (column: Int?) in column.flatMap { $0 < row.count ? row[$0] : nil } }
            var fields = row.indices.filter { !special.contains($0) }.map { row[$0] }
            if !header.html {
                fields = fields.map {
                    $0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: "<br>")
                }
            }
            let notetypeName = value(header.notetypeColumn) ?? header.defaultNotetype
            let deck = value(header.deckColumn).flatMap { $0.isEmpty ? nil : $0 } ?? header.defaultDeck
            let deckID = deckIDs[deck] ?? Int64(deckIDs.count + 1)
            deckIDs[deck] = deckID
            collection.decks[deckID] = deck
            let noteID = Int64(index + 1)
            let lowered = notetypeName.lowercased()
            var ordinals = [0]
            let notetype: AnkiCollection.Notetype
            if lowered.contains("cloze") {
                notetype = cloze
                ordinals = ClozeMarkers.mark(fields.first ?? "").numbers.sorted().map { $0 - 1 }
            } else if lowered.contains("reversed"),
                !lowered.contains("optional") || fields.count > 2 && !fields[2].isEmpty
            {
                notetype = reversed
                ordinals = [0, 1]
            } else {
                notetype = basic
            }
            let tags = (value(header.tagsColumn) ?? "").split(separator: " ").map(String.init) + header.tags
            let guid = value(header.guidColumn)
            collection.notes.append(
                AnkiCollection.Note(id: noteID, guid: guid ?? "", notetypeID: notetype.id, fields: fields, tags: tags))
            for ordinal in ordinals {
                collection.cards.append(
                    AnkiCollection.Card(
                        id: noteID * 1000 + Int64(ordinal), noteID: noteID, deckID: deckID, ordinal: ordinal,
                        interval: 0))
            }
            let identity = guid.map { "guid:" + $0 } ?? "\(notetype.name)\u{1F}\(fields.first ?? "")"
            pinnedIDs[noteID] = "anki-t" + ImportManifest.hash(Data(identity.utf8))
        }
        return (collection, pinnedIDs)
    }
}
