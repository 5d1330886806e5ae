import GRDB

/// Remembers, for each orphan that matched no card, the cards it was compared with (as one
/// fingerprint of their keys), so that the next start does not compare them again. A new or
/// changed card changes the fingerprint of its deck and kind, and only then are they compared.
enum OrphanChecks {
    static let createTable = """
        CREATE TABLE orphan_check (
            deck TEXT NOT NULL,
            card_key TEXT NOT NULL,
            candidates INTEGER NOT NULL,
            PRIMARY KEY (deck, card_key)
        ) WITHOUT ROWID
        """

    /// An orphan's identity in the table.
    struct Key: Hashable {
        var deck: String
        var key: String
    }

    /// The fingerprint of each group's candidate cards: a hash of their keys in order.
    static func fingerprints(candidates: [Int], in collection: CardCollection) -> [OrphanMatcher.Group: Int64] {
        var keys: [OrphanMatcher.Group: [String]] = [:]
        for index in candidates {
            let card = collection.cards[index]
            if let group = OrphanMatcher.group(deck: card.deck, key: card.key) {
                keys[group, default: []].append(card.key)
            }
        }
        return keys.mapValues { list in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for key in list.sorted() {
                for byte in key.utf8 {
                    hash ^= UInt64(byte)
                    hash &*= 0x0000_0100_0000_01B3
                }
                hash ^= 0xFF
                hash &*= 0x0000_0100_0000_01B3
            }
            return Int64(bitPattern: hash)
        }
    }

    /// Every remembered check; none when the file predates the table (it is read-only, say).
    static func read(_ db: Database) throws -> [Key: Int64] {
        guard try db.tableExists("orphan_check") else { return [:] }
        var checks: [Key: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT deck, card_key, candidates FROM orphan_check")
        while let row = try rows.next() {
            guard let deck = row[0] as String?, let key = row[1] as String?, let value = row[2] as Int64? else {
                continue
            }
            checks[Key(deck: deck, key: key)] = value
        }
        return checks
    }

    /// Remembers that `orphans` matched none of the candidates their fingerprints stand for.
    static func remember(
        _ orphans: [OrphanMatcher.Orphan], fingerprints: [OrphanMatcher.Group: Int64], in writer: any DatabaseWriter
    ) throws {
        guard !orphans.isEmpty else { return }
        try writer.write { db in
            guard try db.tableExists("orphan_check") else { return }
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO orphan_check (deck, card_key, candidates) VALUES (?, ?, ?)
                    ON CONFLICT (deck, card_key) DO UPDATE SET candidates = excluded.candidates
                    """)
            for orphan in orphans {
                guard let group = OrphanMatcher.group(deck: orphan.deck, key: orphan.key),
                    let fingerprint = fingerprints[group]
                else { continue }
                try statement.execute(arguments: [orphan.deck, orphan.key, fingerprint])
            }
        }
    }

    /// Forgets an orphan that was matched or removed.
    static func forget(_ db: Database, deck: String, key: String) throws {
        guard try db.tableExists("orphan_check") else { return }
        try db.execute(sql: "DELETE FROM orphan_check WHERE deck = ? AND card_key = ?", arguments: [deck, key])
    }
}
