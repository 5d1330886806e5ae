import CardboxEngine
import CardboxTestSupport
import Foundation
import Synchronization
import XCTest

/// The running app's merge, in transactions of a few cards each beside the app's own answers: nothing
/// is lost or overwritten, and the states are those a full replay gives.
final class JournalBesideTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private var folder: URL!
    private var journal: String { folder.appendingPathComponent("journal").path }

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-beside") { self.addTeardownBlock($0) }
    }

    private func store(_ name: String) throws -> ProgressStore {
        try ProgressStore(path: folder.appendingPathComponent(name).path)
    }

    private func review(_ key: String, _ answer: Answer, at time: Date) -> RecordedAnswer {
        RecordedAnswer(
            review: Review(
                deck: "D", cardKey: key, time: time, answer: answer, boxBefore: 0, boxAfter: 0, mode: .study,
                isRepeat: false, seconds: 2),
            question: "question \(key)")
    }

    /// Another device's answers: `perCard` over each of `cards` cards, a day apart, some missed.
    private func otherDevice(cards: Int, perCard: Int) throws -> ProgressStore {
        let other = try store("other.sqlite")
        let start = Fixtures.date("2026-03-01 09:00")
        var answers: [RecordedAnswer] = []
        for day in 0..<perCard {
            for card in 0..<cards {
                answers.append(
                    review(
                        "q-\(card)", (day + card) % 5 == 0 ? .missed : .gotIt,
                        at: start.addingTimeInterval(Double(day * 86_400 + card))))
            }
        }
        try other.record(answers, scheduler: scheduler)
        try Journal(folder: journal, store: other).flush()
        return other
    }

    private func states(_ store: ProgressStore) throws -> [CardID: CardState] {
        Dictionary(uniqueKeysWithValues: try store.storedStates().map { ($0.id, $0.state) })
    }

    /// The states a fresh file gives from every line of `stores` imported at once.
    private func replayed(_ stores: [ProgressStore], now: Date) throws -> [CardID: CardState] {
        let reference = try store("reference-\(UUID().uuidString).sqlite")
        let lines = try stores.flatMap { try $0.ownEvents(after: 0) }
        _ = try reference.importJournal(lines, positions: [:], scheduler: scheduler, now: now)
        return try states(reference)
    }

    func testSplittingKeepsEveryLineAndPutsTheOtherKindsFirst() throws {
        var lines = JournalLines()
        for index in 0..<20 {
            var line = JournalLine(
                kind: .review, id: JournalID(device: "0000000000000002", seq: Int64(index + 1)),
                time: Fixtures.date("2026-03-01 09:00").addingTimeInterval(Double(index)),
                card: CardID(deck: "D", key: "q-\(index % 7)"))
            line.answer = .gotIt
            lines.append(line)
        }
        var suspension = JournalLine(
            kind: .suspension, id: JournalID(device: "0000000000000002", seq: 21),
            time: Fixtures.date("2026-03-02 09:00"), card: CardID(deck: "D", key: "q-1"))
        suspension.suspended = true
        lines.append(suspension)
        let parts = lines.split(cardsPerPart: 3)
        XCTAssertEqual(parts.count, 3, "7 cards, 3 a part")
        XCTAssertEqual(parts.map(\.count).reduce(0, +), lines.count)
        XCTAssertEqual(parts.map(\.others.count), [1, 0, 0])
        XCTAssertEqual(JournalLines().split(cardsPerPart: 3).count, 1)
    }

    func testAnswersGivenBetweenTheTransactionsOfAMergeStandAndReplayInOrder() throws {
        let other = try otherDevice(cards: 6, perCard: 10)
        let mine = try store("mine.sqlite")
        let now = Fixtures.date("2026-03-20 09:00")
        let batch = JournalReader.read(
            folder: journal, ownFile: JournalFolder.fileName(device: try XCTUnwrap(try mine.deviceID())),
            positions: [:])
        XCTAssertEqual(batch.lines.count, 60)
        var calls = 0
        let merge = try mine.importJournal(
            batch.lines, positions: batch.positions, scheduler: scheduler, now: now, cardsPerTransaction: 2,
            between: {
                calls += 1
                guard calls == 1 else { return }
                // After the first part (q-0 and q-1) and before the others: cards already merged, and one
                // not merged yet answered between the other device's answers (its part replays it in order).
                try mine.record(
                    [
                        self.review("q-0", .missed, at: Fixtures.date("2026-03-19 08:00")),
                        self.review("q-1", .gotIt, at: Fixtures.date("2026-03-19 09:00")),
                        self.review("q-5", .missed, at: Fixtures.date("2026-03-05 12:00")),
                    ], scheduler: self.scheduler)
            })
        XCTAssertEqual(calls, 2, "three parts, two pauses")
        XCTAssertEqual(merge.imported, 60)
        XCTAssertEqual(try mine.reviewCount(), 63, "both devices' answers are in the log")
        let expected = try replayed([other, mine], now: now)
        XCTAssertEqual(try states(mine), expected, "the states a full replay gives")
        XCTAssertEqual(expected.count, 6)
        // The merge's own states are those its parts left; read again, they are the file's.
        let fresh = try mine.refreshed(merge)
        for card in merge.states.keys { XCTAssertEqual(fresh.states[card] ?? nil, expected[card]) }
        XCTAssertNotEqual(merge.states[CardID(deck: "D", key: "q-1")] ?? nil, expected[CardID(deck: "D", key: "q-1")])
        // The running totals still equal a pass over the standing log.
        let activity = ActivityHistory(
            buckets: try mine.activityBuckets(), recall: try mine.recallBuckets(since: .distantPast),
            scheduler: scheduler)
        XCTAssertEqual(activity, ActivityHistory(reviews: try mine.allReviews(), scheduler: scheduler))
        // Read again later, nothing is new: the positions were stored with the last part.
        XCTAssertEqual(
            try Journal(folder: journal, store: mine).importNew(scheduler: scheduler, now: now).0.imported, 0)
    }

    func testAnswersGivenOnAnotherThreadWhileAMergeRunsAreAllKept() throws {
        let other = try otherDevice(cards: 300, perCard: 10)
        let mine = try store("mine.sqlite")
        let journal = Journal(folder: self.journal, store: mine)
        try journal.flush()
        let now = Fixtures.date("2026-03-20 09:00")
        let done = expectation(description: "merged")
        let outcome = Mutex<Result<JournalMerge, any Error>?>(nil)
        let scheduler = scheduler
        DispatchQueue.global().async {
            let result = Result { try journal.mergeBeside(scheduler: scheduler, now: now).0 }
            outcome.withLock { $0 = result }
            done.fulfill()
        }
        // Whenever they land, each answer is committed and written to the journal: none fails or is lost.
        for index in 0..<40 {
            let answer = review(
                "q-\(index * 7 % 300)", index % 3 == 0 ? .missed : .gotIt,
                at: now.addingTimeInterval(Double(index - 3600)))
            try mine.record(answer.review, question: answer.question, scheduler: scheduler)
            try journal.flush()
        }
        wait(for: [done], timeout: 120)
        let merge = try XCTUnwrap(try outcome.withLock { $0 }?.get())
        XCTAssertEqual(merge.imported, 3000)
        XCTAssertEqual(try mine.reviewCount(), 3040)
        XCTAssertEqual(try states(mine), try replayed([other, mine], now: now))
        let fresh = try mine.refreshed(merge)
        let stored = try states(mine)
        for card in merge.states.keys { XCTAssertEqual(fresh.states[card] ?? nil, stored[card]) }
        // The journal holds each of this device's answers once, in order.
        let own = try String(contentsOfFile: try XCTUnwrap(try journal.ownPath()), encoding: .utf8)
            .split(separator: "\n").map { try JournalLine.parse($0).id.seq }
        XCTAssertEqual(own, Array(1...40))
    }
}
