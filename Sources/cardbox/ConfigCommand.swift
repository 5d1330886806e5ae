import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox config`: every effective setting and where it came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print every effective setting and where it came from.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let settings = try options.settings()
        var rows: [(String, String, String)] = []
        func row<Value>(_ key: String, _ entry: EffectiveSettings.Entry<Value>, _ show: (Value) -> String) {
            rows.append((key, show(entry.value), entry.origin.description))
        }
        let fileState = settings.file == nil ? "(none; looked for \(settings.fileLocation))" : settings.fileLocation
        print("settings file  \(fileState)")
        row("content", settings.content) { $0.joined(separator: ", ") }
        row("progress", settings.progress) { $0 }
        row("intervals", settings.intervals) { $0.map(String.init).joined(separator: ", ") + " days" }
        row("new-per-day", settings.newPerDay) { "\($0)" }
        row("day-start", settings.dayStart) { String(format: "%02d:00", $0) }
        row("new-order", settings.newOrder) { $0.rawValue }
        row("leech-after", settings.leechAfter) { $0 == 1 ? "1 miss" : "\($0) misses" }
        row("leech-action", settings.leechAction) { $0.rawValue }
        row("ahead-days", settings.aheadDays) { "\($0) days" }
        row("journal", settings.journal) { $0 ?? "(none)" }
        if settings.journal.value != nil {
            rows.append(("device", Self.device(progress: settings.progress.value), settings.progress.value))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(60, rows.map(\.1.count).max() ?? 0)
        for (key, value, origin) in rows {
            let paddedKey = key.padding(toLength: width, withPad: " ", startingAt: 0)
            let paddedValue =
                value.count < valueWidth ? value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) : value
            print("\(paddedKey)  \(paddedValue)  (\(origin))")
        }
    }

    /// The device id kept in the progress file, read without changing it.
    static func device(progress: String) -> String {
        guard (try? ProgressFileCheck.inspect(progress)) == .data,
            let id = try? ProgressStore(path: progress, readOnly: true).deviceID()
        else { return "(made when cardbox first writes the progress file)" }
        return id
    }
}
