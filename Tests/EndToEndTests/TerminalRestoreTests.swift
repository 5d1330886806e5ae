import Foundation
import XCTest

/// Ctrl-\ (SIGQUIT) is handled like SIGTERM, and a crash signal restores the terminal before the
/// process dies: the terminal's modes, the normal screen and a visible cursor come back.
final class TerminalRestoreTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private var modesFile: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("d.md").path
        modesFile = folder.appendingPathComponent("modes.txt").path
        try CrashSafetyTests.deckText(cards: 4).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// The app, run by a shell that records the terminal's modes (`stty -a`) once it has ended.
    private func start(environment: [String: String] = [:]) throws -> TmuxSession {
        let script = "\"$0\" \"$@\"; status=$?; stty -a > \(TmuxSession.quote(modesFile)); exit $status"
        return try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now], environment: environment,
            wrapper: ["sh", "-c", script])
    }

    /// cardbox's pid: the only child of the recording shell, itself the pane shell's only child.
    private func cardboxPID(_ app: TmuxSession) throws -> Int32 {
        let wrapper = try app.appPID()
        let children = try String(contentsOfFile: "/proc/\(wrapper)/task/\(wrapper)/children", encoding: .utf8)
        return try XCTUnwrap(children.split(separator: " ").first.flatMap { Int32($0) })
    }

    private func assertRestored(_ app: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(try app.alternateScreen(), "the app's screen is still shown", file: file, line: line)
        let cursor = try app.tmux(["display-message", "-p", "-t", "main", "#{cursor_flag}"])
        XCTAssertEqual(
            cursor.trimmingCharacters(in: .whitespacesAndNewlines), "1", "hidden cursor", file: file, line: line)
        let modes = try String(contentsOfFile: modesFile, encoding: .utf8).split(whereSeparator: {
            $0 == " " || $0 == "\n"
        })
        XCTAssertTrue(modes.contains("icanon"), "modes: \(modes)", file: file, line: line)
        XCTAssertTrue(modes.contains("echo"), "modes: \(modes)", file: file, line: line)
    }

    func testQuitSignalRestoresTheTerminalAndKeepsAnswers() throws {
        let app = try start()
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        XCTAssertTrue(try app.alternateScreen())
        kill(try cardboxPID(app), SIGQUIT)
        XCTAssertEqual(try app.waitForExit(), 128 + SIGQUIT)
        try assertRestored(app)
        XCTAssertEqual(try SQLiteShell.query(app.progress, "SELECT COUNT(*) FROM review"), ["1"])
    }

    func testCrashSignalsRestoreTheTerminalFirst() throws {
        for signal in [SIGSEGV, SIGABRT] {
            try? FileManager.default.removeItem(atPath: modesFile)
            // Swift's backtracer (the handler cardbox hands the signal on to) would wait for a key on
            // a terminal; without it the process dies of the signal once the terminal is restored.
            let app = try start(environment: ["SWIFT_BACKTRACE": "enable=no"])
            try app.waitFor("All decks")
            XCTAssertTrue(try app.alternateScreen())
            kill(try cardboxPID(app), signal)
            let status = try app.waitForExit(timeout: 30)
            XCTAssertEqual(status, 128 + signal, "signal \(signal)")
            try assertRestored(app)
        }
    }
}

extension TerminalRestoreTests {
    /// SIGTERM while the app waits to write (another process holds the file's write lock): the app
    /// does not finish waiting; it ends with the terminal restored and shows no answer it did not store.
    func testQuitSignalEndsTheAppEvenWhileAWriteWaits() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        let app = try start()
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        // Another process takes the write lock and keeps it for a while.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", app.progress]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        input.fileHandleForWriting.write(
            Data(
                "BEGIN IMMEDIATE;\nINSERT INTO key_move (deck, old_key, new_key, time, similarity) VALUES ('x', 'y', 'z', 0, 0);\n.shell sleep 6\n"
                    .utf8))
        // Wait until the lock is held: a write from here would fail at once.
        var locked = false
        for _ in 0..<100 where !locked {
            usleep(50_000)
            let probe = try BinaryRunner.runProcess(
                "/usr/bin/env", ["sqlite3", app.progress, "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;"])
            locked = probe.status != 0
        }
        XCTAssertTrue(locked, "the holder never took the lock")
        try app.send("Space", "y")
        usleep(300_000)
        let pid = try cardboxPID(app)
        let sent = Date()
        kill(pid, SIGTERM)
        XCTAssertEqual(try app.waitForExit(), 128 + SIGTERM)
        print(
            "quit while a write waited: ended \(String(format: "%.0f", Date().timeIntervalSince(sent) * 1000)) ms after SIGTERM"
        )
        try assertRestored(app)
        holder.terminate()
        holder.waitUntilExit()
        XCTAssertEqual(try SQLiteShell.query(app.progress, "SELECT COUNT(*) FROM review"), ["1"])
    }
}
