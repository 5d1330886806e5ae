import CardboxEngine
import Foundation
import XCTest

@testable import CardboxTUI

/// `e` hands the card to the editor and shows it again as saved; decks that change while the app
/// runs are swapped in under a running session.
final class EditAndReloadTests: XCTestCase {
    static func collection(_ text: String, path: String = "deck.md") -> CardCollection {
        CollectionBuilder.build(files: [DeckParser.parse(text: text, path: path)])
    }

    static let deck = "# T\nQ: one?\nA: 1\n\nQ: two?\nA: 2\n\nQ: three?\nA: 3\n"

    func testEAsksForTheEditorAtTheCardsFileAndLine() throws {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        XCTAssertEqual(state.press("<Enter>"), [])
        let effects = state.press("e")
        let card = state.collection.cards[0]
        XCTAssertEqual(
            effects,
            [.edit(EditedCard(id: card.id, source: SourceLocation(path: "deck.md", line: 2), question: "one?"))])
        XCTAssertEqual(state.mode.name, "session", "the session goes on while the editor runs")
        // In the tree there is no card to edit.
        var tree = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        XCTAssertEqual(tree.press("e"), [])
    }

    func testEditedAnswerIsShownWithTheSameProgress() throws {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        state.press("<Enter><Space>y")
        XCTAssertEqual(state.currentCard, 1)
        let answered = state.states[0]
        XCTAssertNotNil(answered)
        guard case .edit(let edited) = state.press("e").first else { return XCTFail("no edit effect") }
        XCTAssertEqual(edited.source.line, 5)
        let saved = Self.collection("# T\nQ: one?\nA: 1\n\nQ: two?\nA: two, edited\n\nQ: three?\nA: 3\n")
        _ = update(
            &state,
            .editorFinished(edited, problem: nil, reload: DeckReload(collection: saved, states: [answered, nil, nil])))
        XCTAssertEqual(state.currentCard, 1)
        XCTAssertEqual(state.collection.cards[1].answer.plainText, "two, edited")
        XCTAssertEqual(state.states[0], answered)
        XCTAssertEqual(state.message?.text, "Edited; the card reads as saved, its progress kept")
        XCTAssertEqual(state.mode.session?.progress.position, 2)
        // Undo still takes back the first answer.
        state.press("u")
        XCTAssertEqual(state.currentCard, 0)
        XCTAssertNil(state.states[0])
    }

    func testRewrittenQuestionIsFollowedByMovedProgressThenByPosition() throws {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        state.press("b<Right>")
        guard case .edit(let edited) = state.press("e").first else { return XCTFail("no edit effect") }
        let rewritten = Self.collection("# T\nQ: one?\nA: 1\n\nQ: a different question\nA: 2\n\nQ: three?\nA: 3\n")
        let newID = rewritten.cards[1].id
        // By the progress that moved.
        var moved = state
        _ = update(
            &moved,
            .editorFinished(
                edited, problem: nil,
                reload: DeckReload(collection: rewritten, states: [nil, nil, nil], moved: [edited.id: newID])))
        XCTAssertEqual(moved.currentCard, 1)
        XCTAssertEqual(moved.collection.cards[1].question.plainText, "a different question")
        // By position: nothing moved, the card nearest its old line in the same file is the one.
        var positioned = state
        _ = update(
            &positioned,
            .editorFinished(edited, problem: nil, reload: DeckReload(collection: rewritten, states: [nil, nil, nil])))
        XCTAssertEqual(positioned.currentCard, 1)
        XCTAssertEqual(positioned.mode.name, "session")
    }

    func testAFailingEditorIsReportedInTheStatusLine() {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        state.press("<Enter>")
        guard case .edit(let edited) = state.press("e").first else { return XCTFail("no edit effect") }
        _ = update(&state, .editorFinished(edited, problem: "The editor exited with status 3", reload: nil))
        XCTAssertEqual(state.message, StatusMessage("The editor exited with status 3", kind: .error))
        XCTAssertEqual(state.currentCard, 0)
        var unchanged = state
        _ = update(&unchanged, .editorFinished(edited, problem: nil, reload: nil))
        XCTAssertEqual(unchanged.message?.text, "No change to deck.md")
    }

    /// An editor quit without saving can still leave a reload behind (a swap file came and went in
    /// the folder, or the file was written back as it was): the card is unchanged all the same.
    func testAFileThatReadsAsBeforeIsNoChangeEvenWhenTheDecksReloaded() {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        state.press("<Enter>")
        guard case .edit(let edited) = state.press("e").first else { return XCTFail("no edit effect") }
        let same = DeckReload(collection: Self.collection(Self.deck), states: [nil, nil, nil])
        _ = update(&state, .editorFinished(edited, problem: nil, reload: same, fileChanged: false))
        XCTAssertEqual(state.message?.text, "No change to deck.md")
        XCTAssertEqual(state.currentCard, 0)
        var saved = state
        _ = update(&saved, .editorFinished(edited, problem: nil, reload: same, fileChanged: true))
        XCTAssertEqual(saved.message?.text, "Edited; the card reads as saved, its progress kept")
    }

    func testACardDeletedOutsideLeavesTheSessionWithAMessage() throws {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        state.press("<Enter>")
        XCTAssertEqual(state.currentCard, 0)
        let shrunk = Self.collection("# T\nQ: two?\nA: 2\n\nQ: three?\nA: 3\n\nQ: four?\nA: 4\n")
        _ = update(&state, .decksChanged(DeckReload(collection: shrunk, states: [nil, nil, nil])))
        XCTAssertEqual(state.mode.name, "session")
        XCTAssertEqual(state.currentCard.map { state.collection.cards[$0].question.plainText }, "two?")
        XCTAssertEqual(
            state.message?.text,
            "The card shown was deleted from its deck, so it left the session (1 new card, 1 card gone)")
        XCTAssertEqual(state.counts[0].total, 3)
        // The rest of the session goes on: two and three, then the summary.
        state.press("<Space>y<Space>y")
        XCTAssertEqual(state.mode.name, "summary")
    }

    func testNewCardsAppearInTheCountsAndTheTreeFollows() throws {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        XCTAssertEqual(state.counts[0].total, 3)
        let grown = CollectionBuilder.build(files: [
            DeckParser.parse(text: Self.deck, path: "deck.md"),
            DeckParser.parse(text: "---\ntitle: Other\n---\n# U\nQ: new?\nA: yes\n", path: "other.md"),
        ])
        _ = update(&state, .decksChanged(DeckReload(collection: grown, states: [nil, nil, nil, nil])))
        XCTAssertEqual(state.counts[0].total, 4)
        XCTAssertEqual(state.collection.decks.map(\.title), ["deck", "Other"])
        XCTAssertEqual(state.message?.text, "Decks reloaded (1 new card)")
        XCTAssertTrue(Screen.render(state, theme: .unicode(color: false)).text().contains("Other"))
    }

    func testBrowsingDropsDeletedCardsAndEndsWhenNoneIsLeft() {
        var state = Fixtures.state(Self.collection(Self.deck), states: [nil, nil, nil])
        state.press("b<Right><Right>")
        XCTAssertEqual(state.currentCard, 2)
        let fewer = Self.collection("# T\nQ: one?\nA: 1\n\nQ: three?\nA: 3\n")
        _ = update(&state, .decksChanged(DeckReload(collection: fewer, states: [nil, nil])))
        XCTAssertEqual(state.mode.session?.session.queue, [0, 1])
        XCTAssertEqual(state.currentCard, 1, "still on three")
        let empty = Self.collection("# T\n")
        _ = update(&state, .decksChanged(DeckReload(collection: empty, states: [])))
        XCTAssertEqual(state.mode.name, "tree")
    }

    func testOOpensTheFirstLinkAndKeepsTheAnswersLinksUntilShown() {
        let collection = Self.collection(
            "# T\nQ: See [docs](https://example.com/a) and [more](https://example.com/b)\nA: x\n\n"
                + "Q: plain\nA: [answer link](https://example.com/c)\n")
        var state = Fixtures.state(collection, states: [nil, nil])
        state.press("b")
        XCTAssertEqual(state.press("o"), [.open(.link("https://example.com/a"))])
        state.press("<Right>")
        XCTAssertEqual(state.press("o"), [])
        XCTAssertEqual(state.message?.text, "No link or image in the question; reveal the answer for its links")
        XCTAssertEqual(state.press("<Space>o"), [.open(.link("https://example.com/c"))])
        let plain = Self.collection("# T\nQ: plain\nA: no link\n")
        var none = Fixtures.state(plain, states: [nil])
        none.press("<Enter><Space>")
        XCTAssertEqual(none.press("o"), [])
        XCTAssertEqual(none.message?.text, "This card has no http(s) link or image to open")
    }
}
