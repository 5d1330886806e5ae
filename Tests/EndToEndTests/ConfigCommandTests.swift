import Foundation
import XCTest

/// The settings file as a user meets it: precedence, `cardbox config`, and bad files refused with a line.
final class ConfigCommandTests: XCTestCase {
    private func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func testFlagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let home = try BinaryRunner.temporaryFolder(self)
        let config = home.appendingPathComponent(".config/cardbox/config.toml")
        try write(
            "content = [\"cards\"]\nprogress = \"~/p.sqlite\"\nnew-per-day = 7\nintervals = [1, 3, 9]\n", to: config)
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": ""]
        let fromFile = try BinaryRunner.run(["config"], environment: environment)
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        let lines = fromFile.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "settings file  \(config.path)")
        func row(_ key: String, in lines: [String]) -> String? {
            lines.first { $0.hasPrefix(key + " ") }.map {
                $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init).dropFirst().joined(
                    separator: " ")
            }
        }
        XCTAssertEqual(row("content", in: lines), "\(home.path)/.config/cardbox/cards (\(config.path):1)")
        XCTAssertEqual(row("progress", in: lines), "\(home.path)/p.sqlite (\(config.path):2)")
        XCTAssertEqual(row("new-per-day", in: lines), "7 (\(config.path):3)")
        XCTAssertEqual(row("day-start", in: lines), "04:00 (default)")

        var overridden = environment
        overridden["CARDBOX_PROGRESS"] = "/tmp/env.sqlite"
        overridden["CARDBOX_CONTENT"] = "/tmp/a:/tmp/b"
        let withFlags = try BinaryRunner.run(
            ["config", "--progress", "/tmp/flag.sqlite", "--new-per-day", "3"], environment: overridden)
        let flagged = withFlags.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(row("progress", in: flagged), "/tmp/flag.sqlite (flag --progress)")
        XCTAssertEqual(row("content", in: flagged), "/tmp/a, /tmp/b (environment CARDBOX_CONTENT)")
        XCTAssertEqual(row("new-per-day", in: flagged), "3 (flag --new-per-day)")
        XCTAssertEqual(row("intervals", in: flagged), "1, 3, 9 days (\(config.path):4)")
    }

    func testTheFileSettingsReachTheScheduler() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let deck = folder.appendingPathComponent("cards/d.md")
        try write((1...5).map { "Q: question \($0)?\nA: answer\n" }.joined(separator: "\n"), to: deck)
        let config = folder.appendingPathComponent("my.toml")
        try write("content = [\"cards\"]\nprogress = \"p.sqlite\"\nnew-per-day = 2\n", to: config)
        let result = try BinaryRunner.run(["stats", "--json", "--config", config.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["cards"] as? Int, 5, "content is relative to the settings file's folder")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.sqlite").path))
    }

    func testABadFileIsRefusedWithItsLineAndStatusOne() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let config = folder.appendingPathComponent("config.toml")
        try write("new-per-day = 20\nday-strat = 5\n", to: config)
        for command in [["config"], ["stats"], ["check"], []] {
            let result = try BinaryRunner.run(
                command + ["--config", config.path, "--progress", folder.path + "/p.sqlite"])
            XCTAssertEqual(result.status, 1, "\(command)")
            XCTAssertTrue(
                result.stderr.hasPrefix("cardbox: \(config.path):2: unknown key 'day-strat'"),
                "\(command): \(result.stderr)")
        }
        let missing = try BinaryRunner.run(["config", "--config", folder.path + "/none.toml"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "cardbox: \(folder.path)/none.toml: no such settings file\n")
    }

    func testJournalFlagBeatsEnvironmentAndTheDeviceIdIsShownOnceMade() throws {
        let home = try BinaryRunner.temporaryFolder(self)
        let progress = home.appendingPathComponent("p.sqlite").path
        let journal = home.appendingPathComponent("env-journal").path
        let environment = ["HOME": home.path, "CARDBOX_JOURNAL": journal]
        func row(_ key: String, _ output: String) -> String? {
            output.split(separator: "\n").first { $0.hasPrefix(key + " ") }.map {
                $0.split(separator: " ").dropFirst().joined(separator: " ")
            }
        }
        let before = try BinaryRunner.run(
            ["config", "--journal", "shared", "--progress", progress], environment: environment, directory: home)
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertEqual(row("journal", before.stdout), "\(home.path)/shared (flag --journal)")
        XCTAssertTrue(row("device", before.stdout)?.hasPrefix("(made when") ?? false, before.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: progress), "config writes nothing")
        let sync = try BinaryRunner.run(
            ["sync", "--progress", progress, "--content", home.path], environment: environment)
        XCTAssertEqual(sync.status, 0, sync.stderr)
        XCTAssertTrue(sync.stdout.contains("carried by whatever syncs it"), sync.stdout)
        let after = try BinaryRunner.run(["config", "--progress", progress], environment: environment)
        XCTAssertEqual(row("journal", after.stdout), "\(journal) (environment CARDBOX_JOURNAL)")
        let device = try XCTUnwrap(row("device", after.stdout)?.split(separator: " ").first)
        XCTAssertEqual(device.count, 16, after.stdout)
        let files = try FileManager.default.contentsOfDirectory(atPath: journal)
        XCTAssertFalse(files.contains("\(device).tsv"), "no answers yet: no file")
        let noJournal = try BinaryRunner.run(["config", "--progress", progress], environment: ["HOME": home.path])
        XCTAssertNil(row("device", noJournal.stdout), "the device is shown only with a journal")
    }
}
