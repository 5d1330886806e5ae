import ArgumentParser
import XCTest

@testable import cardbox

/// The full-screen app's arguments read without the argument parser give what the parser gives, and
/// every other form is left to the parser.
final class StudyArgumentsTests: XCTestCase {
    /// A valid value for each option that takes one; a new option needs one here.
    private let samples: [String: [String]] = [
        "--content": ["decks", "other/deck.md"], "--progress": ["p.sqlite", "/tmp/x y.sqlite"],
        "--now": ["2026-03-01T09:00:00Z", "2026-03-01"], "--intervals": ["1,3,7", "1,2,4,8,16,32"],
        "--new-per-day": ["0", "10000"], "--day-start": ["0", "23"], "--journal": ["j", "/srv/j"],
        "--config": ["c.toml", "a=b.toml"],
    ]

    /// The settings a parsed command carries, for comparing two readings.
    private func settings(_ command: StudyCommand) -> [String] {
        let options = command.options
        return [
            options.content.joined(separator: "\u{0}"), options.progress ?? "-", options.now ?? "-",
            options.intervals ?? "-", options.newPerDay ?? "-", options.dayStart ?? "-", options.journal ?? "-",
            options.config ?? "-", "\(command.resetProgress)",
        ]
    }

    private func parsed(_ arguments: [String]) throws -> StudyCommand {
        let command = try CardboxCommand.parseAsRoot(arguments)
        return try XCTUnwrap(command as? StudyCommand, "\(arguments) parsed as \(type(of: command))")
    }

    func testTheTableIsTheParsersOwnListOfOptions() throws {
        let usage = StudyCommand.helpMessage(columns: 1000)
        func names(_ pattern: String) throws -> Set<String> {
            let expression = try NSRegularExpression(pattern: pattern)
            return Set(
                expression.matches(in: usage, range: NSRange(usage.startIndex..., in: usage)).compactMap {
                    Range($0.range(at: 1), in: usage).map { String(usage[$0]) }
                })
        }
        let every = try names("(--[a-z][a-z-]*)").subtracting(["--help"])
        XCTAssertEqual(every, Set(StudyArguments.options.map(\.name)), usage)
        XCTAssertEqual(StudyArguments.options.count, every.count, "each option once")
        XCTAssertEqual(
            try names("(--[a-z][a-z-]*) <"), Set(StudyArguments.namesWithValue), usage)
        XCTAssertEqual(Set(samples.keys), Set(StudyArguments.namesWithValue))
    }

    func testEveryPlainFormGivesTheParsersSettings() throws {
        var cases: [[String]] = [
            [], ["study"], ["--reset-progress"], ["study", "--reset-progress", "--content", "a"],
            ["--content", "a", "--content=b", "--content", "c"],
            [
                "--content", "d", "--progress=p", "--now", "2026-03-01T09:00:00Z", "--intervals=1,2,4",
                "--new-per-day", "7", "--day-start=5", "--journal", "j", "--config=c", "--reset-progress",
            ],
            ["--content", "stats"], ["--progress", "check"],
        ]
        for (name, values) in samples {
            for value in values {
                cases.append([name, value])
                cases.append(["\(name)=\(value)"])
                cases.append(["--reset-progress", name, value])
            }
        }
        for arguments in cases {
            let quick = try XCTUnwrap(
                StudyArguments.command(arguments), "\(arguments) should be read without the parser")
            XCTAssertEqual(settings(quick), settings(try parsed(arguments)), "\(arguments)")
        }
    }

    func testEveryOtherFormGoesToTheParser() throws {
        let declined: [[String]] = [
            ["--help"], ["-h"], ["--version"], ["help"], ["stats"], ["check", "--content", "a"], ["deck.md"],
            ["--bogus"], ["--content"], ["--content", "a", "--bogus", "b"], ["--content", "--progress", "p"],
            ["--content="], ["--content", ""], ["--content", "-x"], ["--progress", "a", "--progress", "b"],
            ["--progress=a", "--progress", "b"], ["--reset-progress", "--reset-progress"], ["--reset-progress=yes"],
            ["--", "--content", "a"], ["--now", "yesterday"], ["--now", "2026-02-30"], ["--new-per-day", "-5"],
            ["--new-per-day", "10001"], ["--intervals", "1,2"], ["--day-start=24"], ["--content", "a", "extra"],
            ["-c", "a"], ["--Content", "a"], ["study", "study"],
        ]
        for arguments in declined {
            XCTAssertNil(StudyArguments.command(arguments), "\(arguments) should go to the argument parser")
        }
        // The parser refuses these itself, with its own message: the quick path never accepts them.
        for arguments in [
            ["--bogus"], ["--content"], ["--now", "yesterday"], ["--new-per-day", "-5"], ["--intervals", "1,2"],
            ["--day-start=24"], ["--reset-progress=yes"], ["deck.md"],
        ] {
            XCTAssertThrowsError(try CardboxCommand.parseAsRoot(arguments), "\(arguments)")
        }
    }
}
