import Foundation

/// Starts a program on a new pseudo-terminal and watches what it draws.
final class PseudoTerminal {
    private let master: Int32
    let pid: pid_t

    /// Spawns `arguments` (the first is the path) on a `width`×`height` terminal.
    init(arguments: [String], width: Int, height: Int, environment: [String: String]) throws {
        // Linux's pseudo-terminal multiplexer; glibc hides posix_openpt and friends from Swift.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
        let getNumber: UInt = 0x8004_5430  // TIOCGPTN
        guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
        }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, slavePath, O_RDWR, 0) }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID: the child gets the terminal as its own
        pid = try Spawn.start(arguments, environment: environment, actions: &actions, attributes: &attributes)
    }

    /// The harness's own floor: spawn to `marker` seen for `/bin/echo marker` on a 100×30 terminal, the
    /// way the app's start is timed (a process started, a program loaded, its output read), `runs` times.
    static func floor(runs: Int, marker: String = "TOPICS") throws -> [Double] {
        try (0..<runs).map { _ in
            let clock = ContinuousClock()
            let start = clock.now
            let terminal = try PseudoTerminal(
                arguments: ["/bin/echo", marker], width: 100, height: 30, environment: ["TERM": "xterm-256color"])
            defer { terminal.finish(timeout: 1) }
            guard terminal.waitFor(marker, timeout: 10) else {
                throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "echo never wrote"])
            }
            return Timing.milliseconds(clock.now - start)
        }
    }

    /// Reads output until it contains `marker`; returns false on timeout.
    func waitFor(_ marker: String, timeout: TimeInterval) -> Bool {
        let needle = Array(marker.utf8)
        var seen: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { return false }
            seen += buffer[0..<count]
            if seen.count >= needle.count, contains(seen, needle) { return true }
            if seen.count > 1_000_000 { seen.removeFirst(seen.count - needle.count) }
        }
        return false
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    /// Peak resident memory of the child in MB, from /proc.
    func peakRSS() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Double(digits).map { $0 / 1024 }
        }
        return nil
    }

    func send(_ text: String) { _ = text.withCString { write(master, $0, strlen($0)) } }

    /// Waits for the child to exit (killing it after `timeout`) and closes the terminal.
    func finish(timeout: TimeInterval = 5) {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 20) > 0 { _ = read(master, &buffer, buffer.count) }
        }
        close(master)
    }
}
