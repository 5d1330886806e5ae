import CardboxEngine
import XCTest

@testable import CardboxTUI

/// With no deck found, the app says where it looked and how to add a deck instead of an empty tree.
final class WelcomeScreenTests: XCTestCase {
    static let looked = [
        "  --content: not given", "  $CARDBOX_CONTENT: not set",
        "  settings file (/home/me/.config/cardbox/config.toml) content: not set",
        "  ./Content: no such file or folder", "  /usr/local/share/cardbox/Content: no such file or folder",
    ]

    static func state(width: Int, height: Int) -> AppState {
        AppState(
            collection: .empty, states: [], scheduler: Fixtures.scheduler, now: Fixtures.now, width: width,
            height: height, decksLookedFor: looked)
    }

    func testWelcome80x24() {
        let screen = Screen.render(Self.state(width: 80, height: 24), theme: .unicode(color: false)).text()
        XCTAssertTrue(screen.contains("./Content: no such file or folder"), screen)
        XCTAssertTrue(screen.contains("cardbox init"), screen)
        assertSnapshot(screen, named: "Welcome80x24")
    }

    func testWelcomeTinyInASCII() {
        let screen = Screen.render(Self.state(width: 40, height: 12), theme: .ascii()).text()
        XCTAssertTrue(screen.contains("WELCOME"), screen)
        assertSnapshot(screen, named: "WelcomeTiny40x12ASCII")
    }

    func testOnlyQuitAndHelpActUntilADeckArrives() {
        var state = Self.state(width: 80, height: 24)
        for key in ["<Enter>", "b", "/", "s", "e"] {
            XCTAssertEqual(state.press(key), [], key)
            XCTAssertTrue(state.showsWelcome, key)
        }
        XCTAssertEqual(
            state.message?.text, "No decks yet: add one as shown (cardbox init writes a sample), or q to quit")
        state.press("?")
        XCTAssertTrue(state.showHelp)
        state.press("<Esc>")
        XCTAssertEqual(state.press("q"), [.quit])
        // A deck saved meanwhile: the tree takes the screen.
        let deck = CollectionBuilder.build(files: [DeckParser.parse(text: "# T\nQ: q?\nA: a\n", path: "new.md")])
        _ = update(&state, .decksChanged(DeckReload(collection: deck, states: [nil])))
        XCTAssertFalse(state.showsWelcome)
        XCTAssertTrue(Screen.render(state, theme: .unicode(color: false)).text().contains("All decks"))
    }
}
