import ArgumentParser
import CardboxEngine
import Foundation

/// Options every cardbox command takes: where decks and progress are, and the clock.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("content"), help: ArgumentHelp(
        "A deck file or a folder of decks (repeatable). Default: $CARDBOX_CONTENT, else ./Content, else the installed decks.",
        valueName: "PATH"))
    var content: [String] = []

    @Option(help: ArgumentHelp("The progress file. Default: $XDG_STATE_HOME/cardbox/progress.sqlite.", valueName: "FILE"))
    var progress: String?

    @Option(help: ArgumentHelp("Fix the clock to this time, e.g. 2026-03-01T09:00:00Z or 2026-03-01.", valueName: "ISO8601"))
    var now: String?

    func validate() throws {
        if let now, ClockOption.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time; use e.g. 2026-03-01T09:00:00Z or 2026-03-01")
        }
    }

    /// The content paths to load, by the documented order of defaults.
    func contentPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if !content.isEmpty { return content }
        if let fromEnvironment = environment["CARDBOX_CONTENT"], !fromEnvironment.isEmpty {
            return fromEnvironment.split(separator: ":").map(String.init)
        }
        if FileManager.default.fileExists(atPath: "Content") { return ["Content"] }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/cardbox/Content").path
        return [installed]
    }

    var progressFile: String { progress ?? ProgressPaths.defaultFile() }

    /// The fixed time from `--now`, or nil to follow the real clock.
    var fixedNow: Date? { now.flatMap(ClockOption.parse) }

    func currentDate() -> Date { fixedNow ?? Date() }
}

/// Parses `--now`: a full ISO 8601 time with zone, a local time without zone, or a date (local midnight).
enum ClockOption {
    static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = .current
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let date = local.date(from: text) { return date }
        }
        return nil
    }
}
