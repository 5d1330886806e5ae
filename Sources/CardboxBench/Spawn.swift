import Foundation

/// Starts a program with `posix_spawn`, the way every process the bench times is started.
enum Spawn {
    /// Spawns `arguments` (the first is the program's path) with `environment` added to this process's,
    /// the file actions and attributes given; returns the child's pid or throws the spawn's error.
    static func start(
        _ arguments: [String], environment: [String: String], actions: inout posix_spawn_file_actions_t,
        attributes: UnsafePointer<posix_spawnattr_t>?
    ) throws -> pid_t {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        var cEnvironment = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer {
            cEnvironment.forEach { free($0) }
            cArguments.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, attributes, &cArguments, &cEnvironment)
        guard status == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(status)) }
        return child
    }
}
