import XCTest

@testable import CardboxTUI

/// What a real terminal is given for a cell: one spacing character and its true marks, never a
/// joiner or a modifier alone; outside UTF-8, an ASCII stand-in.
final class TerminalClusterTests: XCTestCase {
    private func drawn(_ text: String) -> String { String(String.UnicodeScalarView(TerminalCluster.drawable(text))) }

    func testEmojiSequencesAreDrawnAsTheirFirstEmoji() {
        XCTAssertEqual(drawn("👍🏽"), "👍")
        XCTAssertEqual(drawn("👨‍👩‍👧"), "👨")
        XCTAssertEqual(drawn("❤️"), "❤")
        XCTAssertEqual(drawn("🇯🇵"), "🇯")
        XCTAssertEqual(drawn("1️⃣"), "1")
        XCTAssertEqual(drawn("🏴󠁧󠁢󠁳󠁣󠁴󠁿"), "🏴")
        for text in ["👍🏽", "👨‍👩‍👧", "🏳️‍🌈"] {
            XCTAssertFalse(drawn(text).unicodeScalars.contains("\u{200D}"), text)
        }
    }

    func testCombiningMarksStayWithTheirLetter() {
        XCTAssertEqual(drawn("e\u{301}"), "e\u{301}")
        XCTAssertEqual(drawn("a\u{308}\u{304}"), "a\u{308}\u{304}")
        XCTAssertEqual(drawn("x"), "x")
        XCTAssertEqual(drawn(""), "")
    }

    func testASCIIStandIns() {
        XCTAssertEqual(TerminalCluster.ascii("–"), "-")
        XCTAssertEqual(TerminalCluster.ascii("—"), "-")
        XCTAssertEqual(TerminalCluster.ascii("›"), ">")
        XCTAssertEqual(TerminalCluster.ascii("“"), "\"")
        XCTAssertEqual(TerminalCluster.ascii("’"), "'")
        XCTAssertEqual(TerminalCluster.ascii("é"), "e")
        XCTAssertEqual(TerminalCluster.ascii("Ä"), "A")
        XCTAssertEqual(TerminalCluster.ascii("東"), "?")
        XCTAssertEqual(TerminalCluster.ascii("👍🏽"), "?")
    }
}
