import Foundation

/// Times a program from spawn to exit with `posix_spawn` and a blocking `waitpid`.
///
/// Foundation's `Process.waitUntilExit()` sees an exit only on a later turn of its run loop, which
/// added about 40 ms to every `stats --json` the bench timed (50.7 ms at 1,000 and at 10,000 cards alike
/// in rounds 2 and 3, for a command that takes 10 to 20 ms).
enum SpawnTimer {
    /// Milliseconds from spawn to exit of `arguments` (the first is the program's path), with
    /// `environment` added to this process's and the output sent to /dev/null. Throws when the program
    /// cannot start or exits with a status other than 0.
    static func run(_ arguments: [String], environment: [String: String]) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        let clock = ContinuousClock()
        let start = clock.now
        let child = try Spawn.start(arguments, environment: environment, actions: &actions, attributes: nil)
        var exit: Int32 = 0
        while waitpid(child, &exit, 0) < 0 && errno == EINTR {}
        let elapsed = Timing.milliseconds(clock.now - start)
        guard exit == 0 else {
            throw NSError(
                domain: "bench", code: Int(exit),
                userInfo: [NSLocalizedDescriptionKey: "\(arguments[0]) \(arguments.dropFirst().first ?? "") failed"])
        }
        return elapsed
    }
}
