import XCTest

@testable import cardbox

/// The shared options that may come before a command's name.
final class CommandFirstTests: XCTestCase {
    func testEverySharedOptionWithAValueIsKnown() throws {
        // Each "--name <VALUE>" of the shared options' usage: a value to step over, not a command.
        let usage = GlobalOptions.helpMessage(columns: 1000)
        let pattern = try NSRegularExpression(pattern: "(--[a-z-]+) <")
        let range = NSRange(usage.startIndex..., in: usage)
        let names = Set(
            pattern.matches(in: usage, range: range).compactMap { Range($0.range(at: 1), in: usage).map { usage[$0] } }
                .map(String.init))
        XCTAssertFalse(names.isEmpty, usage)
        XCTAssertEqual(names, CommandFirst.optionsWithValue)
    }

    func testACommandAfterOptionsMovesToTheFront() {
        let commands: Set = ["stats", "check"]
        XCTAssertEqual(
            CommandFirst.reordered(["--journal", "j", "--now", "2026-03-01", "stats", "--json"], commands: commands),
            ["stats", "--journal", "j", "--now", "2026-03-01", "--json"])
        XCTAssertEqual(
            CommandFirst.reordered(["--content", "stats", "check"], commands: commands),
            ["check", "--content", "stats"], "a value named like a command stays a value")
        XCTAssertEqual(CommandFirst.reordered(["stats", "--json"], commands: commands), ["stats", "--json"])
        XCTAssertEqual(CommandFirst.reordered(["--", "stats"], commands: commands), ["--", "stats"])
    }
}
