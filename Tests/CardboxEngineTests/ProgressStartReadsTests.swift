import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// The start's reads on a connection of their own read only a file that opening the store leaves as it
/// is, and never leave anything behind; what they read is held to the store's reads in
/// `StateSnapshotTests`.
final class ProgressStartReadsTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private let now = Fixtures.date("2026-03-05 10:00")

    /// The early reads of the file at `path`; nil when there were none, and then no activity either.
    private func read(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> ProgressStartReads? {
        var early: ProgressStartReads?
        var called = 0
        let activity = ProgressStartReads.read(path: path, scheduler: scheduler, now: now, collection: { .empty }) {
            early = $0
            called += 1
        }
        XCTAssertEqual(called, 1, "the early reads are given once", file: file, line: line)
        if early == nil { XCTAssertNil(activity, file: file, line: line) }
        return early
    }

    func testTheActivityIsTheLoadedDecksOnly() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("progress.sqlite").path
        let all = Fixtures.collection([
            ("a.md", "---\ntitle: Alpha\n---\nQ: one\nA: 1\n\nQ: two\nA: 2"),
            ("b.md", "---\ntitle: Beta\n---\nQ: un\nA: 1"),
            ("c.md", "---\ntitle: Gamma\n---\nQ: uno\nA: 1"),
        ])
        let store = try ProgressStore(path: path)
        for (index, card) in all.cards.dropLast().enumerated() {
            for day in 0..<3 {
                let time = now.addingTimeInterval(-86_400 * Double(day) - 600 * Double(index))
                let review = Review(
                    deck: card.id.deck, cardKey: card.key, time: time, answer: day == 1 ? .missed : .gotIt,
                    boxBefore: 0, boxAfter: 0, mode: .study, isRepeat: false)
                try store.record(review, question: card.key, scheduler: scheduler)
            }
        }
        // Alpha and Gamma loaded: Beta's answers are left out, Gamma has none.
        let loaded = Fixtures.collection([
            ("a.md", "---\ntitle: Alpha\n---\nQ: one\nA: 1\n\nQ: two\nA: 2"),
            ("c.md", "---\ntitle: Gamma\n---\nQ: uno\nA: 1"),
        ])
        for collection in [all, loaded, .empty] {
            let activity = ProgressStartReads.read(
                path: path, scheduler: scheduler, now: now, collection: { collection }, early: { _ in })
            XCTAssertEqual(
                try XCTUnwrap(activity), try store.activity(in: collection, scheduler: scheduler, now: now))
        }
        XCTAssertNotEqual(
            try store.activity(in: all, scheduler: scheduler, now: now),
            try store.activity(in: loaded, scheduler: scheduler, now: now))
    }

    func testAFileToMigrateIsLeftToTheStore() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try ProgressStore.migrator.migrate(queue, upTo: "v7-state-snapshot")
        try queue.close()
        XCTAssertNil(read(path), "a migration would change what is read")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertNil(read(path))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), bytes, "the reads never write")

        _ = try ProgressStore(path: path)
        XCTAssertNotNil(read(path), "once migrated, the file is read")
    }

    func testAFileWithAMigrationThisBuildDoesNotKnowIsLeftToTheStore() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("newer.sqlite").path
        _ = try ProgressStore(path: path)
        XCTAssertNotNil(read(path))
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try queue.close()
        XCTAssertNil(read(path))
    }

    /// The store refuses a file without one of the tables its migrations made; the start's reads, which
    /// come before the store is opened, must not take it for sound.
    func testAFileWithoutATableTheStoreAsksForIsLeftToTheStore() throws {
        let folder = try Fixtures.temporaryFolder(self)
        for table in ProgressOwnership.requiredTables {
            let path = folder.appendingPathComponent("without-\(table).sqlite").path
            _ = try ProgressStore(path: path)
            XCTAssertNotNil(read(path))
            let queue = try DatabaseQueue(path: path)
            // The review log is a view over the compact log; its triggers go with it.
            try queue.write { db in try db.execute(sql: "DROP \(table == "review" ? "VIEW" : "TABLE") \(table)") }
            try queue.close()
            XCTAssertNil(read(path), table)
            XCTAssertThrowsError(try ProgressStore(path: path), table)
        }
    }

    func testMissingForeignAndDamagedFilesAreLeftToTheStore() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let missing = folder.appendingPathComponent("missing.sqlite").path
        XCTAssertNil(read(missing))
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "nothing is created")

        let garbage = folder.appendingPathComponent("garbage.sqlite")
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try bytes.write(to: garbage)
        XCTAssertNil(read(garbage.path))
        XCTAssertEqual(try Data(contentsOf: garbage), bytes)

        let empty = folder.appendingPathComponent("empty.sqlite")
        try Data().write(to: empty)
        XCTAssertNil(read(empty.path), "a fresh file is made by the store")

        let foreign = folder.appendingPathComponent("foreign.sqlite").path
        let queue = try DatabaseQueue(path: foreign)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes(x); INSERT INTO notes VALUES (1)") }
        try queue.close()
        XCTAssertNil(read(foreign))
    }
}
