import Foundation
import TOMLKit

/// The settings file, `config.toml`: every key checked for its type and range, with the line it is on.
///
/// The TOML library reports lines for syntax errors only, so the line of each key is found in the text:
/// a bad value or an unknown key is reported as `config.toml:LINE: what is wrong`. Relative paths are
/// relative to the file's folder; a leading `~` is the home folder.
public struct SettingsFile: Sendable, Equatable {
    public var path: String
    public var content: [String]?
    public var progress: String?
    public var intervals: [Int]?
    public var newPerDay: Int?
    public var dayStart: Int?
    public var newOrder: StudyQueue.NewOrder?
    public var leechAfter: Int?
    public var leechAction: LeechAction?
    public var aheadDays: Int?
    public var journal: String?
    /// The line each key was read from.
    public var lines: [String: Int] = [:]

    /// Every key the file may hold.
    public static let keys = [
        "content", "progress", "intervals", "new-per-day", "day-start", "new-order", "leech-after", "leech-action",
        "ahead-days", "journal",
    ]

    /// A problem with the file, at a line when one can be named.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var message: String

        public var description: String {
            line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
        }
    }

    public init(path: String) {
        self.path = path
    }

    /// Reads and checks the file at `path`.
    public static func load(path: String, home: String = NSHomeDirectory()) throws(Problem) -> SettingsFile {
        let bytes: [UInt8]
        switch FileBytes.readRegular(path) {
        case .success(let read): bytes = read
        case .failure(.cannotOpen(let code)) where code == ENOENT:
            throw Problem(path: path, line: nil, message: "no such settings file")
        case .failure(let failure): throw Problem(path: path, line: nil, message: failure.description)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem(path: path, line: nil, message: "the settings file is not UTF-8 text")
        }
        return try parse(text, path: path, home: home)
    }

    /// Checks settings given as TOML text; `path` names the file in messages and anchors relative paths.
    public static func parse(
        _ text: String, path: String, home: String = NSHomeDirectory()
    ) throws(Problem)
        -> SettingsFile
    {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Problem(path: path, line: error.source.begin.line, message: error.description)
        } catch {
            throw Problem(path: path, line: nil, message: "\(error)")
        }
        var file = SettingsFile(path: path)
        let lines = KeyLines(text: text)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // In file order, so the first problem reported is the first in the file.
        let entries = table.sorted { (lines.line(of: $0.0) ?? 0) < (lines.line(of: $1.0) ?? 0) }
        for (key, value) in entries {
            let line = lines.line(of: key)
            func problem(_ message: String) -> Problem { Problem(path: path, line: line, message: message) }
            func integer(in range: ClosedRange<Int>) throws(Problem) -> Int {
                guard let number = value.int else { throw problem("\(key) must be a whole number") }
                do {
                    return try Bounded.integer(number, named: key, in: range)
                } catch {
                    throw problem(error.description)
                }
            }
            func text() throws(Problem) -> String {
                guard let string = value.string else { throw problem("\(key) must be a string in quotes") }
                return string
            }
            func filePath() throws(Problem) -> String {
                let string = try text()
                guard !string.isEmpty else { throw problem("\(key) must not be empty") }
                return Self.resolve(string, relativeTo: folder, home: home)
            }
            switch key {
            case "content":
                guard let array = value.array else {
                    throw problem("content must be an array of paths, e.g. content = [\"~/cards\"]")
                }
                var paths: [String] = []
                for element in array {
                    guard let string = element.string, !string.isEmpty else {
                        throw problem("content must list paths as non-empty strings")
                    }
                    paths.append(Self.resolve(string, relativeTo: folder, home: home))
                }
                file.content = paths
            case "progress": file.progress = try filePath()
            case "journal": file.journal = try filePath()
            case "intervals":
                guard let array = value.array else {
                    throw problem("intervals must be an array of days, e.g. intervals = [1, 2, 4, 8, 16]")
                }
                guard LeitnerConfig.boxCounts.contains(array.count) else {
                    throw problem("intervals lists \(array.count) boxes; a scheduler has 3 to 9")
                }
                var days: [Int] = []
                for element in array {
                    guard let number = element.int else { throw problem("intervals must be whole numbers of days") }
                    do {
                        days.append(try Bounded.integer(number, named: "interval", in: LeitnerConfig.intervalDays))
                    } catch {
                        throw problem(error.description + " days")
                    }
                }
                file.intervals = days
            case "new-per-day": file.newPerDay = try integer(in: LeitnerConfig.newCardsPerDayRange)
            case "day-start": file.dayStart = try integer(in: LeitnerConfig.dayStartHours)
            case "leech-after": file.leechAfter = try integer(in: LeechRule.thresholds)
            case "ahead-days": file.aheadDays = try integer(in: StudyAhead.dayRange)
            case "new-order":
                let string = try text()
                guard let order = StudyQueue.NewOrder(rawValue: string) else {
                    throw problem("new-order '\(string)' must be \"deck\" or \"random\"")
                }
                file.newOrder = order
            case "leech-action":
                let string = try text()
                guard let action = LeechAction(rawValue: string) else {
                    throw problem("leech-action '\(string)' must be \"flag\" or \"suspend\"")
                }
                file.leechAction = action
            default:
                let known = Self.keys.joined(separator: ", ")
                throw problem(
                    value.table != nil
                        ? "unknown table [\(key)]; the settings file has no tables (keys: \(known))"
                        : "unknown key '\(key)' (keys: \(known))")
            }
            file.lines[key] = line
        }
        return file
    }

    /// `~/x` in the home folder, a relative path in `folder`, an absolute path as written.
    static func resolve(_ path: String, relativeTo folder: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") {
            return URL(fileURLWithPath: home).appendingPathComponent(String(path.dropFirst(2))).path
        }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
    }
}

/// Finds the line a top-level key (bare or quoted) or a table header is written on.
private struct KeyLines {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var number = 0
        var inMultiline: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let quote = inMultiline {
                if line.contains(quote) { inMultiline = nil }
                continue
            }
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                let key = name.split(separator: "]").first.map(String.init) ?? name
                if lines[key] == nil { lines[key] = number }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            var key = line[..<equals].trimmingCharacters(in: .whitespaces)
            if key.count >= 2, let first = key.first, first == "\"" || first == "'", key.last == first {
                key = String(key.dropFirst().dropLast())
            }
            if lines[key] == nil { lines[key] = number }
            let value = line[line.index(after: equals)...]
            for quote in ["\"\"\"", "'''"] where value.components(separatedBy: quote).count == 2 {
                inMultiline = quote
            }
        }
    }

    func line(of key: String) -> Int? { lines[key] }
}
