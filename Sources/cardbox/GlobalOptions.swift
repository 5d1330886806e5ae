import ArgumentParser
import CardboxEngine
import Foundation

/// Options every cardbox command takes: where decks and progress are, and the clock.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("content"),
        help: ArgumentHelp(
            "A deck file or a folder of decks (repeatable). Default: $CARDBOX_CONTENT, else the settings file's content, else ./Content, else the installed decks.",
            valueName: "PATH"))
    var content: [String] = []

    @Option(
        help: ArgumentHelp("The progress file. Default: $XDG_STATE_HOME/cardbox/progress.sqlite.", valueName: "FILE"))
    var progress: String?

    @Option(
        help: ArgumentHelp(
            "Fix the clock to this time, e.g. 2026-03-01T09:00:00Z, or 2026-03-01 for the start of that study day.",
            valueName: "ISO8601"))
    var now: String?

    // The numeric options take the next word as their value even when it starts with "-", so that a
    // negative number is refused with the range allowed, not read as an unknown option.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Days each Leitner box waits, comma-separated; 3 to 9 boxes. Default: 1,2,4,8,16.",
            valueName: "DAYS"))
    var intervals: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("New cards a study day may introduce, 0 to 10000. Default: 20.", valueName: "N"))
    var newPerDay: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Hour (0-23, local time) at which a new study day starts. Default: 4.", valueName: "HOUR"))
    var dayStart: String?

    @Option(
        help: ArgumentHelp(
            "A folder shared between your machines (git, Syncthing): this device appends its answers to its own file there and reads the others'. Default: $CARDBOX_JOURNAL, else the settings file's journal.",
            valueName: "DIR"))
    var journal: String?

    @Option(
        help: ArgumentHelp(
            "The settings file. Default: $XDG_CONFIG_HOME/cardbox/config.toml, else ~/.config/cardbox/config.toml.",
            valueName: "FILE"))
    var config: String?

    func validate() throws {
        if let now, ClockOption.parse(now) == nil {
            throw ValidationError("--now '\(now)' is not an ISO 8601 time; use e.g. 2026-03-01T09:00:00Z or 2026-03-01")
        }
        _ = try schedulerFlags()
    }

    /// The scheduler flags given, each checked by `Bounded`, so a value out of range is refused here
    /// with what is allowed; nil for a flag not given.
    func schedulerFlags() throws -> (intervals: [Int]?, newPerDay: Int?, dayStart: Int?) {
        do {
            var days: [Int]?
            if let intervals {
                let parts = intervals.split(separator: ",", omittingEmptySubsequences: false)
                guard LeitnerConfig.boxCounts.contains(parts.count) else {
                    throw ValidationError(
                        "--intervals '\(intervals)' must list 3 to 9 boxes' waits in days, separated by commas, e.g. 1,3,7"
                    )
                }
                days = try parts.map {
                    try Bounded.integer(
                        $0, named: "--intervals: interval", in: LeitnerConfig.intervalDays, unit: "days")
                }
            }
            let newCards = try newPerDay.map {
                try Bounded.integer($0, named: "--new-per-day", in: LeitnerConfig.newCardsPerDayRange)
            }
            let hour = try dayStart.map {
                try Bounded.integer($0, named: "--day-start", in: LeitnerConfig.dayStartHours)
            }
            return (days, newCards, hour)
        } catch let error as Bounded.Refusal {
            throw ValidationError("\(error)")
        }
    }

    /// Every setting of this run, by flag, environment, settings file and default. A bad settings file
    /// is reported on standard error as `config.toml:LINE: what is wrong` and ends the run with status 1.
    func settings(environment: [String: String] = ProcessEnvironment.current) throws -> EffectiveSettings {
        do {
            return try EffectiveSettings.resolve(self, environment: environment)
        } catch let problem as SettingsFile.Problem {
            printError("cardbox: \(problem)")
            throw ExitCode(1)
        }
    }

    /// The fixed time from `--now`, or nil to follow the real clock. A date alone is the start of
    /// that study day (its `day-start` hour): its midnight belongs to the day before.
    var fixedNow: Date? {
        guard let now else { return nil }
        let settings = try? EffectiveSettings.resolve(self, environment: ProcessEnvironment.current)
        return ClockOption.parse(now, dateHour: settings?.dayStart.value ?? LeitnerConfig.defaultDayStartHour)
    }

    func currentDate() -> Date { fixedNow ?? Date() }
}

/// Parses `--now`: a full ISO 8601 time with zone, a local time without zone, or a date (local time
/// `dateHour`).
/// Every field is range-checked (no hour 24, no offset beyond ±23:59): the date formatters roll
/// such values over instead of refusing them.
enum ClockOption {
    static func parse(_ text: String, dateHour: Int = 0) -> Date? {
        // The zoned form is read by hand: the date formatters load ICU, a few milliseconds of start-up.
        if let date = ZonedTime.parse(text) { return date }
        guard var fields = localFields(text) else { return nil }
        if text.utf8.count == 10 { fields[3] = dateHour }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let components = DateComponents(
            year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
        guard let date = calendar.date(from: components) else { return nil }
        // A day that does not exist (30 February) comes back as another day: refuse it.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == fields[0], back.month == fields[1], back.day == fields[2] else { return nil }
        return date
    }

    /// Year, month, day, hour, minute and second of `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm` or
    /// `yyyy-MM-ddTHH:mm:ss`, each in its range; nil for anything else.
    static func localFields(_ text: String) -> [Int]? {
        let bytes = Array(text.utf8)
        guard [10, 16, 19].contains(bytes.count) else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == UInt8(ascii: "-"), let month = number(5..<7),
            bytes[7] == UInt8(ascii: "-"), let day = number(8..<10), (1...9999).contains(year),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var fields = [year, month, day, 0, 0, 0]
        if bytes.count >= 16 {
            guard bytes[10] == UInt8(ascii: "T"), let hour = number(11..<13), bytes[13] == UInt8(ascii: ":"),
                let minute = number(14..<16), hour < 24, minute < 60
            else { return nil }
            fields[3] = hour
            fields[4] = minute
        }
        if bytes.count == 19 {
            guard bytes[16] == UInt8(ascii: ":"), let second = number(17..<19), second < 60 else { return nil }
            fields[5] = second
        }
        return fields
    }
}
