import Foundation

/// Where progress is kept by default: `$XDG_STATE_HOME/cardbox/progress.sqlite`, else `~/.local/state/cardbox/`.
public enum ProgressPaths {
    public static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/cardbox/progress.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/cardbox/progress.sqlite"
    }
}
