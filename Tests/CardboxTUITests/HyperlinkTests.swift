import CardboxEngine
import XCTest

@testable import CardboxTUI

/// Links become OSC 8 hyperlinks: which addresses, on which terminals, and the exact bytes.
final class HyperlinkTests: XCTestCase {
    func testOnlyWebAndMailAddressesAreLinkedAndNoByteCanEscape() {
        XCTAssertEqual(Hyperlink.address("https://example.com/a?b=c#d"), "https://example.com/a?b=c#d")
        XCTAssertEqual(Hyperlink.address("mailto:me@example.com"), "mailto:me@example.com")
        XCTAssertEqual(Hyperlink.address("https://example.com/a b"), "https://example.com/a%20b")
        XCTAssertEqual(Hyperlink.address("https://example.com/\u{1B}]8;;x\u{7}"), "https://example.com/%1B]8;;x%07")
        XCTAssertEqual(Hyperlink.address("https://例え.jp/"), "https://%E4%BE%8B%E3%81%88.jp/")
        XCTAssertEqual(Hyperlink.address("https://example.com/\u{9B}"), "https://example.com/%C2%9B")
        for refused in ["img/chart.png", "file:///etc/passwd", "javascript:alert(1)", "ftp://x", ""] {
            XCTAssertNil(Hyperlink.address(refused), refused)
        }
        XCTAssertNil(Hyperlink.address("https://example.com/" + String(repeating: "a", count: 3_000)))
    }

    func testWhenHyperlinksAreSent() {
        XCTAssertTrue(Hyperlink.enabled(environment: ["TERM": "xterm-256color"]))
        XCTAssertTrue(Hyperlink.enabled(environment: ["TERM": "tmux-256color", "TMUX": "/tmp/t"]))
        for term in ["linux", "dumb", "", "vt100", "cons25", "ansi"] {
            XCTAssertFalse(Hyperlink.enabled(environment: ["TERM": term]), term)
        }
        XCTAssertFalse(Hyperlink.enabled(environment: ["TERM": "screen", "STY": "1.pts"]), "GNU screen")
        XCTAssertFalse(Hyperlink.enabled(environment: ["TERM": "xterm", "CARDBOX_HYPERLINKS": "0"]))
        XCTAssertFalse(Hyperlink.enabled(environment: ["TERM": "xterm", "CARDBOX_HYPERLINKS": "off"]))
        XCTAssertTrue(Hyperlink.enabled(environment: ["TERM": "linux", "CARDBOX_HYPERLINKS": "1"]))
    }

    func testLinkedCellsAreWrittenAgainBetweenOpenAndClose() {
        var frame = MemorySurface(width: 12, height: 2)
        frame.put("see ", x: 0, y: 1)
        let x = frame.put("the", x: 4, y: 1, style: CellStyle(underline: true), link: "https://a.b")
        frame.put("日", x: x, y: 1, style: CellStyle(dim: true), link: "https://a.b")
        frame.put("!", x: x + 2, y: 1)
        let bytes = HyperlinkOverlay.bytes(frame, color: false) { $0.text }
        XCTAssertEqual(
            bytes,
            "\u{1B}[2;5H\u{1B}]8;;https://a.b\u{1B}\\\u{1B}[0;4mthe\u{1B}[0;2m日\u{1B}]8;;\u{1B}\\\u{1B}[0m")
        XCTAssertEqual(HyperlinkOverlay.bytes(MemorySurface(width: 5, height: 1), color: false) { $0.text }, "")
        // A cell curses drew as a stand-in (or anything unprintable) leaves its run as curses drew it.
        XCTAssertEqual(HyperlinkOverlay.bytes(frame, color: false) { $0.text == "日" ? nil : $0.text }, "")
        XCTAssertEqual(HyperlinkOverlay.bytes(frame, color: false) { $0.text == "t" ? "\u{1B}" : $0.text }, "")
        XCTAssertEqual(
            HyperlinkOverlay.sgr(CellStyle(foreground: .blue, background: .white, bold: true), color: true),
            "\u{1B}[0;1;34;47m")
    }

    func testWrappedLinkTextKeepsItsAddressOnEveryLineAndInTables() {
        let deck = CollectionBuilder.build(files: [
            DeckParser.parse(
                text:
                    "# T\nQ: read [the long guide here](https://example.com/g) now\nA: | a |\n| - |\n| [x](https://t.example) |\n",
                path: "d.md")
        ])
        var state = Fixtures.state(deck, states: [nil], width: 44, height: 16)
        state.press("b<Space>")
        let frame = Screen.render(state, theme: .unicode(color: false))
        var linked: [String: String] = [:]
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let cell = frame.cell(x: x, y: y)
                if let link = cell.link { linked[link, default: ""] += cell.text }
            }
        }
        XCTAssertTrue(linked["https://example.com/g"]?.hasPrefix("the long guide here") == true, "\(linked)")
        XCTAssertTrue(linked["https://example.com/g"]?.contains("<https://example.com/g>") == true, "\(linked)")
        XCTAssertTrue(linked["https://t.example"]?.hasPrefix("x") == true, "\(linked)")
        XCTAssertEqual(Set(linked.keys), ["https://example.com/g", "https://t.example"])
    }
}
