import ArgumentParser

/// The full-screen app's arguments in their plain forms, read without the argument parser.
///
/// The argument parser learns a command's options by reflecting over their property wrappers, twice,
/// and looks up protocol conformances on the way: a quarter of the work of a small start. A start
/// with only the study command's own options, each as `--name value`, `--name=value` or a flag given
/// once, is read here instead; anything else (help, a subcommand, an unknown or repeated option, a
/// missing value, a value starting with `-`, a value `validate()` refuses) returns nil and goes to the
/// argument parser, which reads it and words any error as always. The options themselves, their help
/// and checks stay declared once, on `GlobalOptions` and `StudyCommand`; a test holds this table to
/// the parser's own list of them and both readings to the same settings.
enum StudyArguments {
    /// The property an option sets.
    enum Setting: Int {
        case content, progress, now, intervals, newPerDay, dayStart, journal, config, resetProgress

        /// Whether the option takes a value (every one but the flag).
        var takesValue: Bool { self != .resetProgress }
    }

    /// The study command's options by their long name (a list, not a dictionary: a start looks up a few
    /// names once, and a dictionary's first use costs more than the search).
    static let options: [(name: String, setting: Setting)] = [
        ("--content", .content), ("--progress", .progress), ("--now", .now), ("--intervals", .intervals),
        ("--new-per-day", .newPerDay), ("--day-start", .dayStart), ("--journal", .journal), ("--config", .config),
        ("--reset-progress", .resetProgress),
    ]

    /// The names of the options that take a value.
    static var namesWithValue: [String] { options.filter { $0.setting.takesValue }.map(\.name) }

    /// The study command `arguments` (without the program's name) ask for, checked by its `validate()`,
    /// when they are all in the plain forms above; nil sends them to the argument parser.
    static func command(_ arguments: [String]) -> StudyCommand? {
        var words = arguments[...]
        if words.first == "study" { words = words.dropFirst() }
        var content: [String] = []
        var values: [String?] = Array(repeating: nil, count: options.count)
        var reset = false
        while let word = words.popFirst() {
            var name = word
            var attached: String?
            if let equals = word.utf8.firstIndex(of: UInt8(ascii: "=")) {
                name = String(word[..<equals])
                attached = String(word[word.index(after: equals)...])
            }
            guard let setting = options.first(where: { $0.name == name })?.setting else { return nil }
            guard setting.takesValue else {
                guard attached == nil, !reset else { return nil }
                reset = true
                continue
            }
            guard let value = attached ?? words.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
            if setting == .content {
                content.append(value)
            } else {
                guard values[setting.rawValue] == nil else { return nil }
                values[setting.rawValue] = value
            }
        }
        var shared = GlobalOptions()
        shared.content = content
        shared.progress = values[Setting.progress.rawValue]
        shared.now = values[Setting.now.rawValue]
        shared.intervals = values[Setting.intervals.rawValue]
        shared.newPerDay = values[Setting.newPerDay.rawValue]
        shared.dayStart = values[Setting.dayStart.rawValue]
        shared.journal = values[Setting.journal.rawValue]
        shared.config = values[Setting.config.rawValue]
        var command = StudyCommand()
        command.options = shared
        command.resetProgress = reset
        do {
            try command.options.validate()
            try command.validate()
        } catch {
            return nil
        }
        return command
    }
}
