import CardboxTestSupport
import Foundation
import XCTest

/// Decks nobody should write — a binary file named .md, a 1 MB line, headings and quotes 1,000 deep,
/// 10,000 brackets, a 50 MB deck — are reported by `check` as `file:line: message` and the full-screen
/// app still starts with the cards that are fine.
final class BadContentTests: XCTestCase {
    private var folder: URL!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.temporaryFolder(self)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent("decks/" + name).path
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    private func makeBadDecks() throws -> [String: String] {
        var paths: [String: String] = [:]
        var random = SplitMix(seed: 7)
        var binary = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        binary[100] = 0
        binary[5000] = 0xFF
        let binaryPath = folder.appendingPathComponent("decks/binary.md").path
        try FileManager.default.createDirectory(
            atPath: folder.appendingPathComponent("decks").path, withIntermediateDirectories: true)
        try Data(binary).write(to: URL(fileURLWithPath: binaryPath))
        paths["binary"] = binaryPath
        paths["line"] = try write(
            "line.md",
            "# Long\nQ: " + String(repeating: "word ", count: 210_000) + "\nA: a 1 MB line\n\nQ: short\nA: fine\n")
        var deep = "# Deep\n"
        for level in 0..<1_000 { deep += String(repeating: "#", count: level % 6 + 1) + " Level \(level)\n" }
        deep += String(repeating: ">", count: 1_000) + " Q: quoted 1,000 deep?\n\n"
        deep += String(repeating: "- ", count: 1_000) + "listed 1,000 deep\n\n"
        deep += "# Last\nQ: after all that\nA: still parsed\n"
        paths["deep"] = try write("deep.md", deep)
        paths["brackets"] = try write(
            "brackets.md",
            """
            # Brackets
            C: open \(String(repeating: "[", count: 10_000)) never closed

            C: \(String(repeating: "[gap] ", count: 10_000))

            Q: fine
            A: yes

            """)
        return paths
    }

    func testCheckReportsEachBadDeckAsFileLineMessage() throws {
        let paths = try makeBadDecks()
        let start = Date()
        let result = try BinaryRunner.run([
            "check", folder.appendingPathComponent("decks").path, "--progress", "/nonexistent/p.sqlite",
        ])
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertLessThan(seconds, 30, "check took \(seconds) s")
        var lines = result.stdout.split(separator: "\n").map(String.init)
        let summary = lines.removeLast()
        XCTAssertTrue(summary.contains("problem"), summary)
        for line in lines {
            XCTAssertNotNil(
                line.wholeMatch(of: /\/.+\.md:[1-9][0-9]*: .+/), "not file:line: message: \(line.prefix(200))")
            XCTAssertLessThan(line.count, 400, "a problem line should stay short: \(line.prefix(200))…")
        }
        XCTAssertTrue(
            lines.contains { $0.hasPrefix(paths["binary"]! + ":") && $0.contains("invalid UTF-8") }, result.stdout)
        XCTAssertTrue(lines.contains("\(paths["brackets"]!):2: nested cloze brackets"), result.stdout)
        XCTAssertTrue(
            lines.contains("\(paths["brackets"]!):4: cloze has 10000 gaps; at most 100 (split it into several clozes)"),
            result.stdout)
        // A long line is no problem; a side over 256 KB is cut, with a warning.
        XCTAssertEqual(
            lines.filter { $0.hasPrefix(paths["line"]! + ":") },
            ["\(paths["line"]!):2: warning: question is 1025 KB; only the first 256 KB is shown (split the card)"])
    }

    func testAppStartsDespiteBadDecks() throws {
        try XCTSkipUnless(Tmux.isInstalled, Tmux.missing)
        _ = try makeBadDecks()
        let start = Date()
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", folder.appendingPathComponent("decks").path, "--now", now],
            width: 120, height: 30)
        try app.waitFor("All decks", timeout: 30)
        let screen = try app.waitFor("run cardbox check")
        print("bad decks: full-screen app up in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        XCTAssertTrue(screen.contains("deck problem"), screen)
        // Study the fine cards: the 1 MB question is wrapped and scrolls, nothing breaks.
        try app.send("Enter")
        try app.waitFor("STUDY 1/")
        try app.send("Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0, app.standardError)
    }

    /// 50 MB of deck (9,000 cards with long answers), generated here: check and the app both cope.
    /// It takes several seconds, so it runs in `make stress` (CARDBOX_STRESS_ITERATIONS set) only.
    func testFiftyMegabyteDeck() throws {
        guard ProcessInfo.processInfo.environment["CARDBOX_STRESS_ITERATIONS"] != nil else {
            throw XCTSkip("the 50 MB deck runs in make stress")
        }
        let path = folder.appendingPathComponent("big/big.md").path
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let words = [
            "shard", "stream", "firehose", "record", "buffer", "partition", "consumer", "lambda", "endpoint", "model",
        ]
        var text = "---\ntitle: Big\n---\n"
        var card = 0
        while text.utf8.count < 50 * 1_024 * 1_024 {
            if card % 100 == 0 { text += "\n# Part \(card / 100)\n\n" }
            let answer = (0..<700).map { words[($0 * 7 + card) % words.count] }.joined(separator: " ")
            text += "Q: Question \(card) about \(words[card % words.count])?\nA: \(answer)\n\n"
            card += 1
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var start = Date()
        let result = try BinaryRunner.run(["check", path, "--progress", "/nonexistent/p.sqlite"])
        let checkSeconds = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.hasPrefix("1 deck, \(card) card\(card == 1 ? "" : "s"), "), result.stdout)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1, result.stdout)
        try XCTSkipUnless(Tmux.isInstalled, Tmux.missing)
        start = Date()
        let app = try TmuxSession(folder: folder, arguments: ["--content", path, "--now", now])
        try app.waitFor("All decks", timeout: 60)
        let appSeconds = Date().timeIntervalSince(start)
        print(
            String(
                format: "50 MB deck: %d bytes, %d cards, check %.2f s, app up in %.2f s", text.utf8.count, card,
                checkSeconds, appSeconds))
        try app.send("Enter", "Space", "n")
        try app.waitFor("✓ 0  ✗ 1")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(timeout: 30), 0, app.standardError)
    }
}
