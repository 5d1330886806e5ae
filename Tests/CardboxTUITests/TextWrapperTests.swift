import CardboxEngine
import XCTest

@testable import CardboxTUI

final class TextWrapperTests: XCTestCase {
    let wrapper = TextWrapper()

    func plain(_ lines: [StyledLine]) -> [String] { lines.map(\.plainText) }

    func testParagraphWrapsAtSpaces() {
        let lines = wrapper.wrap(plain: "the quick brown fox jumps", width: 10)
        XCTAssertEqual(plain(lines), ["the quick", "brown fox", "jumps"])
        for line in lines { XCTAssertLessThanOrEqual(line.width, 10) }
    }

    func testRunsOfSpacesCollapse() {
        XCTAssertEqual(plain(wrapper.wrap(plain: "a    b  ", width: 10)), ["a b"])
    }

    func testLongWordsBreak() {
        XCTAssertEqual(plain(wrapper.wrap(plain: "abcdefghijkl", width: 5)), ["abcde", "fghij", "kl"])
        XCTAssertEqual(plain(wrapper.wrap(plain: "ab abcdefghijkl", width: 5)), ["ab", "abcde", "fghij", "kl"])
    }

    func testWideCharactersWrapByCells() {
        XCTAssertEqual(plain(wrapper.wrap(plain: "日本語のテキスト", width: 6)), ["日本語", "のテキ", "スト"])
        XCTAssertEqual(plain(wrapper.wrap(plain: "日本語のテキスト", width: 5)), ["日本", "語の", "テキ", "スト"])
    }

    func testStylesAreKeptAcrossWraps() {
        let text = StyledText([TextBlock(.paragraph, [TextSpan("plain "), TextSpan("bold words here", style: .bold)])])
        let lines = wrapper.wrap(text, width: 11)
        XCTAssertEqual(plain(lines), ["plain bold", "words here"])
        XCTAssertEqual(lines[0].spans, [TextSpan("plain "), TextSpan("bold", style: .bold)])
        XCTAssertEqual(lines[1].spans, [TextSpan("words here", style: .bold)], "the space inside bold stays bold")
    }

    func testAWordAcrossSpansStaysTogether() {
        let text = StyledText([
            TextBlock(.paragraph, [TextSpan("see foo"), TextSpan("Bar", style: .code), TextSpan(" now")])
        ])
        XCTAssertEqual(plain(wrapper.wrap(text, width: 8)), ["see", "fooBar", "now"])
    }

    func testListItemsGetMarkersAndHangingIndent() {
        let text = StyledText([
            TextBlock(.listItem(depth: 0, marker: "•"), [TextSpan("alpha beta gamma delta")]),
            TextBlock(.listItem(depth: 1, marker: "1."), [TextSpan("one two three")]),
        ])
        XCTAssertEqual(
            plain(wrapper.wrap(text, width: 12)), ["• alpha beta", "  gamma", "  delta", "  1. one two", "     three"])
        XCTAssertEqual(
            plain(TextWrapper(bullet: "*").wrap(text, width: 40)), ["* alpha beta gamma delta", "  1. one two three"])
    }

    func testBlocksAreSeparatedByABlankLineExceptListItems() {
        let text = StyledText([
            TextBlock(.paragraph, [TextSpan("Intro.")]),
            TextBlock(.listItem(depth: 0, marker: "•"), [TextSpan("a")]),
            TextBlock(.listItem(depth: 0, marker: "•"), [TextSpan("b")]),
            TextBlock(.paragraph, [TextSpan("End.")]),
        ])
        XCTAssertEqual(plain(wrapper.wrap(text, width: 20)), ["Intro.", "", "• a", "• b", "", "End."])
    }

    func testCodeKeepsLinesIndentationAndHardWraps() {
        let text = StyledText([TextBlock(.code, [TextSpan("let x = 1\n    let longName = 2")])])
        let lines = wrapper.wrap(text, width: 14)
        XCTAssertEqual(plain(lines), ["  let x = 1", "      let long", "  Name = 2"])
        let styled = lines.flatMap(\.spans).filter { !$0.text.allSatisfy { $0 == " " } }
        XCTAssertEqual(styled.map(\.text).joined(), "let x = 1    let longName = 2")
        XCTAssertTrue(styled.allSatisfy { $0.style.contains(.code) }, "code text carries the code style")
    }

    func testClozeGapStyleSurvives() {
        let card = Fixtures.sample.cards[2]
        let question = wrapper.wrap(card.question, width: 30).flatMap(\.spans)
        XCTAssertTrue(question.contains(TextSpan("[...]", style: .gap)))
        let answer = wrapper.wrap(card.answer, width: 30).flatMap(\.spans)
        XCTAssertTrue(answer.contains(TextSpan("HTTP", style: .gap)))
    }

    func testHardBreaksAndZeroWidth() {
        XCTAssertEqual(plain(wrapper.wrap(plain: "one\ntwo", width: 10)), ["one", "two"])
        XCTAssertEqual(wrapper.wrap(plain: "anything", width: 0), [])
        XCTAssertEqual(plain(wrapper.wrap(StyledText(), width: 10)), [])
        XCTAssertEqual(plain(wrapper.wrap(plain: "a\u{7}b", width: 10)), ["ab"], "control characters are dropped")
    }
}

extension TextWrapperTests {
    func testALongTextIsWrappedOncePerWidth() {
        let text = StyledText(plain: String(repeating: "a long card text that wraps ", count: 2_000))
        let wrapper = TextWrapper()
        let before = WrapMemory.wrapCount
        let first = wrapper.wrap(text, width: 40)
        for _ in 0..<10 { XCTAssertEqual(wrapper.wrap(text, width: 40), first) }
        XCTAssertEqual(WrapMemory.wrapCount - before, 1, "drawing the card again wrapped it again")
        let narrower = wrapper.wrap(text, width: 30)
        XCTAssertNotEqual(narrower, first)
        XCTAssertEqual(WrapMemory.wrapCount - before, 2)
        // Another text of the same length is never taken for this one.
        let other = StyledText(plain: String(repeating: "a long card text that wrapz ", count: 2_000))
        XCTAssertNotEqual(wrapper.wrap(other, width: 40), first)
    }
}
