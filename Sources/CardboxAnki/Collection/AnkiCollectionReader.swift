import Foundation
import GRDB

/// Reads an Anki collection file of schema 11 (note types and decks as JSON in `col`) or of
/// schema 15–18 (tables `notetypes`, `fields`, `templates`, `decks` with protobuf configuration).
public enum AnkiCollectionReader {
    /// The newest schema this reader knows.
    static let newestSchema = 18

    public static func read(_ url: URL, name: String) throws -> AnkiCollection {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { db in
            // Anki's tables compare names with its own case-insensitive collation.
            db.add(
                collation: DatabaseCollation("unicase") { first, second in
                    first.lowercased() < second.lowercased()
                        ? .orderedAscending
                        : first.lowercased() == second.lowercased() ? .orderedSame : .orderedDescending
                })
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
        } catch {
            throw AnkiError("\(name): the collection is not an SQLite database")
        }
        do {
            return try queue.read { db in
                let version = try Int.fetchOne(db, sql: "SELECT ver FROM col") ?? 0
                if version > newestSchema {
                    throw AnkiError(
                        "\(name): collection schema \(version) is newer than cardbox reads (up to \(newestSchema)); "
                            + "export it from Anki with \"Support older Anki versions\" ticked")
                }
                let notetypes: [Int64: AnkiCollection.Notetype]
                let decks: [Int64: String]
                if version >= 15 {
                    notetypes = try tableNotetypes(db, name: name)
                    decks = try Dictionary(
                        uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, CAST(name AS BLOB) AS name FROM decks")
                            .map { row in
                                (
                                    row["id"] as Int64,
                                    try text(row, "name", name: name).replacingOccurrences(of: "\u{1F}", with: "::")
                                )
                            })
                } else {
                    let row = try Row.fetchOne(
                        db, sql: "SELECT CAST(models AS BLOB) AS models, CAST(decks AS BLOB) AS decks FROM col")
                    guard let row else { throw AnkiError("\(name): the collection has no col row") }
                    notetypes = try jsonNotetypes(try text(row, "models", name: name), name: name)
                    decks = try jsonDecks(try text(row, "decks", name: name), name: name)
                }
                let notes = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, CAST(guid AS BLOB) AS guid, mid, CAST(tags AS BLOB) AS tags,
                            CAST(flds AS BLOB) AS flds FROM notes ORDER BY id
                        """
                ).map {
                    row in
                    let id: Int64 = row["id"]
                    let fields = try text(row, "flds", name: name, note: id)
                    return AnkiCollection.Note(
                        id: id, guid: try text(row, "guid", name: name, note: id), notetypeID: row["mid"],
                        fields: fields.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init),
                        tags: try text(row, "tags", name: name, note: id).split(separator: " ").map(String.init))
                }
                let cards = try Row.fetchAll(
                    db, sql: "SELECT id, nid, did, odid, ord, type, ivl FROM cards ORDER BY nid, ord"
                )
                .map { row in
                    let odid: Int64 = row["odid"]
                    let type: Int = row["type"]
                    let interval: Int = row["ivl"]
                    return AnkiCollection.Card(
                        id: row["id"], noteID: row["nid"], deckID: odid != 0 ? odid : row["did"],
                        ordinal: row["ord"], interval: type == 2 ? max(0, interval) : 0)
                }
                let reviews = try Row.fetchAll(db, sql: "SELECT id, cid, ease, ivl FROM revlog ORDER BY id").map {
                    row in
                    AnkiCollection.Review(id: row["id"], cardID: row["cid"], ease: row["ease"], interval: row["ivl"])
                }
                return AnkiCollection(notetypes: notetypes, decks: decks, notes: notes, cards: cards, reviews: reviews)
            }
        } catch let error as AnkiError {
            throw error
        } catch let error as DatabaseError {
            throw AnkiError(
                "\(name): the collection cannot be read (\(error.message ?? "SQLite error \(error.resultCode)"))")
        }
    }

    /// A text column as UTF-8, read from its raw bytes (selected `CAST(… AS BLOB)`) so that invalid UTF-8 is reported, not replaced.
    static func text(_ row: Row, _ column: String, name: String, note: Int64? = nil) throws -> String {
        guard let data = row[column] as Data? else { return "" }
        guard let text = String(validating: data, as: UTF8.self) else {
            let owner = note.map { "note \($0)" } ?? "the collection's \(column)"
            throw AnkiError("\(name): \(owner) has invalid UTF-8 in \(column == "flds" ? "a field" : column)")
        }
        return text
    }

    private static func tableNotetypes(_ db: Database, name: String) throws -> [Int64: AnkiCollection.Notetype] {
        var notetypes: [Int64: AnkiCollection.Notetype] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, CAST(name AS BLOB) AS name, config FROM notetypes") {
            let id: Int64 = row["id"]
            var isCloze = false
            let config = (row["config"] as Data?).map { [UInt8]($0) } ?? []
            do {
                for field in try ProtobufReader.fields(of: config) where field.field == 1 {
                    isCloze = field.value.integer == 1
                }
            } catch {
                throw AnkiError("\(name): note type \(id) has a damaged configuration")
            }
            notetypes[id] = AnkiCollection.Notetype(
                id: id, name: try text(row, "name", name: name), isCloze: isCloze, fieldNames: [], questionFormats: [])
        }
        for row in try Row.fetchAll(db, sql: "SELECT ntid, CAST(name AS BLOB) AS name FROM fields ORDER BY ntid, ord") {
            notetypes[row["ntid"]]?.fieldNames.append(try text(row, "name", name: name))
        }
        for row in try Row.fetchAll(db, sql: "SELECT ntid, config FROM templates ORDER BY ntid, ord") {
            var format = ""
            let config = (row["config"] as Data?).map { [UInt8]($0) } ?? []
            for field in (try? ProtobufReader.fields(of: config)) ?? [] where field.field == 1 {
                format = field.value.string ?? ""
            }
            notetypes[row["ntid"]]?.questionFormats.append(format)
        }
        return notetypes
    }

    private static func jsonObject(_ json: String, what: String, name: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw AnkiError("\(name): the collection's \(what) are not valid JSON")
        }
        return object
    }

    private static func jsonNotetypes(_ json: String, name: String) throws -> [Int64: AnkiCollection.Notetype] {
        var notetypes: [Int64: AnkiCollection.Notetype] = [:]
        for (key, value) in try jsonObject(json, what: "note types", name: name) {
            guard let model = value as? [String: Any], let id = Int64(key) else { continue }
            let fields = (model["flds"] as? [[String: Any]] ?? []).sorted {
                ($0["ord"] as? Int ?? 0) < ($1["ord"] as? Int ?? 0)
            }
            let templates = (model["tmpls"] as? [[String: Any]] ?? []).sorted {
                ($0["ord"] as? Int ?? 0) < ($1["ord"] as? Int ?? 0)
            }
            notetypes[id] = AnkiCollection.Notetype(
                id: id, name: model["name"] as? String ?? "", isCloze: model["type"] as? Int == 1,
                fieldNames: fields.map { $0["name"] as? String ?? "" },
                questionFormats: templates.map { $0["qfmt"] as? String ?? "" })
        }
        return notetypes
    }

    private static func jsonDecks(_ json: String, name: String) throws -> [Int64: String] {
        var decks: [Int64: String] = [:]
        for (key, value) in try jsonObject(json, what: "decks", name: name) {
            guard let deck = value as? [String: Any], let id = Int64(key) else { continue }
            decks[id] = deck["name"] as? String ?? "Default"
        }
        return decks
    }
}
