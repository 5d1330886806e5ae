import CardboxEngine
import CardboxTestSupport
import XCTest

@testable import CardboxTUI

/// A frame drawn with a `ScreenCache` kept from frame to frame is the frame drawn from scratch.
final class ScreenCacheTests: XCTestCase {
    /// Keys of every mode: moving, folding, sessions and answers, search typing, overlays, focus.
    private static let keys = [
        "j", "j", "k", "l", "h", "<Down>", "<Up>", "<PgDn>", "<PgUp>", "<Home>", "<End>", "<Enter>", "<Space>",
        "y", "n", "u", "m", "c", "b", "a", "<Tab>", "<S-Tab>", "t", "i", "?", "/", "/", "w", "a", "e", "s", "x",
        "<BS>", "<BS>", "<Esc>", "<Esc>", "!", "+", "s", "J", "K", "9", "猫", "👍",
    ]
    private static let sizes = [(80, 24), (200, 60), (40, 12), (120, 40), (100, 30), (60, 20), (39, 12)]

    func testFramesWithTheCacheAreTheFramesDrawnFromScratch() throws {
        for (seed, collection) in [(1, Fixtures.sample), (2, Fixtures.manyTopics(120)), (3, Fixtures.longAnswer)] {
            try check(collection, seed: UInt64(seed), theme: .unicode(color: true), steps: 400)
        }
    }

    func testFramesWithTheCacheAreTheFramesDrawnFromScratchInASCII() throws {
        try check(Fixtures.sample, seed: 4, theme: .ascii(), steps: 300)
        try check(Fixtures.manyTopics(60), seed: 5, theme: .unicode(color: false), steps: 300)
    }

    /// A new theme or new decks empty the cache; rows kept for one are never pasted for the other.
    func testAnotherThemeOrOtherDecksDrawAgain() throws {
        let cache = ScreenCache()
        var state = Fixtures.state(width: 120, height: 40)
        XCTAssertEqual(
            Screen.render(state, theme: .unicode(color: true), cache: cache),
            Screen.render(state, theme: .unicode(color: true)))
        XCTAssertGreaterThan(cache.treeRows.count, 0)
        XCTAssertEqual(Screen.render(state, theme: .ascii(), cache: cache), Screen.render(state, theme: .ascii()))
        _ = update(&state, .decksChanged(DeckReload(collection: Fixtures.manyTopics(30), states: [])))
        XCTAssertEqual(Screen.render(state, theme: .ascii(), cache: cache), Screen.render(state, theme: .ascii()))
    }

    /// `paste` and `snapshot` write and read what `setCell` and `cell` would, cell by cell, over wide
    /// characters, clusters and links, at every edge; so does `fill`.
    func testPasteIsSettingEachCell() {
        var random = SplitMix(seed: 9)
        let texts = ["a", "b", " ", "猫", "東", "👍", "é", "─", "e\u{301}"]
        func randomSurface(width: Int, height: Int) -> MemorySurface {
            var surface = MemorySurface(width: width, height: height)
            for _ in 0..<(width * height) {
                let text = texts.randomElement(using: &random)!
                let x = Int.random(in: 0..<width, using: &random)
                let y = Int.random(in: 0..<height, using: &random)
                let link: String? = Int.random(in: 0..<5, using: &random) == 0 ? "https://example.com" : nil
                surface.put(text, x: x, y: y, style: CellStyle(bold: Bool.random(using: &random)), link: link)
            }
            return surface
        }
        for round in 0..<300 {
            // A fill writes what setting each cell would.
            var filled = randomSurface(width: 12, height: 4)
            var expectedFill = filled
            let area = Rect(
                x: Int.random(in: -2..<12, using: &random), y: Int.random(in: -1..<4, using: &random),
                width: Int.random(in: 0..<8, using: &random), height: Int.random(in: 0..<3, using: &random))
            let character: Character = ["x", " ", "─", "猫"].randomElement(using: &random)!
            filled.fill(area, with: character, style: CellStyle(underline: true))
            for y in area.y..<area.maxY where y >= 0 && y < 4 {
                for x in area.x..<area.maxX where x >= 0 && x < 12 {
                    expectedFill.setCell(
                        x: x, y: y, Cell(String(character), width: 1, style: CellStyle(underline: true)))
                }
            }
            XCTAssertEqual(filled, expectedFill, "round \(round): fill \(area) with \(character)")

            let target = randomSurface(width: 12, height: 4)
            let source = randomSurface(width: 12, height: 4)
            let rect = Rect(
                x: Int.random(in: -2..<12, using: &random), y: Int.random(in: -1..<4, using: &random),
                width: Int.random(in: 0..<8, using: &random), height: Int.random(in: 0..<3, using: &random))
            let snapshot = source.snapshot(of: rect)
            XCTAssertEqual(snapshot.width, rect.width)
            var expected = target
            let x = Int.random(in: -2..<12, using: &random)
            let y = Int.random(in: -1..<4, using: &random)
            for row in 0..<snapshot.height {
                for column in 0..<snapshot.width {
                    let cell = snapshot.cell(x: column, y: row)
                    expected.setCell(x: x + column, y: y + row, cell)
                }
            }
            var pasted = target
            pasted.paste(snapshot, x: x, y: y)
            XCTAssertEqual(pasted, expected, "round \(round): \(rect) at \(x),\(y)")
            XCTAssertEqual(pasted.text(), expected.text(), "round \(round)")
        }
    }

    private func check(_ collection: CardCollection, seed: UInt64, theme: Theme, steps: Int) throws {
        var random = SplitMix(seed: seed)
        let cache = ScreenCache()
        var state = Fixtures.state(collection, width: 120, height: 40)
        for step in 0..<steps {
            let roll = Int.random(in: 0..<40, using: &random)
            if roll < 3 {
                let (width, height) = Self.sizes.randomElement(using: &random)!
                _ = update(&state, .resize(width: width, height: height))
            } else if roll == 3 {
                // The decks read again: the same cards, a new version of them.
                _ = update(&state, .decksChanged(DeckReload(collection: state.collection, states: state.states)))
            } else {
                let text = Self.keys.randomElement(using: &random)!
                for key in try Key.parseKeys(text) { _ = update(&state, .key(key)) }
            }
            let cached = Screen.frame(state, theme: theme, cache: cache)
            let scratch = Screen.frame(state, theme: theme)
            guard cached.surface == scratch.surface else {
                XCTFail(
                    "seed \(seed), step \(step) (\(state.width)×\(state.height)): the cached frame differs:\n"
                        + diff(expected: scratch.surface.text(), actual: cached.surface.text()))
                return
            }
            XCTAssertEqual(cached.viewport, scratch.viewport, "seed \(seed), step \(step)")
            _ = update(&state, .rendered(cached.viewport))
        }
    }
}
