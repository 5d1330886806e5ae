import ArgumentParser
import CardboxEngine
import Foundation

/// Options every cardbox command takes: where decks and progress are, and the clock.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("content"),
        help: ArgumentHelp(
            "A deck file or a folder of decks (repeatable). Default: $CARDBOX_CONTENT, else ./Content, else the installed decks.",
            valueName: "PATH"))
    var content: [String] = []

    @Option(
        help: ArgumentHelp("The progress file. Default: $XDG_STATE_HOME/cardbox/progress.sqlite.", valueName: "FILE"))
    var progress: String?

    @Option(
        help: ArgumentHelp("Fix the clock to this time, e.g. 2026-03-01T09:00:00Z or 2026-03-01.", valueName: "ISO8601")
    )
    var now: String?

    @Option(
        help: ArgumentHelp(
            "Days each Leitner box waits, comma-separated; 3 to 9 boxes. Default: 1,2,4,8,16.",
            valueName: "DAYS"))
    var intervals: String?

    @Option(help: ArgumentHelp("New cards a study day may introduce. Default: 20.", valueName: "N"))
    var newPerDay: Int?

    @Option(
        help: ArgumentHelp("Hour (0-23, local time) at which a new study day starts. Default: 4.", valueName: "HOUR"))
    var dayStart: Int?

    func validate() throws {
        if let now, ClockOption.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time; use e.g. 2026-03-01T09:00:00Z or 2026-03-01")
        }
        _ = try leitnerConfig()
    }

    /// The scheduler settings from the options, with the documented defaults for the rest.
    func leitnerConfig() throws -> LeitnerConfig {
        var days = LeitnerConfig.defaultIntervals
        if let intervals {
            let parts = intervals.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
                throw ValidationError(
                    "--intervals '\(intervals)' must be whole numbers of days separated by commas, e.g. 1,3,7")
            }
            days = parts.compactMap { $0 }
        }
        do {
            return try LeitnerConfig(
                intervals: days, dayStartHour: dayStart ?? LeitnerConfig.defaultDayStartHour,
                newCardsPerDay: newPerDay ?? LeitnerConfig.defaultNewCardsPerDay)
        } catch let error as LeitnerConfig.ValidationError {
            throw ValidationError("scheduler setting: \(error)")
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
        // The zoned form is read by hand: the date formatters load ICU, a few milliseconds of start-up.
        if let date = ZonedTime.parse(text) { return date }
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
