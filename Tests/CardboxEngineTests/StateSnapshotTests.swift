import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// The states' snapshot: it holds exactly the table's states, every kind of state write (this build's
/// or another program's) makes the next start read the table instead, and a damaged snapshot is
/// ignored.
final class StateSnapshotTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private let now = Fixtures.date("2026-03-05 10:00")
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-snapshot") { self.addTeardownBlock($0) }
    }

    private var path: String { folder.appendingPathComponent("progress.sqlite").path }

    private func collection() -> CardCollection {
        Fixtures.collection([
            (
                "a.md",
                "---\ntitle: Alpha\n---\n# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n\nC: [three] and [four]\n\n<!-- id: pinned-id-that-is-longer-than-twenty-four -->\nQ: five\nA: 5"
            ),
            ("b.md", "---\ntitle: Français\n---\nQ: un\nA: 1\n\nQ: deux\nA: 2"),
        ])
    }

    private func review(_ card: Card, _ answer: Answer, at time: Date) -> Review {
        Review(
            deck: card.id.deck, cardKey: card.key, time: time, answer: answer, boxBefore: 0, boxAfter: 0,
            mode: .study, isRepeat: false)
    }

    /// A store whose every card but the last was answered, with a snapshot of those states.
    private func answeredStore(_ deck: CardCollection) throws -> ProgressStore {
        let store = try ProgressStore(path: path)
        for (index, card) in deck.cards.dropLast().enumerated() {
            // Times with fractions of a second: the snapshot must keep each one's exact bits.
            let time = now.addingTimeInterval(-86_400 * 3 + Double(index) * 1_234.567_891)
            try store.record(
                review(card, index % 3 == 0 ? .missed : .gotIt, at: time), question: card.key, scheduler: scheduler)
            try store.record(
                review(card, .gotIt, at: time.addingTimeInterval(86_400.25)), question: card.key, scheduler: scheduler)
        }
        XCTAssertTrue(try store.refreshStateSnapshot())
        return store
    }

    /// What a start reads, checked against the table read through Strings; returns whether the start
    /// used the snapshot.
    @discardableResult
    private func start(
        _ store: ProgressStore, _ deck: CardCollection, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Bool {
        let prefetched = try store.prefetchStates()
        let loaded = try store.loadProgress(for: deck, persistMoves: false, now: now, prefetched: prefetched)
        let expected = try store.loadProgressByStrings(for: deck, persistMoves: false, now: now)
        XCTAssertEqual(loaded.states, expected.states, file: file, line: line)
        XCTAssertEqual(loaded.orphans, expected.orphans, file: file, line: line)
        XCTAssertEqual(loaded.problems, expected.problems, file: file, line: line)
        // The app's start reads the same on its own connection, beside the open store.
        var early: ProgressStartReads?
        let activity = ProgressStartReads.read(
            path: try XCTUnwrap(store.path), scheduler: scheduler, now: now, collection: { deck }
        ) { early = $0 }
        let reads = try XCTUnwrap(early, file: file, line: line)
        XCTAssertEqual(reads.states.fromSnapshot, prefetched.fromSnapshot, file: file, line: line)
        XCTAssertEqual(reads.states.writes, prefetched.writes, file: file, line: line)
        let fromLane = try store.loadProgress(for: deck, persistMoves: false, now: now, prefetched: reads.states)
        XCTAssertEqual(fromLane.states, expected.states, file: file, line: line)
        XCTAssertEqual(fromLane.orphans, expected.orphans, file: file, line: line)
        XCTAssertEqual(fromLane.problems, expected.problems, file: file, line: line)
        XCTAssertEqual(fromLane.cardOfRow, loaded.cardOfRow, file: file, line: line)
        XCTAssertEqual(reads.suspendedCards, try store.suspendedCards(), file: file, line: line)
        XCTAssertEqual(
            reads.extraNewToday, try store.extraNewCards(onStudyDay: scheduler.studyDay(of: now)), file: file,
            line: line)
        XCTAssertEqual(activity, try store.activity(in: deck, scheduler: scheduler, now: now), file: file, line: line)
        return prefetched.fromSnapshot
    }

    /// Whether a start found every row at the card the snapshot names (checked against the table read
    /// through Strings, as `start` does).
    private func placesHeld(
        _ store: ProgressStore, _ deck: CardCollection, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Bool {
        try start(store, deck, file: file, line: line)
        let prefetched = try store.prefetchStates()
        return try store.loadProgress(for: deck, persistMoves: false, now: now, prefetched: prefetched).placesHeld
    }

    /// What the app does after its first frame: the snapshot written again when the start read the table
    /// or found rows away from their cards. Returns whether it wrote.
    private func afterFirstFrame(_ store: ProgressStore, _ deck: CardCollection) throws -> Bool {
        let prefetched = try store.prefetchStates()
        let loaded = try store.loadProgress(for: deck, persistMoves: false, now: now, prefetched: prefetched)
        let placed = prefetched.placed(by: loaded)
        return placed.canBecomeSnapshot ? try store.saveStateSnapshot(placed) : false
    }

    /// The table's rows, read the way a start without a snapshot reads them.
    private func tableRows(_ store: ProgressStore) throws -> StateTableScan.Rows {
        try XCTUnwrap(try store.dbWriter.read { db in try StateTableScan.read(db, expected: 0) })
    }

    func testTheSnapshotHoldsExactlyTheTableStates() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        let prefetched = try store.prefetchStates()
        XCTAssertTrue(prefetched.fromSnapshot)
        let fromSnapshot = try XCTUnwrap(prefetched.rows)
        let fromTable = try tableRows(store)
        XCTAssertEqual(fromSnapshot.rows.count, deck.cards.count - 1)
        XCTAssertEqual(fromSnapshot.spellings, fromTable.spellings)
        XCTAssertEqual(fromSnapshot.rows.map(\.probe), fromTable.rows.map(\.probe))
        XCTAssertEqual(fromSnapshot.rows.map(\.state), fromTable.rows.map(\.state))
        XCTAssertEqual(fromSnapshot.longKeys, fromTable.longKeys)
        XCTAssertFalse(fromSnapshot.longKeys.isEmpty, "a key longer than a probe holds")
        XCTAssertTrue(try start(store, deck))
        // A second store on the file reads the same snapshot: nothing is kept in memory.
        XCTAssertTrue(try start(try ProgressStore(path: path, readOnly: true), deck))
        XCTAssertFalse(try store.refreshStateSnapshot(), "already current")
    }

    func testRowsNameTheirCardsSoThatAStartWithTheSameDecksChecksEachInPlace() throws {
        let deck = collection()
        XCTAssertTrue(deck.keysPlainAndDistinct)
        // Written without a collection: no row names a card, so every row is looked up by key.
        let store = try answeredStore(deck)
        XCTAssertFalse(try placesHeld(store, deck))
        XCTAssertTrue(try afterFirstFrame(store, deck), "written again with each row's card")
        XCTAssertTrue(try placesHeld(store, deck))
        XCTAssertFalse(try afterFirstFrame(store, deck), "nothing to write again")
        // The rows are kept in the order of their cards (every card but the last has one).
        let rows = try XCTUnwrap(try store.prefetchStates().rows)
        XCTAssertEqual(rows.cards, (0..<UInt32(deck.cards.count - 1)).map { $0 })
        for (row, card) in zip(rows.rows, try XCTUnwrap(rows.cards)) {
            deck.cards[Int(card)].withKeyBytes { key in
                var words = row.probe.words
                withUnsafeBytes(of: &words) { XCTAssertTrue($0.prefix(key.count).elementsEqual(key.prefix(24))) }
            }
        }

        // Quitting after an answer writes the snapshot with the cards of the decks the app had.
        try store.record(review(deck.cards[0], .gotIt, at: now), question: "one", scheduler: scheduler)
        XCTAssertFalse(try start(store, deck))
        XCTAssertTrue(try store.refreshStateSnapshot(for: deck))
        XCTAssertTrue(try placesHeld(store, deck))
    }

    func testReorderedEditedAndUnloadedDecksAreMatchedByKeyNeverByAStaleCardNumber() throws {
        let alpha = (
            "a.md",
            "---\ntitle: Alpha\n---\n# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n\nC: [three] and [four]\n\n<!-- id: pinned-id-that-is-longer-than-twenty-four -->\nQ: five\nA: 5"
        )
        let french = ("b.md", "---\ntitle: Français\n---\nQ: un\nA: 1\n\nQ: deux\nA: 2")
        let deck = Fixtures.collection([alpha, french])
        let store = try answeredStore(deck)
        XCTAssertTrue(try afterFirstFrame(store, deck))
        XCTAssertTrue(try placesHeld(store, deck))

        // The same cards in another order, the decks swapped: every row is looked up by its key.
        let reordered = Fixtures.collection([
            french,
            (
                "a.md",
                "---\ntitle: Alpha\n---\n# U\n<!-- id: pinned-id-that-is-longer-than-twenty-four -->\nQ: five\nA: 5\n\nQ: two\nA: 2\n\n# T\nC: [three] and [four]\n\nQ: one\nA: 1"
            ),
        ])
        XCTAssertEqual(Set(reordered.cards.map(\.id)), Set(deck.cards.map(\.id)))
        XCTAssertFalse(try placesHeld(store, reordered))
        XCTAssertTrue(try afterFirstFrame(store, reordered))
        XCTAssertTrue(try placesHeld(store, reordered))
        XCTAssertEqual(
            try store.loadProgress(for: reordered, persistMoves: false, now: now).states.compactMap { $0 }.count,
            deck.cards.count - 1)

        // An edited question: its old key is an orphan, the new card is looked for among all keys.
        let edited = Fixtures.collection([
            french, (alpha.0, alpha.1.replacingOccurrences(of: "Q: two", with: "Q: two, edited")),
        ])
        XCTAssertFalse(try placesHeld(store, edited))
        XCTAssertEqual(try store.loadProgress(for: edited, persistMoves: false, now: now).orphans.count, 1)

        // A deck that is not loaded: its rows match no card, which needs no lookup once they are written so.
        let alphaOnly = Fixtures.collection([alpha])
        XCTAssertFalse(try placesHeld(store, alphaOnly))
        XCTAssertTrue(try afterFirstFrame(store, alphaOnly))
        XCTAssertTrue(try placesHeld(store, alphaOnly))
        // Loaded again, that deck's rows name no card: they are looked up, and found.
        XCTAssertFalse(try placesHeld(store, deck))
        XCTAssertEqual(
            try store.loadProgress(for: deck, persistMoves: false, now: now, prefetched: try store.prefetchStates())
                .states.compactMap { $0 }.count, deck.cards.count - 1)
    }

    func testCardNumbersThatDoNotHoldAreNeverTrusted() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        let writes = try XCTUnwrap(try store.dbWriter.read { db in try StateSnapshot.writes(db) })
        let rows = try XCTUnwrap(try store.prefetchStates().rows)
        let count = rows.rows.count
        // Each row named with the next row's card, with a card past the end, with one card for all.
        let wrong: [[Int32]] = [
            (0..<count).map { Int32(($0 + 1) % count) },
            Array(repeating: Int32(deck.cards.count + 5), count: count),
            Array(repeating: 0, count: count),
        ]
        for cards in wrong {
            let data = try XCTUnwrap(StateSnapshot.encode(rows, cards: cards))
            try store.dbWriter.write { db in try StateSnapshot.store(db, data, writes: writes) }
            XCTAssertFalse(try placesHeld(store, deck), "\(cards)")
        }
        // Card numbers that do not rise from row to row are not written by any start: the blob is not read.
        let falling = Array((0..<Int32(count)).reversed())
        try store.dbWriter.write { db in
            try StateSnapshot.store(db, try XCTUnwrap(StateSnapshot.encode(rows, cards: falling)), writes: writes)
            let blob = try XCTUnwrap(try Data.fetchOne(db, sql: "SELECT data FROM state_snapshot"))
            // Written in the order of their cards: the rows come out reversed, each naming its card.
            XCTAssertNotNil(SnapshotRows(bytes: Array(blob)))
            var swapped = Array(blob)
            let end = swapped.count
            // The last row's card number, made smaller than the one before it.
            swapped.replaceSubrange((end - 4)..<end, with: [0, 0, 0, 0])
            XCTAssertNil(SnapshotRows(bytes: swapped))
            XCTAssertNil(swapped.withUnsafeBytes { StateSnapshot.decode($0) })
            try db.execute(sql: "UPDATE state_snapshot SET data = ?", arguments: [Data(swapped)])
        }
        XCTAssertFalse(try start(store, deck), "card numbers out of order")
        // A collection not made by the builder (or changed since) is never matched in place.
        XCTAssertTrue(try afterFirstFrame(store, deck))
        XCTAssertTrue(try placesHeld(store, deck))
        var changed = deck
        changed.cards.swapAt(0, 1)
        XCTAssertFalse(changed.keysPlainAndDistinct)
        XCTAssertFalse(try placesHeld(store, changed))
        var renamed = deck
        renamed.nodes[1].title = "Beta"
        XCTAssertFalse(renamed.keysPlainAndDistinct)
    }

    func testKeysThatBytesCannotStandForAreNeverMatchedInPlace() throws {
        // Files give ASCII keys only (pinned ids are ASCII); a card made from values may hold any key.
        let held = Card(
            key: "clé", deck: "D", topic: 0, kind: .basic, question: StyledText(plain: "x"),
            answer: StyledText(plain: "y"), normalizedQuestion: "x", source: SourceLocation(path: "d.md", line: 1))
        let file = ParsedDeckFile(path: "d.md", title: "D", items: [.cards(line: 1, [held])], diagnostics: [])
        XCTAssertFalse(CollectionBuilder.build(files: [file]).keysPlainAndDistinct)
        // One deck title in two spellings (composed and decomposed): the same key twice, told apart by bytes.
        let twoSpellings = Fixtures.collection([
            ("a.md", "---\ntitle: Caf\u{E9}\n---\nQ: one\nA: 1"),
            ("b.md", "---\ntitle: Cafe\u{301}\n---\nQ: one\nA: 1"),
        ])
        XCTAssertEqual(twoSpellings.cards.count, 2)
        XCTAssertFalse(twoSpellings.keysPlainAndDistinct)

        // Cards read from the deck index are tables, whose keys are checked in one piece.
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        try "# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n".write(
            to: decks.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("index").path)
        for _ in 0..<2 { XCTAssertTrue(ContentLoader.load(paths: [decks.path], cache: cache).keysPlainAndDistinct) }
        XCTAssertTrue(StateTableScan.isPlainASCII(UnsafeRawBufferPointer(start: nil, count: 0)))
        for bad in ["0123456789abcdef\u{0}", "q-0123456789abcdé", "\u{80}"] {
            XCTAssertFalse(Array(bad.utf8).withUnsafeBytes(StateTableScan.isPlainASCII), bad)
            XCTAssertTrue(
                Array(("x" + bad).utf8.filter { $0 != 0 && $0 < 0x80 }).withUnsafeBytes(StateTableScan.isPlainASCII))
        }
    }

    func testAnswerUndoAndSuspension() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        let card = deck.cards[1]
        let answer = review(card, .missed, at: now)
        try store.record(answer, question: card.key, scheduler: scheduler)
        XCTAssertFalse(try start(store, deck), "an answer makes the snapshot stale")
        XCTAssertTrue(try store.refreshStateSnapshot())
        XCTAssertTrue(try start(store, deck))

        try store.remove(answer, scheduler: scheduler)
        XCTAssertFalse(try start(store, deck), "an undo makes the snapshot stale")
        XCTAssertTrue(try store.refreshStateSnapshot())
        XCTAssertTrue(try start(store, deck))

        // Suspension is kept beside the states, not in them: the snapshot stays current.
        try store.setSuspended(card.id, true, at: now)
        XCTAssertTrue(try start(store, deck))
        XCTAssertEqual(try store.suspension(for: deck), deck.cards.indices.map { $0 == 1 })
        try store.setSuspended(card.id, false, at: now.addingTimeInterval(1))
        XCTAssertTrue(try start(store, deck))
        XCTAssertFalse(try store.suspension(for: deck).contains(true))
        try store.setSuspended(deck.cards[2].id, true, at: now.addingTimeInterval(2))
        try store.addExtraNewCards(3, onStudyDay: scheduler.studyDay(of: now))
        XCTAssertTrue(try start(store, deck))
    }

    func testAStartThatReadTheTableWritesTheSnapshotUnlessAStateWasWrittenMeanwhile() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        try store.record(review(deck.cards[0], .gotIt, at: now), question: "one", scheduler: scheduler)
        let prefetched = try store.prefetchStates()
        XCTAssertFalse(prefetched.fromSnapshot)
        XCTAssertTrue(prefetched.canBecomeSnapshot)
        // An answer given between the start and the write: the rows read are no longer the table's.
        try store.record(review(deck.cards[2], .missed, at: now), question: "three", scheduler: scheduler)
        XCTAssertFalse(try store.saveStateSnapshot(prefetched))
        XCTAssertFalse(try start(store, deck))
        let again = try store.prefetchStates()
        XCTAssertTrue(try store.saveStateSnapshot(again))
        XCTAssertTrue(try start(store, deck))
        XCTAssertFalse(try store.saveStateSnapshot(try store.prefetchStates()), "read from the snapshot")
    }

    func testJournalImportPruneAndReset() throws {
        let deck = collection()
        let journal = folder.appendingPathComponent("journal").path
        let other = try ProgressStore(path: folder.appendingPathComponent("other.sqlite").path)
        try other.record(review(deck.cards[3], .gotIt, at: now), question: "x", scheduler: scheduler)
        try Journal(folder: journal, store: other).flush()

        let store = try answeredStore(deck)
        let report = try Journal(folder: journal, store: store).start(scheduler: scheduler, now: now)
        XCTAssertEqual(report.merge.imported, 1)
        XCTAssertFalse(try start(store, deck), "a journal import makes the snapshot stale")
        XCTAssertTrue(try store.refreshStateSnapshot())
        XCTAssertTrue(try start(store, deck))

        // Progress of a deck no longer loaded, pruned.
        try store.record(
            Review(
                deck: "Gone", cardKey: "q-gone", time: now, answer: .gotIt, boxBefore: 0, boxAfter: 0, mode: .study,
                isRepeat: false), question: "gone", scheduler: scheduler)
        XCTAssertTrue(try store.refreshStateSnapshot())
        XCTAssertTrue(try start(store, deck))
        XCTAssertEqual(try store.removeProgress(of: [.init(deck: "Gone", key: "q-gone", question: "gone")]), 1)
        XCTAssertFalse(try start(store, deck), "pruning makes the snapshot stale")

        // A reset starts a fresh file, which has no snapshot to read.
        XCTAssertNotNil(try ProgressReset.moveAside(path, now: now))
        let fresh = try ProgressStore(path: path)
        XCTAssertFalse(try start(fresh, deck))
        XCTAssertTrue(try fresh.storedStates().isEmpty)
    }

    func testWritesByAnotherProgramMakeTheNextStartReadTheTable() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        // What an older build or `sqlite3` by hand does: plain SQL on the table, on a connection of its own.
        let statements = [
            "UPDATE card_state SET box = 4 WHERE card_key = '\(deck.cards[0].key)'",
            "DELETE FROM card_state WHERE card_key = '\(deck.cards[1].key)'",
            """
            INSERT INTO card_state (deck, card_key, box, last_review, missed, first_review, question, lapses)
            VALUES ('Alpha', '\(deck.cards[1].key)', 3, 1772000000.5, 0, 1771000000, '', 1)
            """,
        ]
        for sql in statements {
            let outside = try DatabaseQueue(path: path)
            try outside.write { db in try db.execute(sql: sql) }
            try outside.close()
            XCTAssertFalse(try start(store, deck), sql)
            XCTAssertTrue(try store.refreshStateSnapshot())
            XCTAssertTrue(try start(store, deck))
        }
        let states = try store.loadProgress(for: deck, persistMoves: false, now: now).states
        XCTAssertEqual(states[0]?.box, 4)
        XCTAssertEqual(states[1]?.box, 3)
        XCTAssertEqual(states[1]?.lapses, 1)
    }

    func testAMissingTriggerOrADamagedSnapshotIsNeverRead() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        let good = try store.dbWriter.read { db in
            try XCTUnwrap(try Data.fetchOne(db, sql: "SELECT data FROM state_snapshot"))
        }
        // Every cut of the blob is refused, as are a wrong count and trailing bytes.
        good.withUnsafeBytes { bytes in
            for length in 0..<bytes.count {
                XCTAssertNil(
                    StateSnapshot.decode(UnsafeRawBufferPointer(rebasing: bytes[0..<length])), "cut at \(length)")
                XCTAssertNil(SnapshotRows(bytes: Array(bytes[0..<length])), "cut at \(length)")
            }
        }
        var damaged = good
        damaged[4] = 0xFF  // the deck spellings' count
        try store.dbWriter.write { db in
            try db.execute(sql: "UPDATE state_snapshot SET data = ?", arguments: [damaged])
        }
        XCTAssertFalse(try start(store, deck))
        try store.dbWriter.write { db in
            try db.execute(sql: "UPDATE state_snapshot SET data = ?", arguments: [good + [0]])
        }
        XCTAssertFalse(try start(store, deck), "trailing bytes")
        try store.dbWriter.write { db in
            try db.execute(sql: "UPDATE state_snapshot SET data = ?", arguments: [good])
        }
        XCTAssertTrue(try start(store, deck))

        // Without its trigger, a write would go uncounted: the counter is not trusted at all.
        try store.dbWriter.write { db in try db.execute(sql: "DROP TRIGGER state_writes_update") }
        XCTAssertFalse(try start(store, deck))
        XCTAssertFalse(try store.refreshStateSnapshot())
        XCTAssertFalse(try store.prefetchStates().canBecomeSnapshot)
    }

    /// A blob changed in any one byte is refused or read back with values a stored row may hold: a key
    /// of plain ASCII, a box, lapses and dates within their ranges; never a trap.
    func testAnyChangedByteIsRefusedOrGivesValidRows() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        let good = try store.dbWriter.read { db in
            try XCTUnwrap(try Data.fetchOne(db, sql: "SELECT data FROM state_snapshot"))
        }
        var refused = 0
        for offset in good.indices {
            for value: UInt8 in [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xFF] where good[offset] != value {
                var damaged = good
                damaged[offset] = value
                let rows = damaged.withUnsafeBytes { StateSnapshot.decode($0) }
                // A start reads the blob only when it decodes, and then decodes it to those rows.
                let kept = SnapshotRows(bytes: Array(damaged))
                XCTAssertEqual(kept == nil, rows == nil, "byte \(offset) = \(value)")
                XCTAssertEqual(kept?.rows().rows.map(\.state), rows?.rows.map(\.state), "byte \(offset) = \(value)")
                guard let rows else {
                    refused += 1
                    continue
                }
                XCTAssertEqual(rows.cards?.count, rows.rows.count)
                for row in rows.rows {
                    XCTAssertTrue(StoredValues.boxes.contains(row.state.box), "byte \(offset) = \(value)")
                    XCTAssertTrue(StoredValues.lapseCounts.contains(row.state.lapses), "byte \(offset) = \(value)")
                    for date in [row.state.lastReview, row.state.firstReview] {
                        XCTAssertTrue(Bounded.instantRange.contains(date.timeIntervalSince1970), "byte \(offset)")
                    }
                    XCTAssertTrue(row.probe.deck >= 0 && Int(row.probe.deck) < rows.spellings.count)
                }
            }
        }
        XCTAssertGreaterThan(refused, 0)
    }

    func testRowsWithBadValuesAreLeftToTheTable() throws {
        let deck = collection()
        let store = try answeredStore(deck)
        try store.dbWriter.write { db in
            try db.execute(sql: "UPDATE card_state SET box = 99 WHERE card_key = ?", arguments: [deck.cards[0].key])
        }
        let prefetched = try store.prefetchStates()
        XCTAssertFalse(prefetched.fromSnapshot)
        XCTAssertEqual(prefetched.rows?.problems.count, 1)
        XCTAssertFalse(prefetched.canBecomeSnapshot)
        XCTAssertFalse(try store.saveStateSnapshot(prefetched))
        XCTAssertFalse(try store.refreshStateSnapshot())
        XCTAssertFalse(try start(store, deck), "the bad row is named at every start")
    }
}
