import Foundation
import XCTest

/// Process-level helpers for the reliability tests: the app's pid, several keys in one tmux call, and
/// reading the status line's tally.
extension TmuxSession {
    /// The pid of cardbox inside the pane (the pane runs sh, whose only child is cardbox).
    func appPID(file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let shell = try XCTUnwrap(
            Int32(
                try tmux(["list-panes", "-t", "main", "-F", "#{pane_pid}"])
                    .trimmingCharacters(in: .whitespacesAndNewlines)), file: file, line: line)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return try XCTUnwrap(
            children.split(separator: " ").first.flatMap { Int32($0) }, "no child of the pane's shell",
            file: file, line: line)
    }

    /// Sends several tmux key names in one `send-keys`, so the app receives them as one burst.
    func sendBurst(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try tmux(["send-keys", "-t", "main"] + keys)
    }

    /// The status line's tally `✓ right  ✗ missed`, or nil when the screen shows none.
    static func tally(in screen: String) -> (right: Int, missed: Int)? {
        guard let match = screen.firstMatch(of: /✓ (\d+)  ✗ (\d+)/) else { return nil }
        return (Int(match.1)!, Int(match.2)!)
    }

    /// Waits until `predicate` holds for the screen; returns the last screen either way.
    @discardableResult
    func poll(timeout: TimeInterval = 10, until predicate: (String) -> Bool) throws -> (screen: String, matched: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        repeat {
            last = try screen()
            if predicate(last) { return (last, true) }
            usleep(10_000)
        } while Date() < deadline
        return (last, false)
    }

    /// The screen once tmux has drawn everything the app wrote so far: two equal captures in a row.
    func settledScreen() throws -> String {
        var previous = try screen()
        for _ in 0..<20 {
            usleep(20_000)
            let next = try screen()
            if next == previous { return next }
            previous = next
        }
        return previous
    }
}

/// Runs the sqlite3 command-line tool on `file` and returns its output lines.
enum SQLiteShell {
    static var isAvailable: Bool {
        ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func query(_ file: String, _ sql: String) throws -> [String] {
        let result = try BinaryRunner.runProcess("/usr/bin/env", ["sqlite3", "-batch", file, sql])
        guard result.status == 0 else {
            throw NSError(
                domain: "sqlite3", code: Int(result.status),
                userInfo: [NSLocalizedDescriptionKey: "sqlite3 \(sql): " + result.stderr])
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }
}

extension TmuxSession {
    /// True while the pane shows the alternate screen (a curses app that has not restored the terminal).
    func alternateScreen() throws -> Bool {
        try tmux(["display-message", "-p", "-t", "main", "#{alternate_on}"]).trimmingCharacters(
            in: .whitespacesAndNewlines) == "1"
    }
}

extension TmuxSession {
    /// One study session from the tree: Enter, each of `answers` after revealing its card, then the
    /// summary closed and the app quit, which must exit with 0.
    func studyOneSession(answers: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        try waitFor("All decks", file: file, line: line)
        try send("Enter")
        try waitFor("STUDY 1/", file: file, line: line)
        for answer in answers { try send("Space", answer) }
        try waitFor("Session summary", file: file, line: line)
        try send("Enter", "q")
        XCTAssertEqual(try waitForExit(file: file, line: line), 0, file: file, line: line)
    }
}
