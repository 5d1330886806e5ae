import CardboxEngine
import XCTest

@testable import CardboxTUI

/// Scrolling of the card and answer panes is limited by what the last frame showed.
final class ViewportTests: XCTestCase {
    func testTheRenderFillsTheViewportAndUpdateLimitsScrollingByIt() {
        var state = Fixtures.state(Fixtures.longAnswer, states: [nil], width: 60, height: 16)
        state.press("<Enter><Space>")
        let frame = Screen.frame(state, theme: .unicode(color: false))
        XCTAssertEqual(state.viewport, frame.viewport)
        XCTAssertGreaterThan(frame.viewport.answerLines, frame.viewport.answerRows)
        state.press("G")
        XCTAssertEqual(state.answerScroll, frame.viewport.maxAnswerScroll)
    }

    func testAFrameWithMoreRoomPullsTheScrollBack() {
        var state = Fixtures.state(Fixtures.longAnswer, states: [nil], width: 60, height: 16)
        state.press("<Enter><Space>G")
        let scrolled = state.answerScroll
        XCTAssertGreaterThan(scrolled, 0)
        _ = update(&state, .resize(width: 60, height: 60))
        XCTAssertEqual(state.answerScroll, scrolled, "only a frame knows how the text wraps at the new size")
        state.draw()
        XCTAssertEqual(state.answerScroll, state.viewport.maxAnswerScroll)
        XCTAssertLessThan(state.answerScroll, scrolled)
    }

    func testWithoutAFrameNothingScrolls() {
        var state = Fixtures.state(Fixtures.longAnswer, states: [nil], width: 60, height: 16)
        state.press("<Enter><Space>")
        state.viewport = Viewport()
        _ = update(&state, .key(.pageDown))
        XCTAssertEqual(state.answerScroll, 0)
    }
}
