import Foundation
import XCTest

/// The non-interactive commands, run as a user would from a shell.
final class CommandLineTests: XCTestCase {
    func testCheckOnShippedDeckIsClean() throws {
        let result = try BinaryRunner.run(["check", BinaryRunner.shippedContent, "--progress", "/nonexistent/p.sqlite"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stdout)
        XCTAssertTrue(lines[0].hasPrefix("1 deck, 510 cards, "), result.stdout)
        XCTAssertTrue(lines[0].hasSuffix(" topics"), result.stdout)
    }

    func testCheckReportsBrokenDeckAndFails() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let deck = folder.appendingPathComponent("broken.md")
        try "# T\nQ: lonely\n\nC: open [gap\n\nQ: fine\nA: yes\n".write(to: deck, atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run([
            "check", deck.path, "--progress", folder.appendingPathComponent("p.sqlite").path,
        ])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.stdout,
            """
            \(deck.path):2: Q: without A:
            \(deck.path):4: unbalanced cloze brackets (write \\[ for a literal bracket)
            1 deck, 1 card, 1 topic, 2 problems

            """)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.sqlite").path),
            "check never creates a progress file")
    }

    func testCheckKeysListsEveryCardWithTheKeyToPin() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let deck = folder.appendingPathComponent("d.md")
        try "# T\nQ: What is  **two**?\nA: 2\n\n<!-- id: pinned -->\nQ: Kept\nA: yes\n\nC: [a] and [b]\n"
            .write(to: deck, atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run([
            "check", "--keys", deck.path, "--progress", folder.appendingPathComponent("p.sqlite").path,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = result.stdout.split(separator: "\n").dropLast().map { $0.split(separator: "\t").map(String.init) }
        XCTAssertEqual(rows.count, 4, result.stdout)
        XCTAssertEqual(rows[0][0], "\(deck.path):2")
        XCTAssertTrue(rows[0][1].hasPrefix("q-"), rows[0][1])
        XCTAssertEqual(rows[0][2], "what is two?")
        XCTAssertEqual(rows[1][1], "pinned")
        XCTAssertEqual(rows[2][0], "\(deck.path):9")
        XCTAssertEqual(rows[2][1].dropLast(2), rows[3][1].dropLast(2), "the gaps of one cloze share a key stem")
        XCTAssertEqual([rows[2][1].suffix(2), rows[3][1].suffix(2)], ["-1", "-2"])
    }

    func testASecondStartReadsTheDeckIndexAndShowsTheSameScreen() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let cache = folder.appendingPathComponent("cache")
        let arguments = [
            "render", "--content", BinaryRunner.shippedContent, "--progress",
            folder.appendingPathComponent("p.sqlite").path,
            "--size", "100x30", "--now", "2026-03-01T09:00:00Z", "--keys", "<Enter><Space>",
        ]
        let first = try BinaryRunner.run(arguments, environment: ["XDG_CACHE_HOME": cache.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        let index = cache.appendingPathComponent("cardbox/index")
        let entries = try FileManager.default.contentsOfDirectory(atPath: index.path).filter { $0.hasSuffix(".idx") }
        let deckFiles = FileManager.default.enumerator(atPath: BinaryRunner.shippedContent)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }
        XCTAssertEqual(entries.count, deckFiles?.count, "one entry per deck file")
        let second = try BinaryRunner.run(arguments, environment: ["XDG_CACHE_HOME": cache.path])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stdout, first.stdout)
        XCTAssertTrue(first.stdout.contains("Answer"), first.stdout)
    }

    func testStatsJSONOnEmptyProgress() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let result = try BinaryRunner.run([
            "stats", "--json", "--content", BinaryRunner.shippedContent,
            "--progress", folder.appendingPathComponent("p.sqlite").path,
            "--now", "2026-03-01T09:00:00Z",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cards = try XCTUnwrap(object["cards"] as? Int)
        XCTAssertGreaterThanOrEqual(cards, 150)
        XCTAssertEqual(object["new"] as? Int, cards)
        XCTAssertEqual(object["boxes"] as? [Int], [0, 0, 0, 0, 0])
        XCTAssertEqual(object["due"] as? Int, 0)
        XCTAssertEqual(object["missed"] as? Int, 0)
        XCTAssertEqual(object["reviews"] as? Int, 0)
        XCTAssertFalse((object["topics"] as? [Any] ?? []).isEmpty)
    }

    func testStatsTable() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let deck = folder.appendingPathComponent("mini.md")
        try "# Alpha\nQ: a\nA: 1\n\nC: [b] c\n".write(to: deck, atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run([
            "stats", "--content", deck.path, "--progress", folder.appendingPathComponent("p.sqlite").path,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        // The table, then the heatmap and the forecast (StatsHistoryTests reads those).
        let table = result.stdout.components(separatedBy: "\n\nActivity, last 52 weeks\n").first ?? ""
        XCTAssertTrue(result.stdout.contains("\nDue, next 30 days\n"), result.stdout)
        XCTAssertEqual(
            table + "\n",
            """
            Topic      New  B1  B2  B3  B4  B5  Due  Missed  Cards
            mini         2   0   0   0   0   0    0       0      2
              Alpha      2   0   0   0   0   0    0       0      2
            ------------------------------------------------------
            All decks    2   0   0   0   0   0    0       0      2
            0 reviews logged

            """)
    }

    func testOptionsMayComeBeforeTheCommand() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let deck = folder.appendingPathComponent("mini.md")
        try "# Alpha\nQ: a\nA: 1\n".write(to: deck, atomically: true, encoding: .utf8)
        let progress = folder.appendingPathComponent("p.sqlite").path
        let before = try BinaryRunner.run(["--content", deck.path, "--progress", progress, "stats", "--json"])
        XCTAssertEqual(before.status, 0, before.stderr)
        let after = try BinaryRunner.run(["stats", "--json", "--content", deck.path, "--progress", progress])
        XCTAssertEqual(before.stdout, after.stdout)
        let equals = try BinaryRunner.run(["--content=\(deck.path)", "check"])
        XCTAssertEqual(equals.status, 0, equals.stderr)
        XCTAssertEqual(equals.stdout, "1 deck, 1 card, 1 topic\n")
        // A value that happens to be a command's name stays a value.
        let named = try BinaryRunner.run(["--content", "stats", "check"], directory: folder)
        XCTAssertEqual(named.status, 1)
        let output = named.stdout + named.stderr
        XCTAssertTrue(output.contains("stats: no such file or folder"), output)
        // The full-screen app has no arguments of its own: a stray word is still refused.
        let stray = try BinaryRunner.run(["--content", deck.path, "stat"])
        XCTAssertEqual(stray.status, 64)
        XCTAssertTrue(stray.stderr.contains("Unexpected argument 'stat'"), stray.stderr)
    }

    func testStatsSaysWhenDecksHaveProblems() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let deck = folder.appendingPathComponent("mini.md")
        try "# Alpha\nQ: a\nA: 1\n\nQ: lonely\n".write(to: deck, atomically: true, encoding: .utf8)
        let progress = folder.appendingPathComponent("p.sqlite").path
        let missing = folder.appendingPathComponent("typo").path
        let result = try BinaryRunner.run([
            "stats", "--json", "--content", missing, "--content", deck.path, "--progress", progress,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "cardbox: warning: 2 deck problems; run cardbox check\n")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["cards"] as? Int, 1)
        let clean = try BinaryRunner.run(["stats", "--content", deck.path, "--progress", progress, "--topic", "mini"])
        XCTAssertEqual(clean.stderr, "cardbox: warning: 1 deck problem; run cardbox check\n")
    }

    func testFullScreenWithoutTerminalExitsTwoWithHint() throws {
        let result = try BinaryRunner.run(["--content", BinaryRunner.shippedContent, "--progress", "/tmp/none.sqlite"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.stderr, "cardbox: the full-screen app needs a terminal; use cardbox check or cardbox stats\n")
    }

    func testBadNowIsOneClearLine() throws {
        let result = try BinaryRunner.run(["stats", "--now", "yesterday"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--now 'yesterday' is not an ISO 8601 time"), result.stderr)
    }

    func testCorruptProgressFileIsOneLineAndUntouched() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let file = folder.appendingPathComponent("p.sqlite")
        let junk = Data(repeating: 0x5A, count: 8192)
        try junk.write(to: file)
        let result = try BinaryRunner.run(["stats", "--content", BinaryRunner.shippedContent, "--progress", file.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(file.path), result.stderr)
        XCTAssertEqual(try Data(contentsOf: file), junk)
    }

    func testSchedulerSettingsFromOptions() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let progress = folder.appendingPathComponent("p.sqlite").path
        let three = try BinaryRunner.run([
            "stats", "--json", "--intervals", "1,3,7", "--content", BinaryRunner.shippedContent,
            "--progress", progress,
        ])
        XCTAssertEqual(three.status, 0, three.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(three.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["boxes"] as? [Int], [0, 0, 0])
        let nine = try BinaryRunner.run([
            "stats", "--json", "--intervals", "1,2,3,4,5,6,7,8,9", "--new-per-day", "5",
            "--day-start", "0", "--content", BinaryRunner.shippedContent, "--progress", progress,
        ])
        XCTAssertEqual(nine.status, 0, nine.stderr)
        for bad in [["--intervals", "1,3"], ["--intervals", "1,x"], ["--day-start", "24"], ["--new-per-day", "-1"]] {
            let result = try BinaryRunner.run(["stats"] + bad + ["--progress", progress])
            XCTAssertNotEqual(result.status, 0, "\(bad)")
            XCTAssertTrue(result.stderr.hasPrefix("Error: "), result.stderr)
        }
    }

    func testVersionAndHelp() throws {
        XCTAssertEqual(try BinaryRunner.run(["--version"]).stdout, "0.1.0\n")
        let help = try BinaryRunner.run(["--help"])
        XCTAssertEqual(help.status, 0)
        for word in ["check", "stats", "render", "--content", "--progress", "--now"] {
            XCTAssertTrue(help.stdout.contains(word), "help mentions \(word)")
        }
    }

    /// The help's prose is wrapped by the argument parser alone (to 79 columns without a terminal): a
    /// line break written into the text would end a line before a word that fits on it.
    func testHelpParagraphsAreNotBrokenMidSentence() throws {
        for command in [[], ["import"], ["export"], ["prune"], ["render"], ["check"], ["stats"]] {
            let help = try BinaryRunner.run(command + ["--help"])
            XCTAssertEqual(help.status, 0)
            let prose = help.stdout.components(separatedBy: "USAGE:")[0]
            for paragraph in prose.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n").filter { !$0.hasPrefix(" ") }
                for (line, next) in zip(lines, lines.dropFirst()) {
                    let word = next.split(separator: " ").first ?? ""
                    XCTAssertGreaterThan(
                        line.count + 1 + word.count, 79, "cardbox \(command.joined()) --help: \(line)")
                }
            }
        }
    }
}
