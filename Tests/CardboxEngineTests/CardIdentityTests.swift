import CardboxEngine
import XCTest

final class CardIdentityTests: XCTestCase {
    func testAnswerEditKeepsKey() {
        let before = Fixtures.collection("Q: What is PCA?\nA: old")
        let after = Fixtures.collection("Q: What is PCA?\nA: a new answer")
        XCTAssertEqual(before.cards[0].key, after.cards[0].key)
    }

    func testReorderingAndMovingKeepKeys() {
        let before = Fixtures.collection([("one.md", "---\ntitle: D\n---\n# A\nQ: first\nA: 1\n\nQ: second\nA: 2\n")])
        let after = Fixtures.collection([
            ("one.md", "---\ntitle: D\n---\n# B\n## C\nQ: second\nA: 2\n"),
            ("two.md", "---\ntitle: D\n---\n# Elsewhere\nQ: first\nA: 1\n"),
        ])
        let keys = { (c: CardCollection) in
            Dictionary(uniqueKeysWithValues: c.cards.map { ($0.question.plainText, $0.key) })
        }
        XCTAssertEqual(keys(before), keys(after))
    }

    func testWhitespaceAndCaseDoNotChangeKey() {
        let a = Fixtures.collection("Q: What  is\nPCA?\nA: x")
        let b = Fixtures.collection("Q: what is pca?\nA: x")
        XCTAssertEqual(a.cards[0].key, b.cards[0].key)
    }

    func testPinnedIDOverridesQuestion() {
        let a = Fixtures.collection("<!-- id: pca-def -->\nQ: What is PCA?\nA: x")
        let b = Fixtures.collection("<!-- id: pca-def -->\nQ: Totally different wording\nA: x")
        XCTAssertEqual(a.cards[0].key, "pca-def")
        XCTAssertEqual(a.cards[0].key, b.cards[0].key)
        let cloze = Fixtures.collection("<!-- id: ports -->\nC: [a] and [b]")
        XCTAssertEqual(cloze.cards.map(\.key), ["ports-1", "ports-2"])
        XCTAssertEqual(
            Fixtures.collection("<!-- id: bad id! -->\nQ: q\nA: a").diagnostics.map(\.message),
            ["card id must be letters, digits, '.', '_' or '-'"])
    }

    func testEditedQuestionInheritsOrphanProgress() throws {
        let store = try ProgressStore()
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let old = Fixtures.collection(
            "Q: How many containers can an inference pipeline hold?\nA: 2-15\n\nQ: Unrelated\nA: x")
        let now = Fixtures.date("2026-01-01 10:00")
        var states = try store.loadProgress(for: old).states
        var session = StudySession(mode: .study, topic: 0, queue: [0])
        let review = session.answer(.gotIt, collection: old, states: &states, scheduler: scheduler, now: now)!
        try store.record(review, question: old.cards[0].normalizedQuestion, scheduler: scheduler)

        let edited = Fixtures.collection(
            "Q: How many containers can an inference pipeline hold at most?\nA: 2-15\n\nQ: Unrelated\nA: x")
        XCTAssertNotEqual(edited.cards[0].key, old.cards[0].key)
        let loaded = try store.loadProgress(for: edited)
        XCTAssertEqual(loaded.moved.count, 1)
        XCTAssertEqual(loaded.states[0]?.box, 1)
        XCTAssertNil(loaded.states[1])
        XCTAssertEqual(loaded.orphans, [])
        // The move is persistent: the log now speaks of the new key.
        XCTAssertEqual(try store.reviews(of: CardID(deck: "deck", key: edited.cards[0].key)).count, 1)
        XCTAssertEqual(try store.loadProgress(for: edited).moved, [])
    }

    func testOnlyOneCardInheritsAndDissimilarStaysOrphan() throws {
        let store = try ProgressStore()
        let now = Fixtures.date("2026-01-01 10:00")
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let oldQuestion = CardKey.normalize("What does SageMaker Neo optimise models for?")
        let orphanKey = CardKey.basic(normalizedQuestion: oldQuestion, pinnedID: nil)
        try store.record(
            Review(
                deck: "deck", cardKey: orphanKey, time: now, answer: .gotIt, boxBefore: 2, boxAfter: 3,
                mode: .study, isRepeat: false), question: oldQuestion, scheduler: scheduler)
        let edited = Fixtures.collection(
            """
            Q: What does SageMaker Neo optimise models for?!
            A: x

            Q: What does SageMaker Neo optimise models for??
            A: y

            Q: Something else entirely about Kinesis
            A: z
            """)
        let loaded = try store.loadProgress(for: edited, persistMoves: false)
        XCTAssertEqual(loaded.states.compactMap { $0 }.count, 1, "exactly one card inherits")

        let far = Fixtures.collection("Q: Something else entirely about Kinesis\nA: z")
        let farLoaded = try store.loadProgress(for: far, persistMoves: false)
        XCTAssertEqual(farLoaded.moved, [])
        XCTAssertEqual(farLoaded.orphans.map(\.key), [orphanKey])
    }

    func testSimilarityIsSymmetricAndBounded() {
        XCTAssertEqual(TextSimilarity.dice("abc", "abc"), 1)
        XCTAssertEqual(TextSimilarity.dice("ab", "cd"), 0)
        XCTAssertEqual(TextSimilarity.dice("night", "nacht"), TextSimilarity.dice("nacht", "night"))
    }
}

extension CardIdentityTests {
    func testIDWithoutCardIsReported() {
        XCTAssertEqual(
            Fixtures.collection("<!-- id: lost -->\n# Heading\nQ: q\nA: a").diagnostics.map(\.description),
            ["deck.md:1: card id is not followed by a card"])
    }
}
