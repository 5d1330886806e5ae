import Foundation
import XCTest

/// Runs the real cardbox binary inside a detached tmux server of its own, to type keys and read the screen.
final class TmuxSession {
    let socket: String
    let folder: URL
    let progress: String
    private let exitFile: URL
    private let errorFile: URL

    /// Starts `cardbox arguments…` in a `width`×`height` window with its own progress file in `folder`.
    /// `shellSetup` runs in the pane's shell first (e.g. `ulimit -f 64`); `wrapper` is a command
    /// prefix that execs cardbox (e.g. `setpriv --reuid=…`).
    init(
        folder: URL, arguments: [String], width: Int = 100, height: Int = 30, progress: String? = nil,
        environment: [String: String] = [:], interactiveShell: Bool = false, shellSetup: String = "",
        wrapper: [String] = []
    ) throws {
        self.folder = folder
        self.progress = progress ?? folder.appendingPathComponent("progress.sqlite").path
        socket = "cardbox-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        exitFile = folder.appendingPathComponent("exit-\(socket)")
        errorFile = folder.appendingPathComponent("stderr-\(socket)")
        var env = [
            "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "NO_COLOR": "1",
            "XDG_CACHE_HOME": folder.appendingPathComponent("cache").path,
            // No settings file of the user's: each test names its own.
            "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path,
            // The deck index's seal key is kept beside the default progress file: the test's own.
            "XDG_STATE_HOME": folder.appendingPathComponent("state").path,
        ]
        env.merge(environment) { $1 }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(
            separator: " ")
        let command = (wrapper + [BinaryRunner.binary] + arguments + ["--progress", self.progress]).map(Self.quote)
            .joined(separator: " ")
        // The trap keeps sh alive through Ctrl-C so it can record cardbox's exit status; a trap with a
        // command (unlike an ignored signal) is reset to the default in the child.
        let script =
            "trap : INT; \(shellSetup.isEmpty ? "" : shellSetup + "; ")env \(assignments) \(command) 2>\(Self.quote(errorFile.path)); echo $? > \(Self.quote(exitFile.path)); exec sleep 600"
        if interactiveShell {
            // A shell with job control, so that Ctrl-Z really stops cardbox and `fg` resumes it.
            try tmux([
                "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main",
                "env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i",
            ])
            let line =
                "env \(assignments) \(command) 2>\(Self.quote(errorFile.path)); echo $? > \(Self.quote(exitFile.path))"
            try tmux(["send-keys", "-t", "main", "-l", line])
            try tmux(["send-keys", "-t", "main", "Enter"])
        } else {
            try tmux([
                "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main", "sh", "-c",
                script,
            ])
        }
    }

    deinit { _ = try? tmux(["kill-server"]) }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs one tmux command on this session's server and returns what it printed.
    ///
    /// Spawned with posix_spawn and reaped with waitpid: the first command forks the tmux server, which
    /// keeps inherited descriptors open, so nothing here may wait for a pipe's end of file.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = folder.appendingPathComponent("capture-\(socket)").path
        let argv = ["tmux", "-L", socket] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(spawned)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Sends tmux key names (`Enter`, `Space`, `Escape`, `C-c`, …) or literal characters.
    func send(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", "main", key]) }
    }

    /// Sends each character of `text` literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "main"]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen contains `text`; fails the test with the screen when it never does.
    @discardableResult
    func waitFor(
        _ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(30_000)
        }
        XCTFail(
            "screen never showed \(text.debugDescription):\n\(last)\nstderr: \(standardError)", file: file, line: line)
        throw XCTSkip("gave up waiting")
    }

    /// Waits for the app to exit and returns its exit status.
    func waitForExit(timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: exitFile, encoding: .utf8),
                let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return code
            }
            usleep(30_000)
        }
        XCTFail("cardbox did not exit; screen:\n\((try? screen()) ?? "")", file: file, line: line)
        return nil
    }

    var standardError: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }
}
