import CardboxEngine
import Foundation
import XCTest

/// Deck files changed, added or deleted while the app runs are noticed by their stamps, and a
/// reload reads the same collection a fresh load would.
final class DeckWatcherTests: XCTestCase {
    func testChangesAreNoticedAndReloadMatchesAFreshLoad() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let sub = folder.appendingPathComponent("more")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let first = folder.appendingPathComponent("a.md")
        try "# A\nQ: one?\nA: 1\n".write(to: first, atomically: false, encoding: .utf8)
        try "# B\nQ: two?\nA: 2\n".write(to: sub.appendingPathComponent("b.md"), atomically: false, encoding: .utf8)
        let watcher = DeckWatcher(paths: [folder.path])
        XCTAssertFalse(watcher.hasChanges())

        func assertSameAsFreshLoad(_ line: UInt = #line) {
            let reloaded = watcher.reload()
            let fresh = ContentLoader.load(paths: [folder.path])
            XCTAssertEqual(reloaded.cards.map(\.id), fresh.cards.map(\.id), line: line)
            XCTAssertEqual(reloaded.cards.map(\.answer), fresh.cards.map(\.answer), line: line)
            XCTAssertEqual(reloaded.nodes.map(\.title), fresh.nodes.map(\.title), line: line)
            XCTAssertEqual(reloaded.diagnostics, fresh.diagnostics, line: line)
            XCTAssertFalse(watcher.hasChanges(), "a reload takes the new stamps", line: line)
        }
        assertSameAsFreshLoad()

        // An edit of the same size, in place.
        try "# A\nQ: one?\nA: 9\n".write(to: first, atomically: false, encoding: .utf8)
        XCTAssertTrue(watcher.hasChanges())
        assertSameAsFreshLoad()
        XCTAssertEqual(watcher.reload().cards.first?.answer.plainText, "9")

        // A file replaced by a rename (what many editors do), one added in a sub-folder, one deleted.
        let replacement = folder.appendingPathComponent(".a.md.tmp")
        try "# A\nQ: one?\nA: renamed in\n".write(to: replacement, atomically: false, encoding: .utf8)
        XCTAssertEqual(rename(replacement.path, first.path), 0)
        XCTAssertTrue(watcher.hasChanges())
        assertSameAsFreshLoad()
        try "# C\nQ: three?\nA: 3\n".write(to: sub.appendingPathComponent("c.md"), atomically: false, encoding: .utf8)
        XCTAssertTrue(watcher.hasChanges(), "a new file changes its folder")
        assertSameAsFreshLoad()
        try FileManager.default.removeItem(at: sub.appendingPathComponent("b.md"))
        XCTAssertTrue(watcher.hasChanges())
        assertSameAsFreshLoad()
        XCTAssertEqual(watcher.reload().cards.map(\.normalizedQuestion), ["one?", "three?"])

        // A named folder that disappears and comes back.
        let renamed = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "-away")
        try FileManager.default.moveItem(at: folder, to: renamed)
        XCTAssertTrue(watcher.hasChanges())
        XCTAssertEqual(watcher.reload().cards.count, 0)
        try FileManager.default.moveItem(at: renamed, to: folder)
        XCTAssertTrue(watcher.hasChanges())
        assertSameAsFreshLoad()
    }

    func testANamedFileThatAppearsLater() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let deck = folder.appendingPathComponent("later.md")
        let watcher = DeckWatcher(paths: [deck.path])
        XCTAssertFalse(watcher.hasChanges())
        XCTAssertEqual(watcher.reload().diagnostics.map(\.message), ["no such file or folder"])
        try "# L\nQ: here?\nA: yes\n".write(to: deck, atomically: true, encoding: .utf8)
        XCTAssertTrue(watcher.hasChanges())
        XCTAssertEqual(watcher.reload().cards.count, 1)
    }
}

/// A session follows its cards into a reloaded collection.
final class SessionRemapTests: XCTestCase {
    func testGoneCardsLeaveTheQueueAndOthersKeepTheirUndo() {
        let collection = Fixtures.basicDeck(4)
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        var states = [CardState?](repeating: nil, count: 4)
        var session = StudySession(mode: .study, topic: 0, queue: [0, 1, 2, 3])
        let now = Fixtures.date("2026-03-01 10:00")
        _ = session.answer(.gotIt, collection: collection, states: &states, scheduler: scheduler, now: now)
        _ = session.answer(.missed, collection: collection, states: &states, scheduler: scheduler, now: now)
        XCTAssertEqual(session.queue, [0, 1, 2, 3, 1])
        XCTAssertEqual(session.current, 2)
        // Card 2 (shown) is deleted; the others move up one place; card 1's answer can still be undone.
        let gone = session.remap(topic: 0) { [0: 0, 1: 1, 3: 2][$0] }
        XCTAssertEqual(gone, 1)
        XCTAssertEqual(session.current, 2, "the next card, 3, now at index 2")
        XCTAssertEqual(session.remaining, 2)
        XCTAssertEqual(session.lastAnsweredCard, 1)
        var reloadedStates = [states[0], states[1], states[3]]
        XCTAssertNotNil(session.undo(states: &reloadedStates))
        XCTAssertEqual(session.current, 1)
        XCTAssertNil(reloadedStates[1])
        // The first answer's card deleted too: its undo step goes, nothing is undone by mistake.
        let second = session.remap(topic: 0) { [1: 0, 2: 1][$0] }
        XCTAssertEqual(second, 1)
        XCTAssertFalse(session.canUndo)
        XCTAssertEqual(session.current, 0)
    }

    func testBrowsingTakesGoneCardsOutOfTheList() {
        var session = StudySession(mode: .browse, topic: 3, queue: [5, 6, 7, 8])
        session.jump(to: 2)
        XCTAssertEqual(session.remap(topic: 1) { $0 == 6 ? nil : $0 - 5 }, 1)
        XCTAssertEqual(session.queue, [0, 2, 3])
        XCTAssertEqual(session.current, 2)
        XCTAssertEqual(session.topic, 1)
        session.remap(topic: 1) { _ in nil }
        XCTAssertTrue(session.isFinished)
    }
}

/// After an edit the card is found by identity, then by moved progress, then by position.
final class EditedCardTests: XCTestCase {
    func testFindOrder() {
        let before = Fixtures.collection("# T\nQ: one?\nA: 1\n\nQ: two?\nA: 2\n\nQ: three?\nA: 3\n")
        let edited = EditedCard(id: before.cards[1].id, source: before.cards[1].source, question: "two?")
        let answerEdited = Fixtures.collection("# T\nQ: one?\nA: 1\n\nQ: two?\nA: changed\n\nQ: three?\nA: 3\n")
        XCTAssertEqual(edited.find(in: answerEdited, moved: [:], unclaimed: { _ in true }), 1)
        let rewritten = Fixtures.collection(
            "# T\nQ: zero?\nA: 0\n\nQ: one?\nA: 1\n\nQ: deux?\nA: 2\n\nQ: three?\nA: 3\n")
        XCTAssertEqual(
            edited.find(in: rewritten, moved: [edited.id: rewritten.cards[2].id], unclaimed: { _ in true }), 2)
        // By position: the card nearest line 5 that holds no other card's progress.
        XCTAssertEqual(rewritten.cards.map(\.source.line), [2, 5, 8, 11])
        XCTAssertEqual(edited.find(in: rewritten, moved: [:], unclaimed: { $0 >= 2 }), 2)
        XCTAssertNil(edited.find(in: Fixtures.collection("# T\n"), moved: [:], unclaimed: { _ in true }))
        let otherFile = Fixtures.collection("# T\nQ: two, elsewhere\nA: 2\n", path: "other.md")
        XCTAssertNil(edited.find(in: otherFile, moved: [:], unclaimed: { _ in true }))
    }

    func testByPositionTheSameDirectionOrGapIsPreferred() {
        let before = Fixtures.collection("# T\nR: front\nA: back\n\nC: [a] and [b]\n")
        XCTAssertEqual(before.cards.count, 4)
        let reversed = before.cards[1]
        let secondGap = before.cards[3]
        let after = Fixtures.collection("# T\nR: a new front\nA: a new back\n\nC: [x] or [y]\n")
        for card in [reversed, secondGap] {
            let edited = EditedCard(
                id: card.id, source: card.source, question: card.normalizedQuestion, kind: card.kind)
            let found = edited.find(in: after, moved: [:], unclaimed: { _ in true })
            XCTAssertEqual(found.map { after.cards[$0].kind }, card.kind)
            XCTAssertEqual(found.map { after.cards[$0].source.line }, card.source.line)
        }
    }
}
