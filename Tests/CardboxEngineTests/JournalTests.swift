import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

/// The journal folder: the line format, this device's file, and the merge of other devices' lines.
final class JournalTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private var folder: URL!
    private var journal: String { folder.appendingPathComponent("journal").path }

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-journal") { self.addTeardownBlock($0) }
    }

    private func store(_ name: String) throws -> ProgressStore {
        try ProgressStore(path: folder.appendingPathComponent(name).path)
    }

    private func answer(
        _ store: ProgressStore, _ key: String, _ answer: Answer, at time: String, mode: StudyMode = .study
    ) throws {
        let review = Review(
            deck: "D", cardKey: key, time: Fixtures.date(time), answer: answer, boxBefore: 0, boxAfter: 0,
            mode: mode, isRepeat: false)
        try store.record(review, question: "question \(key)", scheduler: scheduler)
    }

    private func ownLines(_ store: ProgressStore) throws -> [String] {
        let path = try XCTUnwrap(try Journal(folder: journal, store: store).ownPath())
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    private func states(_ store: ProgressStore) throws -> [CardID: CardState] {
        Dictionary(uniqueKeysWithValues: try store.storedStates().map { ($0.id, $0.state) })
    }

    func testLineRoundTripsWithEscapesAndMillisecondTimes() throws {
        var line = JournalLine(
            kind: .review, id: JournalID(device: "0123456789abcdef", seq: 42),
            time: Date(timeIntervalSince1970: 1_772_355_600.123), card: CardID(deck: "A\tB\\C\nD", key: "q-1"),
            questionHash: "ffee")
        line.answer = .missed
        line.mode = .ahead
        line.isRepeat = true
        line.duration = 3.5
        XCTAssertEqual(line.text.split(separator: "\t", omittingEmptySubsequences: false).count, 12)
        XCTAssertFalse(line.text.contains("\n"))
        XCTAssertEqual(try JournalLine.parse(Substring(line.text)), line)
        XCTAssertEqual(JournalTime.format(Fixtures.date("2026-03-01 09:00")), "2026-03-01T09:00:00.000Z")
        for seconds in [0.0, 951_782_400.5, 1_772_355_600.999, 4_102_444_799.001] {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(JournalTime.parse(Substring(JournalTime.format(date))), date)
        }
        XCTAssertThrowsError(try JournalLine.parse("1\tR\tnot-an-id"))
        XCTAssertNil(JournalTime.parse("2026-13-01T09:00:00.000Z"))
    }

    func testDeviceIDIsMadeOnceAndKept() throws {
        let first = try XCTUnwrap(try store("p.sqlite").deviceID())
        XCTAssertTrue(JournalFolder.isDeviceID(first))
        XCTAssertEqual(try store("p.sqlite").deviceID(), first)
        XCTAssertNotEqual(try store("other.sqlite").deviceID(), first)
    }

    func testEveryEventIsWrittenOnceInOrderAndAKilledAppendIsMadeUpAtStart() throws {
        let a = try store("a.sqlite")
        try answer(a, "q-1", .gotIt, at: "2026-03-01 09:00")
        try answer(a, "q-2", .missed, at: "2026-03-01 09:01")
        try a.setSuspended(CardID(deck: "D", key: "q-2"), true, at: Fixtures.date("2026-03-01 09:02"))
        // Turning the journal on for a file with events writes them all.
        _ = try Journal(folder: journal, store: a).start(scheduler: scheduler, now: Fixtures.date("2026-03-01 09:03"))
        XCTAssertEqual(try ownLines(a).count, 3)
        // An answer committed but never appended (a kill in between) is appended at the next start.
        try answer(a, "q-1", .missed, at: "2026-03-01 09:04")
        XCTAssertEqual(try ownLines(a).count, 3)
        _ = try Journal(folder: journal, store: a).start(scheduler: scheduler, now: Fixtures.date("2026-03-01 09:05"))
        let lines = try ownLines(a)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(try lines.map { try JournalLine.parse(Substring($0)).id.seq }, [1, 2, 3, 4])
        try Journal(folder: journal, store: a).flush()
        XCTAssertEqual(try ownLines(a).count, 4, "flushing again writes nothing")
    }

    func testUndoIsATombstoneAndACancellingLine() throws {
        let a = try store("a.sqlite")
        let b = try store("b.sqlite")
        let time = Fixtures.date("2026-03-01 09:00")
        try answer(a, "q-1", .gotIt, at: "2026-03-01 09:00")
        let review = Review(
            deck: "D", cardKey: "q-1", time: time, answer: .gotIt, boxBefore: 0, boxAfter: 1, mode: .study,
            isRepeat: false)
        XCTAssertNil(try a.remove(review, scheduler: scheduler))
        XCTAssertEqual(try a.reviewCount(), 0)
        let journalA = Journal(folder: journal, store: a)
        try journalA.flush()
        let lines = try ownLines(a).map { try JournalLine.parse(Substring($0)) }
        XCTAssertEqual(lines.map(\.kind), [.review, .undo])
        XCTAssertEqual(lines[1].cancels, lines[0].id)
        let report = try Journal(folder: journal, store: b).start(scheduler: scheduler, now: time)
        XCTAssertEqual(report.merge.imported, 2)
        XCTAssertEqual(try b.reviewCount(), 0)
        XCTAssertTrue(try states(b).isEmpty)
    }

    func testTwoDevicesMergeTheSameAndDifferentCardsIntoTheSameBoxes() throws {
        let a = try store("a.sqlite")
        let b = try store("b.sqlite")
        let journalA = Journal(folder: journal, store: a)
        let journalB = Journal(folder: journal, store: b)
        try answer(a, "q-1", .gotIt, at: "2026-03-01 09:00")
        try answer(b, "q-2", .gotIt, at: "2026-03-01 09:05")
        try journalA.flush()
        try journalB.flush()
        // Both answer q-1 again on day 2, before they meet: both stand, the first moves it up.
        try answer(a, "q-1", .gotIt, at: "2026-03-02 10:00")
        try answer(b, "q-1", .gotIt, at: "2026-03-02 09:00")
        try b.setSuspended(CardID(deck: "D", key: "q-2"), true, at: Fixtures.date("2026-03-02 09:01"))
        let now = Fixtures.date("2026-03-02 11:00")
        _ = try journalA.start(scheduler: scheduler, now: now)
        _ = try journalB.start(scheduler: scheduler, now: now)
        _ = try journalA.importNew(scheduler: scheduler, now: now)
        XCTAssertEqual(try states(a), try states(b))
        XCTAssertEqual(try a.reviewCount(), 4)
        XCTAssertEqual(try b.reviewCount(), 4)
        XCTAssertEqual(try states(a)[CardID(deck: "D", key: "q-1")]?.box, 2, "only the answer given when due moved it")
        XCTAssertEqual(try a.suspendedCards(), [CardID(deck: "D", key: "q-2")])
        // Nothing new: nothing imported, and the positions kept mean nothing is read again.
        XCTAssertEqual(try journalA.importNew(scheduler: scheduler, now: now).0.imported, 0)
    }

    func testHalfLinesMalformedLinesShrunkFilesAndConflictCopies() throws {
        let a = try store("a.sqlite")
        let b = try store("b.sqlite")
        try answer(a, "q-1", .gotIt, at: "2026-03-01 09:00")
        try answer(a, "q-2", .gotIt, at: "2026-03-01 09:01")
        try Journal(folder: journal, store: a).flush()
        let pathA = try XCTUnwrap(try Journal(folder: journal, store: a).ownPath())
        let full = try String(contentsOfFile: pathA, encoding: .utf8)
        let lines = full.split(separator: "\n").map(String.init)
        // A corrupted line, and a half-written last line.
        try (lines[0] + "\nthis is not a journal line\n" + lines[1].prefix(20)).write(
            toFile: pathA, atomically: false, encoding: .utf8)
        try "not a journal".write(toFile: journal + "/notes.txt", atomically: false, encoding: .utf8)
        let journalB = Journal(folder: journal, store: b)
        let now = Fixtures.date("2026-03-01 10:00")
        let (first, warnings) = try journalB.importNew(scheduler: scheduler, now: now)
        XCTAssertEqual(first.imported, 1)
        XCTAssertEqual(warnings, ["\(pathA):2: expected 12 tab-separated fields, found 1"])
        // The rest of the line arrives: it is read, and the bad line is not read again.
        try (lines[0] + "\nthis is not a journal line\n" + lines[1] + "\n").write(
            toFile: pathA, atomically: false, encoding: .utf8)
        let (second, again) = try journalB.importNew(scheduler: scheduler, now: now)
        XCTAssertEqual(second.imported, 1)
        XCTAssertEqual(again, [])
        // Rewritten shorter: read again from the start; duplicates fall away by id.
        try (lines[1] + "\n").write(toFile: pathA, atomically: false, encoding: .utf8)
        XCTAssertEqual(try journalB.importNew(scheduler: scheduler, now: now).0.imported, 0)
        // A Syncthing conflict copy is read like a journal.
        try answer(a, "q-3", .missed, at: "2026-03-01 09:02")
        let copy = pathA.replacingOccurrences(of: ".tsv", with: ".sync-conflict-20260301-090300-ABCDEFG.tsv")
        let third = try XCTUnwrap(try a.ownEvents(after: 2).first).text
        try (full + third + "\n").write(toFile: copy, atomically: false, encoding: .utf8)
        XCTAssertEqual(try journalB.importNew(scheduler: scheduler, now: now).0.imported, 1)
        XCTAssertEqual(try b.reviewCount(), 3)
    }

    func testABoundedReadTakesAFileInPiecesAndEndsWhereAWholeReadEnds() throws {
        let a = try store("a.sqlite")
        for minute in 0..<30 { try answer(a, "q-\(minute % 7)", .gotIt, at: "2026-03-01 09:\(10 + minute)") }
        try Journal(folder: journal, store: a).flush()
        let now = Fixtures.date("2026-03-02 09:00")
        let whole = try store("whole.sqlite")
        let pieces = try store("pieces.sqlite")
        XCTAssertEqual(
            try Journal(folder: journal, store: whole).importNew(scheduler: scheduler, now: now).0.imported, 30)
        var calls = 0
        var imported = 0
        while calls < 100 {
            // Less than two lines a call; one byte still reads one whole line.
            let (merge, warnings) = try Journal(folder: journal, store: pieces).importNew(
                scheduler: scheduler, now: now, maxBytesPerFile: calls == 0 ? 1 : 200)
            XCTAssertEqual(warnings, [])
            calls += 1
            if merge.imported == 0 { break }
            XCTAssertLessThanOrEqual(merge.imported, 2)
            imported += merge.imported
        }
        XCTAssertEqual(imported, 30)
        XCTAssertGreaterThan(calls, 15)
        XCTAssertEqual(try states(pieces), try states(whole))
    }

    func testShortLinesReadOneCallAtATimeAreNotTakenForARewrittenFile() throws {
        let other = "00000000000000cd"
        let path = journal + "/" + JournalFolder.fileName(device: other)
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: true)
        let b = try store("b.sqlite")
        let now = Fixtures.date("2026-03-02 09:00")
        // A bad first line is reported once; a file taken for rewritten would be read, and reported, again.
        var text = "garbage\n"
        for seq in 1...4 {
            // Suspension lines of a one-letter deck and key: shorter than the 64 bytes the position checks.
            var line = JournalLine(
                kind: .suspension, id: JournalID(device: other, seq: Int64(seq)),
                time: Fixtures.date("2026-03-01 09:0\(seq)"), card: CardID(deck: "D", key: "k"))
            line.suspended = seq % 2 == 1
            XCTAssertLessThan(line.text.utf8.count + 1, 64)
            text += line.text + "\n"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let (merge, warnings) = try Journal(folder: journal, store: b).importNew(scheduler: scheduler, now: now)
            XCTAssertEqual(merge.imported, 1, "line \(seq)")
            XCTAssertEqual(warnings, seq == 1 ? ["\(path):1: expected 12 tab-separated fields, found 1"] : [])
        }
        XCTAssertEqual(try b.suspendedCards(), [])
    }

    func testAFutureLineKeepsItsPlaceButCountsAsNow() throws {
        let a = try store("a.sqlite")
        let b = try store("b.sqlite")
        try answer(a, "q-1", .gotIt, at: "2026-03-09 09:00")
        try Journal(folder: journal, store: a).flush()
        let now = Fixtures.date("2026-03-01 09:00")
        _ = try Journal(folder: journal, store: b).importNew(scheduler: scheduler, now: now)
        let state = try XCTUnwrap(try states(b)[CardID(deck: "D", key: "q-1")])
        XCTAssertEqual(state.lastReview, now)
        XCTAssertEqual(scheduler.dueDate(of: state), Fixtures.date("2026-03-02 04:00"))
    }

    func testACopiedProgressFileTakesANewDeviceID() throws {
        let a = try store("a.sqlite")
        try answer(a, "q-1", .gotIt, at: "2026-03-01 09:00")
        let journalA = Journal(folder: journal, store: a)
        try journalA.flush()
        let copyPath = folder.appendingPathComponent("copy.sqlite").path
        try a.backup(to: copyPath)
        try answer(a, "q-2", .gotIt, at: "2026-03-01 09:10")
        try journalA.flush()
        let copy = try ProgressStore(path: copyPath)
        let oldID = try copy.deviceID()
        let report = try Journal(folder: journal, store: copy).start(
            scheduler: scheduler, now: Fixtures.date("2026-03-01 10:00"))
        let newID = try XCTUnwrap(report.newDevice)
        XCTAssertNotEqual(newID, oldID)
        XCTAssertEqual(try copy.deviceID(), newID)
        // The original's lines are now read like another device's: both answers are in the copy.
        XCTAssertEqual(try copy.reviewCount(), 2)
        try answer(copy, "q-3", .gotIt, at: "2026-03-01 10:01")
        try Journal(folder: journal, store: copy).flush()
        XCTAssertEqual(try ownLines(copy).count, 1)
    }

    func testImportedProgressTravelsWithItsBoxAndKeepsItsPlaceBeforeLaterAnswers() throws {
        let a = try store("a.sqlite")
        let b = try store("b.sqlite")
        // Progress imported from another program on A: card q-1 in box 3 since 1 March.
        let imported = Review(
            deck: "D", cardKey: "q-1", time: Fixtures.date("2026-03-01 09:00"), answer: .gotIt, boxBefore: 0,
            boxAfter: 3, mode: .imported, isRepeat: false)
        try a.recordImports([RecordedAnswer(review: imported, question: "question q-1")], scheduler: scheduler)
        // B answered q-1 on 9 March (when box 3's four days were up) before meeting A.
        try answer(b, "q-1", .gotIt, at: "2026-03-09 09:00")
        let now = Fixtures.date("2026-03-10 09:00")
        _ = try Journal(folder: journal, store: a).start(scheduler: scheduler, now: now)
        _ = try Journal(folder: journal, store: b).start(scheduler: scheduler, now: now)
        _ = try Journal(folder: journal, store: a).importNew(scheduler: scheduler, now: now)
        let line = try XCTUnwrap(try ownLines(a).first.map { try JournalLine.parse(Substring($0)) })
        XCTAssertEqual(line.mode, .imported)
        XCTAssertEqual(line.box, 3)
        XCTAssertEqual(try states(a), try states(b))
        XCTAssertEqual(try states(b)[CardID(deck: "D", key: "q-1")]?.box, 4, "the import first, then B's answer")
    }

    /// The same lines give the same boxes, suspensions and activity totals whatever order and batches
    /// they arrive in, undos and suspensions included.
    func testRandomInterleavingsGiveTheSameBoxes() throws {
        var random = SplitMix(seed: 16)
        let devices = ["0000000000000001", "0000000000000002", "0000000000000003"]
        var lines: [JournalLine] = []
        var reviews: [JournalLine] = []
        var undone = Set<JournalID>()
        var seqs: [String: Int64] = [:]
        let start = Fixtures.date("2026-03-01 09:00")
        for _ in 0..<160 {
            let device = devices[Int(random.next() % 3)]
            seqs[device, default: 0] += 1
            let id = JournalID(device: device, seq: seqs[device]!)
            let time = start.addingTimeInterval(Double(random.next() % (20 * 86_400)))
            let card = CardID(deck: "D", key: "q-\(random.next() % 6)")
            let roll = random.next() % 16
            if roll == 0, let target = reviews.randomElement(using: &random) {
                var line = JournalLine(kind: .undo, id: id, time: time, card: target.card)
                line.cancels = target.id
                undone.insert(target.id)
                lines.append(line)
                continue
            }
            if roll == 1 {
                var line = JournalLine(kind: .suspension, id: id, time: time, card: card)
                line.suspended = random.next() % 2 == 0
                lines.append(line)
                continue
            }
            var line = JournalLine(kind: .review, id: id, time: time, card: card)
            line.answer = random.next() % 3 == 0 ? .missed : .gotIt
            line.mode = [StudyMode.study, .study, .ahead, .cram][Int(random.next() % 4)]
            // Halves add up exactly in any order.
            line.duration = random.next() % 4 == 0 ? nil : Double(random.next() % 40) / 2
            lines.append(line)
            reviews.append(line)
        }
        let now = Fixtures.date("2026-04-01 09:00")
        var reference: (states: [CardID: CardState], suspended: Set<CardID>, activity: ActivityHistory)?
        for trial in 0..<6 {
            let target = try store("t\(trial).sqlite")
            var shuffled = lines
            for index in shuffled.indices.reversed() {
                shuffled.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            var offset = 0
            while offset < shuffled.count {
                let count = min(shuffled.count - offset, 1 + Int(random.next() % 40))
                // Some lines arrive twice.
                let batch = Array(shuffled[offset..<(offset + count)]) + shuffled.prefix(Int(random.next() % 3))
                _ = try target.importJournal(batch, positions: [:], scheduler: scheduler, now: now)
                offset += count
            }
            let result = try states(target)
            let suspended = try target.suspendedCards()
            XCTAssertEqual(try target.reviewCount(), reviews.count - undone.count)
            // The running totals equal a pass over the standing log, however the boxes were re-derived.
            let activity = ActivityHistory(
                buckets: try target.activityBuckets(), recall: try target.recallBuckets(since: .distantPast),
                scheduler: scheduler)
            XCTAssertEqual(activity, ActivityHistory(reviews: try target.allReviews(), scheduler: scheduler))
            XCTAssertEqual(try target.loggedReviews(), reviews.count - undone.count)
            if let reference {
                XCTAssertEqual(result, reference.states, "trial \(trial)")
                XCTAssertEqual(suspended, reference.suspended, "trial \(trial)")
                XCTAssertEqual(activity, reference.activity, "trial \(trial)")
            } else {
                reference = (result, suspended, activity)
            }
        }
        XCTAssertEqual(reference?.states.count, 6)
        XCTAssertFalse(undone.isEmpty)
    }
}
