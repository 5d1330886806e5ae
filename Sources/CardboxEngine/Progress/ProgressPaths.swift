import Foundation

/// Where progress is kept by default: `$XDG_STATE_HOME/cardbox/progress.sqlite`, else `~/.local/state/cardbox/`.
public enum ProgressPaths {
    public static func defaultFile(environment: [String: String] = ProcessEnvironment.current) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/cardbox/progress.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/cardbox/progress.sqlite"
    }

    /// Creates the folder that will hold the progress file `path` (and its lock), with its parents.
    public static func createFolder(for path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ProgressError.cannotCreateFolder(path: path, reason: ProgressStore.reason(error))
        }
    }
}
