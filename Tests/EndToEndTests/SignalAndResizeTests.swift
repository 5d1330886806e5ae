import CardboxTestSupport
import Foundation
import XCTest

/// SIGHUP (the terminal went away) restores the terminal and exits keeping answers; a storm of
/// resizes, down to 1×1 and up to 250×80, leaves exactly the screen a fresh render of the same state draws.
final class SignalAndResizeTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private var progress: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("storm.md").path
        progress = folder.appendingPathComponent("progress.sqlite").path
        var text = "---\ntitle: Storm\n---\n# Kinesis\n## Streams\n"
        for index in 0..<12 {
            text += "Q: Which shard count fits \(index) MB/s of writes into a Kinesis data stream with room to spare?\n"
            text += "A: At least \(index + 1) shards; each takes 1 MB/s or 1,000 records/s of writes.\n\n"
        }
        text += "## 日本語\nQ: 東京は日本の首都ですか？\nA: はい、東京は首都です。🗼\n\nC: Firehose buffers for at least [60] seconds.\n"
        try text.write(toFile: deck, atomically: true, encoding: .utf8)
    }

    func testHangupRestoresTheTerminalAndKeepsAnswers() throws {
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: progress)
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        try app.send("Space", "n")
        try app.waitFor("✓ 1  ✗ 1")
        XCTAssertTrue(try app.alternateScreen())
        kill(try app.appPID(), SIGHUP)
        XCTAssertEqual(try app.waitForExit(), 128 + SIGHUP)
        XCTAssertFalse(try app.alternateScreen(), "SIGHUP left the terminal in the app's screen")
        let stats = try BinaryRunner.run(["stats", "--json", "--content", deck, "--progress", progress, "--now", now])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["reviews"] as? Int, 2)
        XCTAssertEqual(object["missed"] as? Int, 1)
        // The file is not left locked: the next start works.
        let next = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: progress)
        try next.waitFor("All decks")
        try next.send("q")
        XCTAssertEqual(try next.waitForExit(), 0)
    }

    func testResizeStormLeavesTheScreenAFreshRenderDraws() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["CARDBOX_STRESS_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let count = environment["CARDBOX_STRESS_ITERATIONS"].flatMap(Int.init).map { max(400, $0) } ?? 400
        var random = SplitMix(seed: seed)
        // Several states: the tree with a branch open, a revealed card, the help overlay, search.
        let scripts: [(keys: [String], render: String)] = [
            (["j", "l", "j"], "jlj"),
            (["j", "Enter", "Space"], "j<Enter><Space>"),
            (["j", "Enter", "Space", "Tab", "?"], "j<Enter><Space><Tab>?"),
            (["/", "t", "o", "k", "y", "o"], "/tokyo"),
        ]
        for script in scripts {
            try storm(script, resizes: count / scripts.count, seed: seed, random: &random)
        }
    }

    private func storm(
        _ script: (keys: [String], render: String), resizes count: Int, seed: UInt64,
        random: inout SplitMix
    ) throws {
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: progress)
        try app.waitFor("All decks")
        try app.sendBurst(script.keys)
        var sizes: [String] = []
        for index in 0..<count {
            let width: Int
            let height: Int
            switch index % 5 {
            case 0: (width, height) = (1 + Int(random.next() % 4), 1 + Int(random.next() % 4))  // almost nothing
            case 1: (width, height) = (200 + Int(random.next() % 51), 60 + Int(random.next() % 21))  // huge
            default: (width, height) = (1 + Int(random.next() % 250), 1 + Int(random.next() % 80))
            }
            sizes.append("\(width)x\(height)")
            try app.resize(width: width, height: height)
            if random.next() % 8 == 0 { usleep(useconds_t(random.next() % 30_000)) }
        }
        try app.resize(width: 100, height: 30)
        let render = try BinaryRunner.run([
            "render", "--size", "100x30", "--keys", script.render, "--content", deck,
            "--progress", progress, "--now", now,
        ])
        XCTAssertEqual(render.status, 0, render.stderr)
        let expected = render.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).map(
            String.init)
        // Wait until the app has caught up with the last resize, then compare every row.
        let (screen, same) = try app.poll(timeout: 10) { screen in
            Self.rows(screen) == expected
        }
        if !same {
            let actual = Self.rows(screen)
            let firstDifference = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }
            XCTFail(
                """
                seed \(seed): after \(count) resizes (last: \(sizes.suffix(5).joined(separator: " "))) the screen differs from \
                `cardbox render --size 100x30 --keys \(script.render)`\(firstDifference.map { " at row \($0.offset)" } ?? ""):
                app:
                \(actual.joined(separator: "\n"))
                render:
                \(expected.joined(separator: "\n"))
                """)
        }
        kill(try app.appPID(), SIGTERM)
        XCTAssertEqual(try app.waitForExit(), 128 + SIGTERM)
        XCTAssertFalse(try app.alternateScreen())
    }

    /// The 30 rows of a capture, trailing spaces trimmed as `render` trims them.
    static func rows(_ screen: String) -> [String] {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }
        while lines.count < 30 { lines.append("") }
        return Array(lines.prefix(30))
    }
}
