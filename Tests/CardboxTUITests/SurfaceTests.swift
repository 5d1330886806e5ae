import XCTest

@testable import CardboxTUI

final class SurfaceTests: XCTestCase {
    func testDrawingInfoGivesTheScalarOfAOneColumnCellOnly() {
        var surface = MemorySurface(width: 8, height: 1)
        surface.put("a─猫e\u{301}", x: 0, y: 0)
        surface.setCell(x: 5, y: 0, Cell("\u{7}"))
        let info = (0..<6).map { surface.drawingInfo(x: $0, y: 0) }
        XCTAssertEqual(info.map(\.scalar), [0x61, 0x2500, 0, 0, 0, 0])
        XCTAssertEqual(info.map(\.width), [1, 1, 2, 0, 1, 1])
    }

    func testPutClipsToTheRect() {
        var surface = MemorySurface(width: 10, height: 2)
        let end = surface.put("hello world", x: 2, y: 0, clip: Rect(x: 0, y: 0, width: 8, height: 2))
        XCTAssertEqual(surface.lines(), ["  hello", ""])
        XCTAssertEqual(end, 8)
    }

    func testWideCharacterTakesTwoCellsWithAContinuation() {
        var surface = MemorySurface(width: 6, height: 1)
        surface.put("a猫b", x: 0, y: 0)
        XCTAssertEqual(surface.cell(x: 1, y: 0).text, "猫")
        XCTAssertEqual(surface.cell(x: 1, y: 0).width, 2)
        XCTAssertTrue(surface.cell(x: 2, y: 0).isContinuation)
        XCTAssertEqual(surface.cell(x: 3, y: 0).text, "b")
        XCTAssertEqual(surface.text(), "a猫b")
    }

    func testAWideCharacterThatWouldStraddleTheEdgeBecomesASpace() {
        var surface = MemorySurface(width: 5, height: 1)
        surface.put("ab日本", x: 0, y: 0)
        XCTAssertEqual(surface.text(), "ab日")
        XCTAssertEqual(surface.cell(x: 4, y: 0), Cell(" "))
        var clipped = MemorySurface(width: 8, height: 1)
        clipped.put("|||||||", x: 0, y: 0)
        clipped.put("日本", x: 1, y: 0, clip: Rect(x: 1, y: 0, width: 3, height: 1))
        XCTAssertEqual(clipped.text(), "|日 |||", "the border at column 4 is kept")
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var surface = MemorySurface(width: 4, height: 1)
        surface.put("日本", x: 0, y: 0)
        surface.put("x", x: 1, y: 0)
        XCTAssertEqual(surface.text(), " x本")
        surface.put("y", x: 2, y: 0)
        XCTAssertEqual(surface.text(), " xy")
        XCTAssertFalse(surface.cell(x: 3, y: 0).isContinuation)
    }

    func testControlCharactersAreSkippedAndTabsBecomeSpaces() {
        var surface = MemorySurface(width: 6, height: 1)
        surface.put("a\u{7}b\tc", x: 0, y: 0)
        XCTAssertEqual(surface.text(), "ab c")
    }

    func testBoxWithTitleInUnicodeAndASCII() {
        var surface = MemorySurface(width: 12, height: 3)
        surface.drawBox(surface.bounds, title: "Title", theme: .unicode())
        XCTAssertEqual(surface.lines(), ["┌─ Title ──┐", "│          │", "└──────────┘"])
        var focused = MemorySurface(width: 12, height: 3)
        focused.drawBox(focused.bounds, title: "Title", focused: true, theme: .ascii())
        XCTAssertEqual(focused.lines(), ["#= Title ==#", "#          #", "#==========#"])
        var long = MemorySurface(width: 10, height: 2)
        long.drawBox(long.bounds, title: "A long title", theme: .ascii())
        XCTAssertEqual(long.lines(), ["+- A l~ -+", "+--------+"])
    }

    func testDrawingOutsideTheSurfaceIsIgnored() {
        var surface = MemorySurface(width: 3, height: 1)
        surface.put("abc", x: -2, y: 0)
        surface.put("zzz", x: 0, y: 5)
        surface.fill(Rect(x: 2, y: 0, width: 10, height: 10), with: "#")
        XCTAssertEqual(surface.text(), "c #")
        var empty = MemorySurface(width: 0, height: 0)
        empty.put("x", x: 0, y: 0)
        empty.drawBox(Rect(x: 0, y: 0, width: 5, height: 5), theme: .unicode())
        XCTAssertEqual(empty.text(), "")
    }

    func testLayoutProportionsAndLimits() {
        let standard = Layout(width: 80, height: 24)
        XCTAssertEqual(standard.tree.width, 36)
        XCTAssertEqual(standard.card.x, 36)
        XCTAssertEqual(standard.card.width, 44)
        XCTAssertEqual(standard.card.height + standard.answer.height, 23)
        XCTAssertEqual(standard.status, Rect(x: 0, y: 23, width: 80, height: 1))
        XCTAssertEqual(Layout(width: 200, height: 50).tree.width, 60)
        XCTAssertEqual(Layout(width: 60, height: 20).tree.width, 27)
        XCTAssertEqual(Layout(width: 40, height: 12).tree.width, 18)
        XCTAssertFalse(Layout(width: 40, height: 12).isTooSmall)
        XCTAssertTrue(Layout(width: 39, height: 12).isTooSmall)
        XCTAssertTrue(Layout(width: 40, height: 11).isTooSmall)
        XCTAssertTrue(Layout(width: 0, height: 0).isTooSmall)
    }

    func testThemeMonochromeKeepsHighlightsVisible() {
        let mono = Theme.unicode(color: false)
        XCTAssertTrue(mono.style(.selection).reverse)
        XCTAssertTrue(mono.style(.gap).reverse)
        XCTAssertTrue(mono.style(.borderFocused).bold)
        XCTAssertEqual(mono.style(.code).foreground, .default, "no colour without colour")
        let color = Theme.unicode(color: true)
        XCTAssertEqual(color.style(.missed).foreground, .red)
        XCTAssertEqual(color.style(for: [.bold, .emphasis]), CellStyle(bold: true, underline: true))
        XCTAssertTrue(color.style(for: .link).underline)
    }
}

final class GlyphsTests: XCTestCase {
    func testASCIIGlyphsSpellTypographyPlainly() {
        XCTAssertEqual(Glyphs.ascii.plain("Got it: box 1 → 2 · “ok” — done…"), "Got it: box 1 -> 2 - \"ok\" - done...")
        XCTAssertEqual(Glyphs.unicode.plain("box 1 → 2"), "box 1 → 2")
    }

    func testStatusMessagesUseASCIIInAnASCIITerminal() {
        var state = Fixtures.state()
        state.press("<Enter><Space>y")
        let line = state.screen(.ascii()).split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(line.contains("Got it: box 1 -> 2"), line)
        XCTAssertTrue(line.allSatisfy(\.isASCII), line)
    }
}
