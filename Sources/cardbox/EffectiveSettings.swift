import ArgumentParser
import CardboxEngine
import Foundation

/// Every setting a run uses and where it came from: flag, then `CARDBOX_*` environment, then the
/// settings file, then the default. `XDG_*` variables only locate the defaults.
struct EffectiveSettings {
    /// Where a setting's value came from, as `cardbox config` prints it.
    enum Origin: Equatable, CustomStringConvertible {
        case flag(String)
        case environment(String)
        case file(String, line: Int?)
        case standard

        var description: String {
            switch self {
            case .flag(let name): "flag \(name)"
            case .environment(let name): "environment \(name)"
            case .file(let path, let line): line.map { "\(path):\($0)" } ?? path
            case .standard: "default"
            }
        }
    }

    /// One setting's value and origin.
    struct Entry<Value> {
        var value: Value
        var origin: Origin
    }

    /// The settings file read, or nil when there is none.
    var file: SettingsFile?
    /// Where a settings file was looked for when none was given.
    var fileLocation: String
    var content: Entry<[String]>
    var progress: Entry<String>
    var intervals: Entry<[Int]>
    var newPerDay: Entry<Int>
    var dayStart: Entry<Int>
    var newOrder: Entry<StudyQueue.NewOrder>
    var leechAfter: Entry<Int>
    var leechAction: Entry<LeechAction>
    var aheadDays: Entry<Int>
    var journal: Entry<String?>

    /// The default settings file: `$XDG_CONFIG_HOME/cardbox/config.toml`, else `~/.config/cardbox/config.toml`.
    static func defaultFile(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/cardbox/config.toml"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/cardbox/config.toml"
    }

    /// Resolves every setting; a bad or missing named settings file is a `SettingsFile.Problem`.
    static func resolve(_ options: GlobalOptions, environment: [String: String]) throws -> EffectiveSettings {
        let location = options.config ?? defaultFile(environment: environment)
        var file: SettingsFile?
        if options.config != nil || FileManager.default.fileExists(atPath: location) {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            file = try SettingsFile.load(path: location, home: home)
        }
        func fromFile<Value>(_ value: Value?, _ key: String) -> Entry<Value>? {
            guard let file, let value else { return nil }
            return Entry(value: value, origin: .file(file.path, line: file.lines[key]))
        }
        func environmentValue(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }

        let content: Entry<[String]> =
            if !options.content.isEmpty {
                Entry(value: options.content, origin: .flag("--content"))
            } else if let paths = environmentValue("CARDBOX_CONTENT") {
                Entry(value: paths.split(separator: ":").map(String.init), origin: .environment("CARDBOX_CONTENT"))
            } else if let entry = fromFile(file?.content, "content") {
                entry
            } else {
                Entry(value: [defaultContent()], origin: .standard)
            }
        let progress: Entry<String> =
            if let flag = options.progress {
                Entry(value: flag, origin: .flag("--progress"))
            } else if let path = environmentValue("CARDBOX_PROGRESS") {
                Entry(value: path, origin: .environment("CARDBOX_PROGRESS"))
            } else {
                fromFile(file?.progress, "progress")
                    ?? Entry(value: ProgressPaths.defaultFile(environment: environment), origin: .standard)
            }
        let journal: Entry<String?> =
            if let flag = options.journal, !flag.isEmpty {
                Entry(value: absolute(flag), origin: .flag("--journal"))
            } else if let path = environmentValue("CARDBOX_JOURNAL") {
                Entry(value: absolute(path), origin: .environment("CARDBOX_JOURNAL"))
            } else if let path = file?.journal {
                Entry(value: path, origin: .file(location, line: file?.lines["journal"]))
            } else {
                Entry(value: nil, origin: .standard)
            }

        let flags = try options.schedulerFlags()
        let standard = LeitnerConfig.standard()
        return EffectiveSettings(
            file: file, fileLocation: location, content: content, progress: progress,
            intervals: flags.intervals.map { Entry(value: $0, origin: .flag("--intervals")) }
                ?? fromFile(file?.intervals, "intervals") ?? Entry(value: standard.intervals, origin: .standard),
            newPerDay: flags.newPerDay.map { Entry(value: $0, origin: .flag("--new-per-day")) }
                ?? fromFile(file?.newPerDay, "new-per-day")
                ?? Entry(value: standard.newCardsPerDay, origin: .standard),
            dayStart: flags.dayStart.map { Entry(value: $0, origin: .flag("--day-start")) }
                ?? fromFile(file?.dayStart, "day-start") ?? Entry(value: standard.dayStartHour, origin: .standard),
            newOrder: fromFile(file?.newOrder, "new-order") ?? Entry(value: .deck, origin: .standard),
            leechAfter: fromFile(file?.leechAfter, "leech-after")
                ?? Entry(value: LeechRule.standard.threshold, origin: .standard),
            leechAction: fromFile(file?.leechAction, "leech-action")
                ?? Entry(value: LeechRule.standard.action, origin: .standard),
            aheadDays: fromFile(file?.aheadDays, "ahead-days")
                ?? Entry(value: StudyAhead.standardDays, origin: .standard),
            journal: journal)
    }

    /// `path` made absolute against the current folder, so a journal folder named relatively is the same
    /// folder for the whole run.
    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `./Content` when there is one, else the decks installed beside the binary; with neither,
    /// `./Content` again: the welcome screen offers it, and the app watches it for a first deck.
    private static func defaultContent() -> String {
        if FileManager.default.fileExists(atPath: "Content") { return "Content" }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/cardbox/Content").path
        return FileManager.default.fileExists(atPath: installed) ? installed : "Content"
    }

    /// When a card becomes a leech and what happens then.
    var leechRule: LeechRule { LeechRule(threshold: leechAfter.value, action: leechAction.value) }

    /// The scheduler's rules from these settings.
    func leitnerConfig() throws -> LeitnerConfig {
        try LeitnerConfig(intervals: intervals.value, dayStartHour: dayStart.value, newCardsPerDay: newPerDay.value)
    }
}
