import Foundation

/// Starts other programs: the editor in the foreground with the terminal, an opener in the
/// background without it.
enum ChildProcess {
    /// Signals a child gets back at their default action, whatever this process does with them.
    private static let defaultSignals: [Int32] = [SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ, SIGALRM]

    /// `defaultSignals` as a set, for `posix_spawnattr_setsigdefault`.
    private static func defaultSignalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in defaultSignals { sigaddset(&set, signal) }
        return set
    }

    /// Runs `argv` on this terminal and waits for it; a Ctrl-Z that stops it stops this process too,
    /// and both go on together. Returns nil on success, else why not as one line (`what` names it).
    static func runInForeground(_ argv: [String], what: String) -> String? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = defaultSignalSet()
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = spawn(argv, attributes: &attributes, actions: nil, pid: &pid)
        guard spawned == 0 else { return "Could not start \(what): \(String(cString: strerror(spawned)))" }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WUNTRACED)
            if result < 0 {
                if errno == EINTR { continue }
                return "Lost track of \(what): \(String(cString: strerror(errno)))"
            }
            if (status & 0xff) == 0x7f {
                // Stopped (Ctrl-Z in the editor): stop too, so the shell gets the terminal back;
                // once continued, continue the editor and wait on.
                SignalMonitor.stopProcess()
                kill(pid, SIGCONT)
                continue
            }
            break
        }
        let signal = status & 0x7f
        if signal != 0 { return "\(what.prefix(1).uppercased() + what.dropFirst()) was ended by signal \(signal)" }
        let code = (status >> 8) & 0xff
        if code == 0 { return nil }
        let hint = code == 127 ? " (command not found? set $VISUAL or $EDITOR)" : ""
        return "\(what.prefix(1).uppercased() + what.dropFirst()) exited with status \(code)\(hint)"
    }

    /// Starts `argv` detached: its own session (no controlling terminal, so it can neither read the
    /// keys nor be stopped with the app), standard streams on /dev/null, not waited for beyond its
    /// start. Returns nil when it started, else why not.
    static func startDetached(_ argv: [String]) -> String? {
        // `setsid` is not something posix_spawn can do portably: a shell starts it in a new session
        // and returns at once, so the opener is never this process's child for long.
        let script =
            "command -v \"$1\" >/dev/null 2>&1 || exit 127; "
            + "if command -v setsid >/dev/null 2>&1; then exec setsid -f \"$@\"; else \"$@\" & fi"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = defaultSignalSet()
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Its own process group: Ctrl-C in the app never reaches it.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let spawned = spawn(
            ["/bin/sh", "-c", script, "sh"] + argv, attributes: &attributes, actions: &actions, pid: &pid)
        guard spawned == 0 else { return "Could not start \(argv[0]): \(String(cString: strerror(spawned)))" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if (status & 0x7f) == 0, (status >> 8) & 0xff == 127 { return "\(argv[0]) is not installed" }
        return nil
    }

    private static func spawn(
        _ argv: [String], attributes: inout posix_spawnattr_t, actions: UnsafePointer<posix_spawn_file_actions_t>?,
        pid: inout pid_t
    ) -> Int32 {
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        return posix_spawn(&pid, argv[0], actions, &attributes, &cArguments, environ)
    }
}
