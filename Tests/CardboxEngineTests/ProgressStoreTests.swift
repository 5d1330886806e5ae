import CardboxEngine
import Foundation
import XCTest

final class ProgressStoreTests: XCTestCase {
    private let deck = Fixtures.collection("# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n\nC: [three] and [four]")
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))

    /// Answers through a session and stores each review as the app does.
    private func study(_ store: ProgressStore, answers: [Answer], at now: Date) throws -> [CardState?] {
        var states = try store.loadProgress(for: deck).states
        var session = StudySession(mode: .study, topic: 0, queue: Array(deck.cards.indices))
        for answer in answers {
            guard let index = session.current,
                let review = session.answer(answer, collection: deck, states: &states, scheduler: scheduler, now: now)
            else { break }
            try store.record(review, question: deck.cards[index].normalizedQuestion, scheduler: scheduler)
        }
        return states
    }

    func testRecordsAndReloadsInMemory() throws {
        let store = try ProgressStore()
        let now = Fixtures.date("2026-01-01 10:00")
        let states = try study(store, answers: [.gotIt, .missed, .gotIt, .gotIt, .gotIt], at: now)
        XCTAssertEqual(try store.reviewCount(), 5)
        XCTAssertEqual(try store.loadProgress(for: deck).states, states)
        XCTAssertEqual(states.map { $0?.missed }, [false, false, false, false], "the right repeat cleared the miss")
        XCTAssertEqual(states.map { $0?.lapses }, [0, 1, 0, 0])
    }

    func testStateTableEqualsReplayOfLog() throws {
        let store = try ProgressStore()
        _ = try study(
            store, answers: [.gotIt, .missed, .missed, .gotIt, .gotIt, .gotIt], at: Fixtures.date("2026-01-01 10:00"))
        _ = try study(store, answers: [.gotIt, .gotIt, .missed, .gotIt, .gotIt], at: Fixtures.date("2026-01-03 10:00"))
        let replayed = try store.replayedStates(scheduler: scheduler)
        let stored = try store.storedStates()
        XCTAssertEqual(stored.count, replayed.count)
        for row in stored {
            XCTAssertEqual(replayed[row.id], row.state, row.key)
        }
    }

    func testUndoRemovesTheRowAndRederivesState() throws {
        let store = try ProgressStore()
        let t0 = Fixtures.date("2026-01-01 10:00")
        _ = try study(store, answers: [.gotIt], at: t0)
        var states = try store.loadProgress(for: deck).states
        var session = StudySession(mode: .study, topic: 0, queue: [0])
        let t1 = Fixtures.date("2026-01-02 10:00")
        let review = session.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: t1)!
        try store.record(review, question: deck.cards[0].normalizedQuestion, scheduler: scheduler)
        XCTAssertEqual(try store.loadProgress(for: deck).states[0]?.box, 2)
        _ = session.undo(states: &states)
        let restored = try store.remove(review, scheduler: scheduler)
        XCTAssertEqual(restored, states[0])
        XCTAssertEqual(try store.loadProgress(for: deck).states[0]?.box, 1)
        XCTAssertEqual(try store.reviewCount(), 1)
    }

    func testOnDiskFileIsWALAndSurvivesReopen() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("nested/state/progress.sqlite").path
        do {
            let store = try ProgressStore(path: path)
            _ = try study(store, answers: [.gotIt, .missed], at: Fixtures.date("2026-01-01 10:00"))
            XCTAssertEqual(try store.integrityCheck(), "ok")
        }
        let reopened = try ProgressStore(path: path)
        XCTAssertEqual(try reopened.reviewCount(), 2)
        XCTAssertEqual(try reopened.loadProgress(for: deck).states.compactMap { $0 }.count, 2)
        let readOnly = try ProgressStore(path: path, readOnly: true)
        XCTAssertEqual(try readOnly.reviewCount(), 2)
        XCTAssertThrowsError(
            try readOnly.record(
                Review(
                    deck: "d", cardKey: "k", time: Date(), answer: .gotIt, boxBefore: 0,
                    boxAfter: 1, mode: .study, isRepeat: false), question: "", scheduler: scheduler))
        let mode = try String(contentsOfFile: path, encoding: .isoLatin1).prefix(20)
        XCTAssertTrue(mode.hasPrefix("SQLite format 3"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal") || (try? sqliteJournalMode(path)) == "wal")
    }

    private func sqliteJournalMode(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, "PRAGMA journal_mode;"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testForeignAndCorruptFilesAreRefusedUntouched() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let garbage = folder.appendingPathComponent("garbage.sqlite")
        let bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try bytes.write(to: garbage)
        XCTAssertThrowsError(try ProgressStore(path: garbage.path)) { error in
            XCTAssertTrue("\(error)".contains(garbage.path), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: garbage), bytes, "the file is never overwritten")

        let foreign = folder.appendingPathComponent("foreign.sqlite").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", foreign, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"]
        try process.run()
        process.waitUntilExit()
        XCTAssertThrowsError(try ProgressStore(path: foreign)) { error in
            XCTAssertEqual(error as? ProgressError, .notCardbox(path: foreign))
        }
    }

    func testAFilesFolderIsTheOneURLNames() {
        let paths = [
            "/a/b/progress.sqlite", "/progress.sqlite", "/a/b/", "/a//b/c", "/a/./b", "/a/../b", "/a/b/.", "/a/b/..",
            "/a/.../b", "/a/.hidden/c", "/a b/c%20d/é.sqlite", "/", "relative.sqlite", "./x/y", "x/../y",
        ]
        for path in paths {
            XCTAssertEqual(
                ProgressPaths.folder(of: path), URL(fileURLWithPath: path).deletingLastPathComponent().path, path)
        }
    }

    func testDefaultPathFollowsXDG() {
        XCTAssertEqual(
            ProgressPaths.defaultFile(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]),
            "/x/state/cardbox/progress.sqlite")
        XCTAssertEqual(
            ProgressPaths.defaultFile(environment: ["HOME": "/home/u"]), "/home/u/.local/state/cardbox/progress.sqlite")
        XCTAssertEqual(
            ProgressPaths.defaultFile(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]),
            "/home/u/.local/state/cardbox/progress.sqlite")
    }
}

extension ProgressStoreTests {
    func testSecondWriterIsRefusedWithFirstProcessID() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        var first: ProgressLock? = try ProgressLock(progressFile: path)
        XCTAssertNotNil(first)
        XCTAssertThrowsError(try ProgressLock(progressFile: path)) { error in
            XCTAssertEqual(error as? ProgressError, .inUse(path: path, pid: getpid()))
            XCTAssertTrue("\(error)".contains("process \(getpid())"))
        }
        first = nil
        XCTAssertNoThrow(try ProgressLock(progressFile: path), "the lock is free once its owner is gone")
    }

    func testResetMovesFileAsideWithTimestamp() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        try Data("junk".utf8).write(to: URL(fileURLWithPath: path))
        try Data("wal".utf8).write(to: URL(fileURLWithPath: path + "-wal"))
        let moved = try XCTUnwrap(ProgressReset.moveAside(path, now: Fixtures.date("2026-01-02 03:04")))
        XCTAssertTrue(moved.hasPrefix(path + ".corrupt-2026010"), moved)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try String(contentsOfFile: moved, encoding: .utf8), "junk")
        XCTAssertTrue(FileManager.default.fileExists(atPath: moved + "-wal"))
        XCTAssertNil(try ProgressReset.moveAside(path))
        XCTAssertEqual(try ProgressStore(path: path).reviewCount(), 0)
    }
}
