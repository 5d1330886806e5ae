import CardboxEngine
import XCTest

/// Progress brought in from Anki: `import` reviews set a box, replay honours them, a second import
/// of the same history adds nothing.
final class ImportedProgressTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))

    private func imported(_ key: String, box: Int, at time: String, missed: Bool = false) -> Review {
        Review(
            deck: "Deck", cardKey: key, time: Fixtures.date(time), answer: missed ? .missed : .gotIt, boxBefore: 0,
            boxAfter: box, mode: .imported, isRepeat: false)
    }

    func testNearestBox() {
        // Intervals 1, 2, 4, 8, 16 days.
        XCTAssertEqual(
            [0, -600, 1, 2, 3, 4, 5, 6, 7, 12, 13, 30, 400].map(scheduler.box(nearestInterval:)),
            [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5])
    }

    func testAnImportSetsTheBoxAndReplayHonoursIt() {
        let review = imported("k", box: 4, at: "2026-03-01 10:00")
        let state = scheduler.state(after: review, from: nil)
        XCTAssertEqual(state?.box, 4)
        XCTAssertEqual(state?.lastReview, review.time)
        XCTAssertEqual(state?.missed, false)
        // A later answer moves on from the imported box, in a replay as when studied.
        let later = Review(
            deck: "Deck", cardKey: "k", time: Fixtures.date("2026-03-10 10:00"), answer: .gotIt, boxBefore: 4,
            boxAfter: 5, mode: .study, isRepeat: false)
        XCTAssertEqual(scheduler.replay([review, later])?.box, 5)
        XCTAssertEqual(scheduler.state(after: imported("k", box: 9, at: "2026-03-01 10:00"), from: nil)?.box, 5)
        XCTAssertEqual(
            scheduler.state(after: imported("k", box: 1, at: "2026-03-01 10:00", missed: true), from: nil)?.missed,
            true)
        // Studying with the mode itself changes nothing: only a logged import names a box.
        XCTAssertNil(scheduler.apply(.gotIt, to: nil, mode: .imported, isRepeat: false, now: review.time))
    }

    func testRecordImportsSkipsWhatWasImportedAndOrdersByTime() throws {
        let store = try ProgressStore()
        // Studied here first, on 10 March: a new card enters box 1.
        let studied = scheduler.review(
            deck: "Deck", key: "a", state: nil, answer: .gotIt, mode: .study, isRepeat: false,
            now: Fixtures.date("2026-03-10 10:00"))
        try store.record(studied.review, question: "a?", scheduler: scheduler)
        // Anki's history, from 1 March, arrives later.
        let answers = [
            RecordedAnswer(review: imported("a", box: 3, at: "2026-03-01 10:00"), question: "a?"),
            RecordedAnswer(review: imported("b", box: 4, at: "2026-03-02 10:00"), question: "b?"),
        ]
        let first = try store.recordImports(answers, scheduler: scheduler)
        XCTAssertEqual(first, ProgressStore.ImportOutcome(recorded: 2, alreadyImported: 0))
        let states = Dictionary(uniqueKeysWithValues: try store.storedStates().map { ($0.key, $0.state) })
        // The import comes first in time. The 10 March answer found the card due (box 3 waits 4 days
        // from 1 March), so it moved the card up from the imported box.
        XCTAssertEqual(states["a"]?.box, 4)
        XCTAssertEqual(states["b"]?.box, 4)
        let second = try store.recordImports(answers, scheduler: scheduler)
        XCTAssertEqual(second, ProgressStore.ImportOutcome(recorded: 0, alreadyImported: 2))
        XCTAssertEqual(try store.reviewCount(), 3)
    }
}
