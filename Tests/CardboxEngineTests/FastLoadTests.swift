import Foundation
import GRDBSQLite
import XCTest

@testable import CardboxEngine

/// Loading progress from raw bytes gives exactly what reading every deck and key as a String gives:
/// several decks, orphans, rows of decks not loaded, cards never reviewed, and the cases where the
/// byte path must step aside (odd spellings, keys that are not ASCII).
final class FastLoadTests: XCTestCase {
    private let now = Fixtures.date("2026-01-01 10:00")

    private func collection() -> CardCollection {
        Fixtures.collection([
            (
                "a.md",
                "---\ntitle: Alpha\n---\n# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n\nC: [three] and [four]\n\n<!-- id: pinned-id-that-is-longer-than-twenty-four -->\nQ: five\nA: 5"
            ),
            (
                "b.md",
                "---\ntitle: Français\n---\nQ: un\nA: 1\n\nQ: deux\nA: 2\n\nQ: How many containers can an inference pipeline hold at most?\nA: 15"
            ),
            ("c.md", "---\ntitle: Gamma\n---\nQ: alone\nA: x"),
        ])
    }

    private func store(
        _ store: ProgressStore, deck: String, key: String, box: Int, day: Double, question: String = ""
    ) throws {
        // A stored state of any box, planted as a row: answers could only reach it day by day.
        let time = now.addingTimeInterval(day * 86_400)
        try store.dbWriter.write { db in
            try CardStateRecord.store(
                db, CardID(deck: deck, key: key),
                state: CardState(box: box, lastReview: time, missed: box % 2 == 0, firstReview: now),
                question: question)
        }
    }

    private func assertSameAsStringPath(
        _ store: ProgressStore, _ deck: CardCollection, fast: Bool,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let scanned = try store.scanStates(deck)
        XCTAssertEqual(scanned != nil, fast, "byte path taken", file: file, line: line)
        let loaded = try store.loadProgress(for: deck, persistMoves: false, now: now)
        let expected = try store.loadProgressByStrings(for: deck, persistMoves: false, now: now)
        XCTAssertEqual(loaded.states, expected.states, file: file, line: line)
        XCTAssertEqual(loaded.moved, expected.moved, file: file, line: line)
        XCTAssertEqual(loaded.orphans, expected.orphans, file: file, line: line)
        // Read ahead of the decks, as the app does while they load: the same result.
        let prefetched = try store.loadProgress(
            for: deck, persistMoves: false, now: now, prefetched: try store.prefetchStates())
        XCTAssertEqual(prefetched.states, expected.states, file: file, line: line)
        XCTAssertEqual(prefetched.moved, expected.moved, file: file, line: line)
        XCTAssertEqual(prefetched.orphans, expected.orphans, file: file, line: line)
    }

    func testTheUsualRowReaderAgreesWithTheValidatedOne() throws {
        // Each column's values: usual ones, edges, and what a hand-edited file may hold.
        let wholes = ["1", "0", "-1", "5", "10", "11", "1.0", "2.5", "NULL", "'3'", "x'01'", "9223372036854775807"]
        let times = [
            "1767261600", "1767261600.5", "-62135596800", "-62135596801", "253402300799", "253402300800", "1e300",
            "NULL", "'1767261600'", "9e999", "-9e999",
        ]
        // A usual row, then each column through every value while the others stay usual.
        let usual = ["2", "1767261600.25", "0", "1767000000", "3"]
        var rows = [usual]
        for (column, values) in [wholes, times, wholes, times, wholes].enumerated() {
            for value in values {
                var row = usual
                row[column] = value
                rows.append(row)
            }
        }
        let store = try ProgressStore()
        var plain = 0
        try store.dbWriter.read { db in
            for row in rows {
                let statement = try db.makeStatement(sql: "SELECT 'd', 'k', " + row.joined(separator: ", "))
                let sqlite = statement.sqliteStatement
                XCTAssertEqual(sqlite3_step(sqlite), SQLITE_ROW)
                let validated = try? StoredValues.cardState(
                    box: StoredValues.Value(sqlite, column: 2), lastReview: StoredValues.Value(sqlite, column: 3),
                    missed: StoredValues.Value(sqlite, column: 4), firstReview: StoredValues.Value(sqlite, column: 5),
                    lapses: StoredValues.Value(sqlite, column: 6))
                if let state = StateTableScan.plainState(sqlite) {
                    XCTAssertEqual(state, validated, "\(row)")
                    plain += 1
                }
            }
        }
        // The usual row, box 1, 5 and 10, missed 1, lapses 0, 1, 5 and 10, and the valid whole or
        // fractional times.
        XCTAssertGreaterThan(plain, 10)
    }

    func testEveryCardFoundOrNew() throws {
        let deck = collection()
        let progress = try ProgressStore()
        for (index, card) in deck.cards.enumerated() where index % 3 != 1 {
            try store(progress, deck: card.deck, key: card.key, box: index % 5 + 1, day: Double(index))
        }
        try assertSameAsStringPath(progress, deck, fast: true)
        let loaded = try progress.loadProgress(for: deck, persistMoves: false)
        XCTAssertEqual(loaded.states.compactMap { $0 }.count, deck.cards.indices.filter { $0 % 3 != 1 }.count)
    }

    func testOrphansAndRowsOfOtherDecks() throws {
        let deck = collection()
        let progress = try ProgressStore()
        for (index, card) in deck.cards.enumerated() where index % 2 == 0 {
            try store(progress, deck: card.deck, key: card.key, box: 2, day: 1)
        }
        // An edited question (similar: inherits), a dissimilar orphan, and a deck that is not loaded.
        let oldQuestion = CardKey.normalize("How many containers can an inference pipeline hold?")
        try store(
            progress, deck: "Français", key: CardKey.basic(normalizedQuestion: oldQuestion, pinnedID: nil), box: 4,
            day: 2, question: oldQuestion)
        try store(progress, deck: "Alpha", key: "q-00000000deadbeef", box: 3, day: 3, question: "nothing like any card")
        try store(progress, deck: "Elsewhere", key: "q-0000000000000001", box: 1, day: 4, question: "one")
        try assertSameAsStringPath(progress, deck, fast: true)
        XCTAssertEqual(try progress.loadProgress(for: deck, persistMoves: false).moved.count, 1)
    }

    func testDeckStoredUnderAnotherSpellingOfItsTitle() throws {
        let deck = collection()
        let decomposed = "Franc\u{0327}ais"  // equal to "Français" as a String, not as bytes
        XCTAssertEqual(decomposed, "Français")
        let progress = try ProgressStore()
        let french = deck.cards.filter { $0.deck == "Français" }
        try store(progress, deck: decomposed, key: french[0].key, box: 3, day: 1)
        try assertSameAsStringPath(progress, deck, fast: true)
        XCTAssertEqual(try progress.loadProgress(for: deck, persistMoves: false).states.compactMap { $0 }.count, 1)
        // Both spellings in the table: only the String path knows they are one deck.
        try store(progress, deck: "Français", key: french[1].key, box: 2, day: 2)
        try assertSameAsStringPath(progress, deck, fast: false)
    }

    func testKeysThatAreNotPlainASCII() throws {
        let deck = collection()
        let progress = try ProgressStore()
        try store(progress, deck: deck.cards[0].deck, key: deck.cards[0].key, box: 2, day: 1)
        try store(progress, deck: "Alpha", key: "q-é", box: 2, day: 1)
        try assertSameAsStringPath(progress, deck, fast: false)

        var odd = collection()
        odd.cards[1].key = "clé"
        let other = try ProgressStore()
        try store(other, deck: odd.cards[1].deck, key: "cle\u{0301}", box: 5, day: 1)
        try assertSameAsStringPath(other, odd, fast: false)
        XCTAssertEqual(try other.loadProgress(for: odd, persistMoves: false).states[1]?.box, 5)
    }

    func testCardsSharingDeckAndKeyTakeTheStringPath() throws {
        var deck = collection()
        deck.cards[1].key = deck.cards[0].key
        let progress = try ProgressStore()
        try store(progress, deck: deck.cards[0].deck, key: deck.cards[0].key, box: 2, day: 1)
        XCTAssertNil(CardKeyIndex(cards: deck.cards))
        try assertSameAsStringPath(progress, deck, fast: false)
    }

    func testIndexFindsEveryCardOfALargeCollection() {
        func file(_ title: String, _ range: Range<Int>) -> String {
            "---\ntitle: \(title)\n---\n"
                + range.map { number in
                    (number % 7 == 0 ? "<!-- id: pinned-\(number)-with-a-rather-long-identifier -->\n" : "")
                        + "Q: question number \(number)\nA: x\n\n"
                }.joined()
        }
        let deck = Fixtures.collection([("a.md", file("A", 0..<2_000)), ("b.md", file("Ω deck", 2_000..<4_000))])
        XCTAssertEqual(deck.cards.count, 4_000)
        guard let index = CardKeyIndex(cards: deck.cards) else { return XCTFail("no index") }
        for (number, card) in deck.cards.enumerated() {
            let deckNumber = index.deckTitles.firstIndex(of: card.deck)!
            func find(_ key: String) -> Int? {
                var key = key
                return key.withUTF8 { bytes in
                    let raw = UnsafeRawBufferPointer(bytes)
                    return index.card(CardKeyIndex.Probe(deck: deckNumber, key: raw), longKey: raw)
                }
            }
            XCTAssertEqual(find(card.key), number)
            XCTAssertNil(find(card.key + "x"))
            XCTAssertNil(find(String(card.key.dropLast())))
        }
    }
}

private extension ProgressStore {
    /// The byte scan alone, or nil where it steps aside.
    func scanStates(_ collection: CardCollection) throws -> StateTableScan.Result? {
        guard let index = CardKeyIndex(cards: collection.cards) else { return nil }
        guard let rows = try dbWriter.read({ db in try StateTableScan.read(db, expected: collection.cards.count) })
        else { return nil }
        return StateTableScan.match(rows, index: index, cardCount: collection.cards.count)
    }
}
