import CardboxTestSupport
import Foundation
import XCTest

/// The real binary in a real (tmux) terminal: study, quit, restart, missed review, undo, resize, signals.
final class FullScreenTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("mini.md").path
        try """
        ---
        title: Mini
        ---
        # Kinesis
        Q: Which Kinesis service keeps records for replay?
        A: Kinesis Data Streams.

        Q: Which Kinesis service delivers to S3 without code?
        A: Kinesis Data Firehose.

        C: Firehose buffers for at least [60] seconds.
        # 日本語
        Q: 東京は日本の首都ですか？
        A: はい、東京は首都です。🗼
        """.write(toFile: deck, atomically: true, encoding: .utf8)
    }

    private func start(_ extra: [String] = [], width: Int = 100, height: Int = 30) throws -> TmuxSession {
        try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now] + extra, width: width, height: height,
            progress: folder.appendingPathComponent("progress.sqlite").path)
    }

    private func stats() throws -> [String: Any] {
        let result = try BinaryRunner.run([
            "stats", "--json", "--content", deck, "--now", now,
            "--progress", folder.appendingPathComponent("progress.sqlite").path,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func testStudyQuitRestartKeepsProgress() throws {
        do {
            let app = try start()
            try app.waitFor("All decks")
            try app.send("Enter")
            try app.waitFor("STUDY 1/4")
            try app.send("Space")
            try app.waitFor("Kinesis Data Streams.")
            try app.send("y")
            try app.waitFor("STUDY 2/4")
            try app.send("Space", "n")
            try app.waitFor("STUDY 3/")
            try app.send("Space", "y", "q")
            try app.waitFor("Session summary")
            try app.send("Enter")
            try app.waitFor("TOPICS")
            try app.send("q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        var numbers = try stats()
        XCTAssertEqual(numbers["reviews"] as? Int, 3)
        XCTAssertEqual(numbers["boxes"] as? [Int], [3, 0, 0, 0, 0])
        XCTAssertEqual(numbers["missed"] as? Int, 1)

        // Restart: the tree shows the missed card, and missed review drills it until it is right.
        let again = try start()
        try again.waitFor("All decks")
        try again.send("m")
        try again.waitFor("MISSED 1/1")
        try again.waitFor("delivers to S3")
        try again.send("Space", "n")
        try again.waitFor("MISSED 2/2")
        try again.send("Space", "y")
        try again.waitFor("Session summary")
        try again.send("Escape", "q")
        XCTAssertEqual(try again.waitForExit(), 0)
        numbers = try stats()
        XCTAssertEqual(numbers["missed"] as? Int, 0)
        XCTAssertEqual(numbers["reviews"] as? Int, 5)
        XCTAssertEqual(numbers["boxes"] as? [Int], [3, 0, 0, 0, 0], "missed review keeps boxes")
    }

    func testUndoRemovesTheAnswer() throws {
        let app = try start()
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("STUDY 2/4")
        try app.send("u")
        try app.waitFor("STUDY 1/4")
        try app.send("Escape")
        // Nothing is answered any more: straight back to the tree, no summary.
        try app.waitFor("TOPICS")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertEqual(try stats()["reviews"] as? Int, 0)
    }

    func testResizeToTinyAndBack() throws {
        let app = try start()
        try app.waitFor("All decks")
        try app.resize(width: 30, height: 10)
        try app.waitFor("too small")
        try app.resize(width: 100, height: 30)
        let screen = try app.waitFor("All decks")
        XCTAssertFalse(screen.contains("too small"))
        try app.resize(width: 200, height: 60)
        try app.waitFor("Enter")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testWideCharactersKeepBordersStraight() throws {
        let app = try start()
        try app.waitFor("All decks")
        try app.send("/")
        try app.type("東京")
        try app.send("Enter")
        try app.waitFor("東京は日本の首都ですか")
        // The text can show before tmux has the rest of the frame; the borders are checked on the
        // whole frame.
        let screen = try app.settledScreen()
        // Every line of the screen keeps the same display width: no wide character broke a border.
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        where line.contains("│") || line.contains("┃") {
            let width = line.unicodeScalars.reduce(0) {
                $0
                    + (($1.value >= 0x3000 && $1.value <= 0x9FFF) || ($1.value >= 0xFF00 && $1.value <= 0xFF60)
                        || $1.value >= 0x1F300 ? 2 : 1)
            }
            XCTAssertEqual(width, 100, "line \(line)")
        }
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testInterruptRestoresTerminalAndKeepsAnswers() throws {
        let app = try start()
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("STUDY 2/4")
        try app.send("C-c")
        XCTAssertEqual(try app.waitForExit(), 130)
        XCTAssertEqual(try stats()["reviews"] as? Int, 1)
    }

    func testTerminateSignalKeepsAnswers() throws {
        let app = try start()
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "n")
        try app.waitFor("STUDY 2/")
        kill(try app.appPID(), SIGTERM)
        XCTAssertEqual(try app.waitForExit(), 143)
        XCTAssertEqual(try stats()["missed"] as? Int, 1)
    }

    func testCtrlZSuspendsAndFgRedraws() throws {
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now],
            progress: folder.appendingPathComponent("progress.sqlite").path, interactiveShell: true)
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/4")
        try app.send("C-z")
        let stopped = try app.waitFor("Stopped")
        XCTAssertFalse(stopped.contains("STUDY 1/4"), "the shell is back while cardbox is stopped")
        try app.type("fg")
        try app.send("Enter")
        try app.waitFor("STUDY 1/4")
        try app.send("Escape")
        try app.waitFor("TOPICS")
        try app.send("q")
        // `fg` returns the job's exit status once cardbox quits.
        try app.type("echo status=$?")
        try app.send("Enter")
        try app.waitFor("status=0")
    }

    func testUnknownTerminalTypeIsOneClearLine() throws {
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now],
            progress: folder.appendingPathComponent("progress.sqlite").path,
            environment: ["TERM": "no-such-terminal"])
        XCTAssertEqual(try app.waitForExit(), 2)
        XCTAssertEqual(
            app.standardError, "cardbox: unknown terminal type 'no-such-terminal'; set TERM, e.g. TERM=xterm-256color\n"
        )
    }

    func testSecondInstanceIsRefused() throws {
        let first = try start()
        try first.waitFor("All decks")
        let second = try start()
        XCTAssertEqual(try second.waitForExit(), 1)
        XCTAssertTrue(second.standardError.contains("in use by another cardbox (process "), second.standardError)
        try first.send("q")
        XCTAssertEqual(try first.waitForExit(), 0)
    }

    func testRenderPrintsTheScreenWithoutWriting() throws {
        let result = try BinaryRunner.run([
            "render", "--size", "120x24", "--keys", "<Enter><Space>", "--content", deck,
            "--now", now, "--progress", folder.appendingPathComponent("never.sqlite").path,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 25, "24 rows and the final newline")
        XCTAssertTrue(result.stdout.contains("Which Kinesis service keeps records for replay?"))
        XCTAssertTrue(result.stdout.contains("Kinesis Data Streams."))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("never.sqlite").path))
        let bad = try BinaryRunner.run(["render", "--keys", "<Nope>", "--content", deck])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("Nope"), bad.stderr)
    }
}
