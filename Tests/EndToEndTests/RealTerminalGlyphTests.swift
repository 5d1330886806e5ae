import Foundation
import XCTest

/// On a real terminal (tmux), joined emoji sequences keep every border in place and leave no stray
/// joiner; outside a UTF-8 locale, typographic characters are shown in ASCII, not as `?`.
final class RealTerminalGlyphTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("e.md").path
        try "---\ntitle: Emo\n---\n# Faces\nQ: Thumbs 👍🏽 up, family 👨‍👩‍👧 here – ok › next\nA: Yes 👍🏽👨‍👩‍👧 end\n"
            .write(toFile: deck, atomically: true, encoding: .utf8)
    }

    private func screen(locale: String) throws -> String {
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now], width: 80, height: 20,
            environment: ["LC_ALL": locale])
        try app.waitFor("Faces")
        try app.send("Enter", "Space")
        try app.waitFor("end")
        return try app.settledScreen()
    }

    func testJoinedEmojiKeepBordersInPlace() throws {
        let real = try screen(locale: "C.UTF-8")
        let render = try BinaryRunner.run([
            "render", "--content", deck, "--progress", folder.appendingPathComponent("none.sqlite").path, "--now", now,
            "--size", "80x20", "--keys", "<Enter><Space>",
        ])
        XCTAssertEqual(render.status, 0, render.stderr)
        // The headless render keeps whole clusters; the terminal shows each as its first emoji.
        let expected = render.stdout.replacingOccurrences(of: "👍🏽", with: "👍")
            .replacingOccurrences(of: "👨‍👩‍👧", with: "👨")
        XCTAssertFalse(real.unicodeScalars.contains("\u{200D}"), "a joiner reached the terminal:\n\(real)")
        let realRows = real.split(separator: "\n", omittingEmptySubsequences: false).prefix(14)
        let expectedRows = expected.split(separator: "\n", omittingEmptySubsequences: false).prefix(14)
        for (row, (got, want)) in zip(realRows, expectedRows).enumerated() {
            // The focus border may differ (the terminal's pane is focused after the keys); compare text.
            XCTAssertEqual(Self.unfocused(got), Self.unfocused(want), "row \(row)\n\(real)")
        }
    }

    func testTypographicCharactersInASCIIOutsideUTF8() throws {
        let real = try screen(locale: "C")
        let line = try XCTUnwrap(real.split(separator: "\n").first { $0.contains("Thumbs") })
        XCTAssertTrue(line.contains("here - ok > next") || line.contains("here - ok >"), String(line))
        XCTAssertFalse(line.contains("here ? ok"), String(line))
        // The card header names the card's own topic; the tree (hidden below 100 columns) is not shown.
        XCTAssertTrue(real.contains("| Faces"), real)
    }

    private static func unfocused(_ row: Substring) -> String {
        String(row).map { character -> String in
            switch character {
            case "━": "─"
            case "┃": "│"
            case "┏": "┌"
            case "┓": "┐"
            case "┗": "└"
            case "┛": "┘"
            default: String(character)
            }
        }.joined().trimmingCharacters(in: .whitespaces)
    }
}
