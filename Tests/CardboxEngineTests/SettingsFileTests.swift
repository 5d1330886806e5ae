import CardboxEngine
import Foundation
import XCTest

/// The settings file: types, ranges, unknown keys, paths, and the line of every problem.
final class SettingsFileTests: XCTestCase {
    private func parse(_ text: String) throws -> SettingsFile {
        try SettingsFile.parse(text, path: "/home/u/.config/cardbox/config.toml", home: "/home/u")
    }

    private func problem(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testEveryKeyIsReadWithItsLine() throws {
        let file = try parse(
            """
            # study settings
            content = ["~/cards", "decks/aws", "/srv/shared"]
            progress = "~/state/p.sqlite"
            intervals = [1, 3, 7, 14]
            new-per-day = 0
            day-start = 23
            new-order = "random"

            leech-after = 5
            leech-action = "suspend"
            ahead-days = 30
            "journal" = "sync/journal"
            """)
        XCTAssertEqual(file.content, ["/home/u/cards", "/home/u/.config/cardbox/decks/aws", "/srv/shared"])
        XCTAssertEqual(file.progress, "/home/u/state/p.sqlite")
        XCTAssertEqual(file.intervals, [1, 3, 7, 14])
        XCTAssertEqual(file.newPerDay, 0)
        XCTAssertEqual(file.dayStart, 23)
        XCTAssertEqual(file.newOrder, .random)
        XCTAssertEqual(file.leechAfter, 5)
        XCTAssertEqual(file.leechAction, .suspend)
        XCTAssertEqual(file.aheadDays, 30)
        XCTAssertEqual(file.journal, "/home/u/.config/cardbox/sync/journal")
        XCTAssertEqual(file.lines["content"], 2)
        XCTAssertEqual(file.lines["leech-after"], 9)
        XCTAssertEqual(file.lines["journal"], 12)
        XCTAssertEqual(try parse("").intervals, nil, "an empty file sets nothing")
    }

    func testProblemsNameTheFileAndLine() {
        let path = "/home/u/.config/cardbox/config.toml"
        XCTAssertEqual(
            problem("new-per-day = 10\n\nnewperday = 3\n"),
            "\(path):3: unknown key 'newperday' (keys: content, progress, intervals, new-per-day, day-start, "
                + "new-order, leech-after, leech-action, ahead-days, journal)")
        XCTAssertEqual(problem("day-start = 24"), "\(path):1: day-start 24 is not from 0 to 23")
        XCTAssertEqual(problem("x = 1\nday-start = -1\n")?.hasPrefix("\(path):1: unknown key 'x'"), true)
        XCTAssertEqual(problem("new-per-day = 10001"), "\(path):1: new-per-day 10001 is not from 0 to 10000")
        XCTAssertEqual(problem("new-per-day = \"20\""), "\(path):1: new-per-day must be a whole number")
        XCTAssertEqual(problem("intervals = [1, 2]"), "\(path):1: intervals lists 2 boxes; a scheduler has 3 to 9")
        XCTAssertEqual(problem("intervals = [1, 2, 3651]"), "\(path):1: interval 3651 is not from 1 to 3650 days")
        XCTAssertEqual(problem("intervals = [1, 2, 0]"), "\(path):1: interval 0 is not from 1 to 3650 days")
        XCTAssertEqual(
            problem("new-order = \"shuffled\""), "\(path):1: new-order 'shuffled' must be \"deck\" or \"random\"")
        XCTAssertEqual(problem("leech-after = 0"), "\(path):1: leech-after 0 is not from 1 to 1000")
        XCTAssertEqual(problem("ahead-days = 0"), "\(path):1: ahead-days 0 is not from 1 to 365")
        XCTAssertEqual(
            problem("content = \"~/cards\""),
            "\(path):1: content must be an array of paths, e.g. content = [\"~/cards\"]")
        XCTAssertEqual(problem("progress = \"\""), "\(path):1: progress must not be empty")
        XCTAssertEqual(problem("\n[study]\nnew-per-day = 3\n")?.hasPrefix("\(path):2: unknown table [study]"), true)
        XCTAssertEqual(
            problem("new-per-day = 1\nnew-per-day = 2\n")?.hasPrefix("\(path):2: "), true, "a key given twice")
        XCTAssertEqual(problem("a = [\n")?.hasPrefix("\(path):"), true, "syntax errors too")
        XCTAssertEqual(
            problem("intervals = [1, 2, 4]\nnew-order = \"deck\"\nday-start = 99\n"),
            "\(path):3: day-start 99 is not from 0 to 23", "the line of the bad key, not the first line")
    }

    func testLoadRefusesMissingAndNonRegularFilesWithOneLine() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let missing = folder.appendingPathComponent("none.toml").path
        XCTAssertThrowsError(try SettingsFile.load(path: missing)) {
            XCTAssertEqual("\($0)", "\(missing): no such settings file")
        }
        XCTAssertThrowsError(try SettingsFile.load(path: folder.path)) {
            XCTAssertEqual("\($0)", "\(folder.path): a folder, not a file; only regular files are read")
        }
        let file = folder.appendingPathComponent("config.toml")
        try "ahead-days = 3\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try SettingsFile.load(path: file.path).aheadDays, 3)
    }
}
