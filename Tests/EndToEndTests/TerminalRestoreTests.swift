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
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        folder = try BinaryRunner.temporaryFolder(self)
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
