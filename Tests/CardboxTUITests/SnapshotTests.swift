import CardboxEngine
import XCTest

@testable import CardboxTUI

/// Whole screens as text, compared with golden files in `__Snapshots__/`.
final class SnapshotTests: XCTestCase {
    func testTreeAt80x24() {
        assertSnapshot(Fixtures.state().screen())
    }

    func testTreeAt120x40Expanded() {
        var state = Fixtures.state(width: 120, height: 40)
        state.press("jl<Right>l")
        assertSnapshot(state.screen())
    }

    func testTreeInASCII() {
        var state = Fixtures.state()
        state.press("jl")
        assertSnapshot(state.screen(.ascii()))
    }

    func testSessionQuestion() {
        var state = Fixtures.state()
        state.press("<Enter>")
        assertSnapshot(state.screen())
    }

    func testSessionAnswerRevealed() {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        assertSnapshot(state.screen())
    }

    func testClozeQuestionAndAnswer() {
        var state = Fixtures.state(width: 90, height: 20)
        state.press("jlj<Right><Right>c")
        XCTAssertEqual(state.mode.session?.session.current, 2)
        assertSnapshot(state.screen(), named: "ClozeQuestion")
        state.press("<Space>")
        assertSnapshot(state.screen(), named: "ClozeAnswer")
    }

    func testSummary() {
        var state = Fixtures.state()
        state.press("<Enter><Space>y<Space>n<Esc>")
        assertSnapshot(state.screen())
    }

    func testHelpOverlay() {
        var state = Fixtures.state()
        state.press("?")
        assertSnapshot(state.screen())
    }

    func testStatistics() {
        var state = Fixtures.state(width: 100, height: 20)
        state.press("s")
        assertSnapshot(state.screen())
    }

    func testSearch() {
        var state = Fixtures.state(width: 100, height: 24)
        state.press("/sage<Down>")
        assertSnapshot(state.screen())
    }

    func testTooSmall30x10() {
        let state = Fixtures.state(width: 30, height: 10)
        let screen = state.screen()
        XCTAssertTrue(screen.contains("Terminal too small"))
        assertSnapshot(screen)
    }

    func testTiny1x1AndZero() {
        XCTAssertEqual(Fixtures.state(width: 1, height: 1).screen(), "T")
        XCTAssertEqual(Fixtures.state(width: 0, height: 0).screen(), "")
        XCTAssertEqual(Fixtures.state(width: 0, height: 5).screen(), "\n\n\n\n")
        var state = Fixtures.state(width: 1, height: 1)
        state.press("<Enter><Space>y?/x<Esc>s")
        XCTAssertEqual(state.screen(), "T", "keys work and nothing crashes at 1×1")
    }

    func testWideCharactersInTheTreeAndCard() {
        var state = Fixtures.state(width: 60, height: 16)
        state.press("jjl<Down>b<Space>")
        assertSnapshot(state.screen())
    }

    func testLongAnswerWrapsAndScrolls() {
        var state = Fixtures.state(Fixtures.longAnswer, states: [nil], width: 70, height: 20)
        state.press("<Enter><Space>")
        assertSnapshot(state.screen(), named: "LongAnswerTop")
        state.press("<End>")
        assertSnapshot(state.screen(), named: "LongAnswerBottom")
    }

    func testWideCharactersNeverBreakABorder() {
        // Titles and text full of wide characters, at every width from the minimum up.
        let wide = Fixtures.collection([
            (
                "漢字デッキ🎴",
                [
                    TopicSpec(
                        title: "東京タワー🗼とスカイツリー",
                        cards: [
                            .basic(
                                "日本語の質問です。東京タワーはどこにありますか？🗼🗼🗼",
                                "東京都港区芝公園にあります。👍👍👍 とても高いです。")
                        ])
                ]
            )
        ])
        for (width, showTree) in (40...64).flatMap({ [($0, false), ($0, true)] }) {
            var state = Fixtures.state(wide, states: [nil], width: width, height: 14)
            // Below 100 columns a session hides the tree; `t` shows it.
            state.press(showTree ? "<Down><Down>b<Space>t" : "<Down><Down>b<Space>")
            XCTAssertEqual(state.treeHidden, !showTree)
            let surface = Screen.render(state, theme: .unicode(color: false))
            let rects = state.layout.session(treeHidden: state.treeHidden, answerLines: 1)
            let borders = [0, rects.card.x, width - 1] + (rects.tree.map { [$0.maxX - 1] } ?? [])
            for y in 0..<(state.height - 1) {
                for x in borders {
                    let cell = surface.cell(x: x, y: y)
                    XCTAssertFalse(cell.isContinuation, "width \(width): half a wide character at (\(x),\(y))")
                    XCTAssertTrue(
                        "│┃┌┐└┘┏┓┗┛─━".contains(cell.text), "width \(width): '\(cell.text)' at (\(x),\(y)) is no border"
                    )
                }
            }
            for line in surface.lines() {
                XCTAssertLessThanOrEqual(DisplayWidth.width(of: line), width, line)
            }
        }
    }

    func testRenderHeadlessMatchesTheAppAndStopsAtQuit() throws {
        let context = Fixtures.context()
        let text = try renderHeadless(context, width: 80, height: 24, keys: "<Enter><Space>")
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        XCTAssertEqual(text, state.screen())
        let quit = try renderHeadless(context, width: 80, height: 24, keys: "jqj")
        var afterJ = Fixtures.state()
        afterJ.press("j")
        XCTAssertEqual(quit, afterJ.screen(), "keys after q are not applied")
        XCTAssertEqual(try renderHeadless(context, width: 0, height: 0, keys: ""), "")
        XCTAssertThrowsError(try renderHeadless(context, width: 80, height: 24, keys: "<Nope>")) { error in
            XCTAssertEqual(error as? Key.ParseError, .unknownName("Nope"))
        }
        XCTAssertThrowsError(try renderHeadless(context, width: -1, height: 24, keys: ""))
        let ascii = try renderHeadless(context, width: 80, height: 24, keys: "", theme: .ascii())
        XCTAssertTrue(ascii.hasPrefix("#= Topics ="), ascii)
    }
}
