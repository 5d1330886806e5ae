import Foundation
import XCTest

/// Two devices, each with its own home and progress file, sharing one journal folder: a plain shared
/// folder, then a git repository with two clones.
final class JournalSyncTests: XCTestCase {
    private var folder: URL!
    private var deck: String!

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("sync.md").path
        var text = "---\ntitle: Sync\n---\n# Cards\n"
        for index in 1...5 { text += "Q: Sync question \(index)?\nA: Sync answer \(index).\n\n" }
        try text.write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// One device: its home folder, its progress file, and the journal folder it uses.
    private struct Device {
        var home: URL
        var journal: String
        var progress: String { home.appendingPathComponent("progress.sqlite").path }
    }

    private func device(_ name: String, journal: String) throws -> Device {
        let home = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return Device(home: home, journal: journal)
    }

    private func options(_ device: Device, now: String) -> [String] {
        ["--content", deck, "--journal", device.journal, "--now", now]
    }

    /// Studies the due and new cards on `device` (up to `newCards` new ones), answering `answers`, then quits.
    private func study(_ device: Device, now: String, newCards: Int, answers: [String]) throws {
        let app = try TmuxSession(
            folder: device.home, arguments: options(device, now: now) + ["--new-per-day", "\(newCards)"],
            progress: device.progress)
        try app.studyOneSession(answers: answers)
    }

    /// Starts the app and quits it: a start merges what other devices wrote.
    private func restart(_ device: Device, now: String) throws {
        let app = try TmuxSession(folder: device.home, arguments: options(device, now: now), progress: device.progress)
        try app.waitFor("All decks")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    private func sync(
        _ device: Device, now: String, environment: [String: String] = [:]
    ) throws
        -> BinaryRunner.Result
    {
        try BinaryRunner.run(
            ["sync", "--progress", device.progress] + options(device, now: now), environment: environment)
    }

    /// What must agree across devices: reviews, boxes, due and missed, whole collection and per topic.
    private func agreed(_ device: Device, now: String) throws -> [String: String] {
        let result = try BinaryRunner.run(
            ["stats", "--json", "--progress", device.progress] + options(device, now: now))
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertNotNil(json["device"], "a journal is set: the device id is shown")
        // The history and streak come from the running totals, which imported answers add to.
        return try ["reviews", "boxes", "due", "missed", "new", "history", "streak"].reduce(into: [:]) {
            let value = json[$1] ?? "none"
            $0[$1] = String(
                decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
                as: UTF8.self)
        }
    }

    /// Copies every journal file of each folder into the others, as a file-sync tool would.
    private func carry(_ folders: [String]) throws {
        let manager = FileManager.default
        for source in folders {
            for name in try manager.contentsOfDirectory(atPath: source) where name.hasSuffix(".tsv") {
                for target in folders where target != source {
                    try? manager.removeItem(atPath: target + "/" + name)
                    try manager.copyItem(atPath: source + "/" + name, toPath: target + "/" + name)
                }
            }
        }
    }

    func testDifferentAndSameCardsOnTwoDevicesAgreeAfterRestarts() throws {
        // Each device's copy of the shared folder; `carry` is the sync tool between them.
        let a = try device("a", journal: folder.appendingPathComponent("a-journal").path)
        let b = try device("b", journal: folder.appendingPathComponent("b-journal").path)
        let day1 = "2026-03-01T09:00:00Z"
        // A answers cards 1-2; B, an hour later without having met A, cards 1-3.
        try study(a, now: day1, newCards: 2, answers: ["y", "n", "y"])
        try study(b, now: "2026-03-01T10:00:00Z", newCards: 3, answers: ["y", "y", "n", "y"])
        try carry([a.journal, b.journal])
        let day2 = "2026-03-02T09:00:00Z"
        try restart(a, now: day2)
        try restart(b, now: day2)
        let onA = try agreed(a, now: day2)
        XCTAssertEqual(onA, try agreed(b, now: day2))
        XCTAssertEqual(onA["reviews"], "7", "every answer of both devices stands")
        XCTAssertEqual(onA["due"], "3")
        // The next day A studies what is due; they meet again.
        try study(a, now: day2, newCards: 0, answers: ["y", "y", "y"])
        try carry([a.journal, b.journal])
        let day3 = "2026-03-03T09:00:00Z"
        try restart(b, now: day3)
        try restart(a, now: day3)
        XCTAssertEqual(try agreed(a, now: day3), try agreed(b, now: day3))
        XCTAssertEqual(try agreed(b, now: day3)["reviews"], "10")
    }

    func testTwoGitClonesSyncInTurnWithoutConflict() throws {
        let remote = folder.appendingPathComponent("remote.git").path
        func git(_ arguments: [String], in directory: String) throws {
            let result = try BinaryRunner.runProcess("/usr/bin/env", ["git", "-C", directory] + arguments)
            XCTAssertEqual(result.status, 0, "git \(arguments): \(result.stdout)\(result.stderr)")
        }
        try git(["init", "--quiet", "--bare", remote], in: folder.path)
        for name in ["clone-a", "clone-b"] {
            let clone = folder.appendingPathComponent(name).path
            try git(["clone", "--quiet", remote, clone], in: folder.path)
            try git(["config", "user.email", "\(name)@example.com"], in: clone)
            try git(["config", "user.name", name], in: clone)
            try git(["config", "pull.rebase", "true"], in: clone)
            if name == "clone-a" {
                // A deck repository with a first commit, which the second clone starts from.
                try "decks\n".write(toFile: clone + "/README", atomically: true, encoding: .utf8)
                try git(["add", "README"], in: clone)
                try git(["commit", "--quiet", "-m", "Decks"], in: clone)
                try git(["push", "--quiet", "-u", "origin", "HEAD"], in: clone)
            }
        }
        let a = try device("a", journal: folder.appendingPathComponent("clone-a/journal").path)
        let b = try device("b", journal: folder.appendingPathComponent("clone-b/journal").path)
        let day1 = "2026-03-01T09:00:00Z"
        try study(a, now: day1, newCards: 2, answers: ["y", "y"])
        let syncA = try sync(a, now: day1)
        XCTAssertEqual(syncA.status, 0, syncA.stdout + syncA.stderr)
        XCTAssertTrue(syncA.stdout.contains("Pushed."), syncA.stdout)
        let syncB = try sync(b, now: day1)
        XCTAssertEqual(syncB.status, 0, syncB.stdout + syncB.stderr)
        XCTAssertTrue(syncB.stdout.contains("Merged 2 new lines"), syncB.stdout)
        // A's two cards count against B's new cards of the day: one is left, missed and asked again.
        try study(b, now: "2026-03-01T10:00:00Z", newCards: 3, answers: ["n", "y"])
        for device in [b, a, b] {
            let result = try sync(device, now: day1)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        }
        XCTAssertEqual(try agreed(a, now: day1), try agreed(b, now: day1))
        XCTAssertEqual(try agreed(a, now: day1)["reviews"], "4")
        // Each commit holds only its device's own file.
        let log = try BinaryRunner.runProcess(
            "/usr/bin/env", ["git", "-C", remote, "log", "--name-only", "--format=%s", "HEAD"])
        XCTAssertFalse(log.stdout.contains("progress.sqlite"), log.stdout)
    }

    func testAKillDuringAnAnswerLosesNothingAfterSync() throws {
        let shared = folder.appendingPathComponent("shared").path
        let a = try device("a", journal: shared)
        let b = try device("b", journal: shared)
        let day1 = "2026-03-01T09:00:00Z"
        let app = try TmuxSession(
            folder: a.home, arguments: options(a, now: day1) + ["--new-per-day", "5"], progress: a.progress)
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/5")
        try app.send("Space", "y")
        try app.waitFor("STUDY 2/5")
        try app.send("Space", "y")
        let pid = try app.appPID()
        kill(pid, SIGKILL)
        _ = try app.waitForExit()
        // Whatever the kill left, the progress file and the journal end up holding the same answers.
        let syncA = try sync(a, now: day1)
        XCTAssertEqual(syncA.status, 0, syncA.stderr)
        let syncB = try sync(b, now: day1)
        XCTAssertEqual(syncB.status, 0, syncB.stderr)
        let onA = try agreed(a, now: day1)
        XCTAssertEqual(onA, try agreed(b, now: day1))
        XCTAssertTrue(["1", "2"].contains(onA["reviews"]), "\(onA)")
    }

    func testACorruptedLineAndATruncatedFileAreReportedAndSurvived() throws {
        let shared = folder.appendingPathComponent("shared").path
        let a = try device("a", journal: shared)
        let b = try device("b", journal: shared)
        let day1 = "2026-03-01T09:00:00Z"
        try study(a, now: day1, newCards: 3, answers: ["y", "y", "y"])
        XCTAssertEqual(try sync(a, now: day1).status, 0)
        let file = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: shared).first { $0.hasSuffix(".tsv") })
        let path = shared + "/" + file
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        // The second line corrupted, and the file cut in the middle of its last line.
        lines[1] = "1\tR\tgarbage"
        try (lines.joined(separator: "\n").dropLast(10)).write(toFile: path, atomically: false, encoding: .utf8)
        let result = try sync(b, now: day1)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(path):2: "), result.stderr)
        XCTAssertEqual(try agreed(b, now: day1)["reviews"], "1", "the line before the bad one is in")
        // The cut line is completed later: it is read then, and the bad line is not reported again.
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let again = try sync(b, now: day1)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try agreed(b, now: day1)["reviews"], "2")
    }

    func testTheRunningAppMergesAnotherDevicesAnswersAndSyncWorksBesideIt() throws {
        let shared = folder.appendingPathComponent("shared").path
        let a = try device("a", journal: shared)
        let b = try device("b", journal: shared)
        let day1 = "2026-03-01T09:00:00Z"
        let app = try TmuxSession(folder: a.home, arguments: options(a, now: day1), progress: a.progress)
        try app.waitFor("5 cards · 5 new")
        // The app holds A's progress file: sync carries files and leaves the merging to the app.
        let beside = try sync(a, now: day1)
        XCTAssertEqual(beside.status, 0, beside.stdout + beside.stderr)
        XCTAssertTrue(beside.stdout.contains("The app is running on \(a.progress)"), beside.stdout)
        // B answers two new cards; A's app takes them in on its own, without a restart.
        try study(b, now: "2026-03-01T09:30:00Z", newCards: 2, answers: ["y", "n", "y"])
        try app.waitFor("5 cards · 3 new")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertEqual(try agreed(a, now: day1), try agreed(b, now: day1))
    }

    func testABigArrivalIsMergedBesideTheKeysAndTheAnswersGivenMeanwhileStand() throws {
        let shared = folder.appendingPathComponent("shared").path
        let a = try device("a", journal: shared)
        let day1 = "2026-03-01T09:00:00Z"
        let app = try TmuxSession(
            folder: a.home, arguments: options(a, now: day1) + ["--new-per-day", "5"], progress: a.progress)
        try app.waitFor("5 cards · 5 new")
        // Another machine's first sync lands at once: 50,000 answers over 1,000 cards of its own deck.
        var text = ""
        for seq in 1...50_000 {
            let card = seq % 1000
            let minute = String(format: "%02d", seq / 1000 % 60)
            text +=
                "1\tR\t00000000000000b2-\(seq)\t2026-02-\(10 + seq / 5000)T08:\(minute):00.000Z\tElsewhere\tq-\(card)"
                + "\t\(card)\t\(seq % 7 == 0 ? "missed" : "got")\tstudy\t0\t2.5\t\n"
        }
        let landing = folder.appendingPathComponent("landing.tsv").path
        try text.write(toFile: landing, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: landing, toPath: shared + "/00000000000000b2.tsv")
        try app.waitFor("merging", timeout: 30)
        // Keys are handled while it runs: a session starts and an answer is taken, the merge still shown.
        try app.send("Enter")
        try app.waitFor("STUDY 1/")
        try app.send("Space", "y")
        let (during, seen) = try app.poll(timeout: 30) { $0.contains("STUDY 2/") && $0.contains("merging") }
        XCTAssertTrue(seen, "the answer was taken while the merge ran:\n\(during)")
        let (after, done) = try app.poll(timeout: 120) { !$0.contains("merging") }
        XCTAssertTrue(done, "the merge ends:\n\(after)")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        // The answer given during the merge stands beside every merged line.
        XCTAssertEqual(try agreed(a, now: day1)["reviews"], "50001")
        XCTAssertEqual(try SQLiteShell.query(a.progress, "SELECT COUNT(*) FROM review WHERE deck = 'Sync'"), ["1"])
        XCTAssertEqual(try SQLiteShell.query(a.progress, "SELECT COUNT(*) FROM card_state"), ["1001"])
    }

    func testSyncReportsGitsOwnMessageAndNeverStashesDeckEdits() throws {
        let remote = folder.appendingPathComponent("remote.git").path
        func git(_ arguments: [String], in directory: String) throws {
            let result = try BinaryRunner.runProcess("/usr/bin/env", ["git", "-C", directory] + arguments)
            XCTAssertEqual(result.status, 0, "git \(arguments): \(result.stdout)\(result.stderr)")
        }
        try git(["init", "--quiet", "--bare", remote], in: folder.path)
        var clones: [String] = []
        for name in ["clone-a", "clone-b"] {
            let clone = folder.appendingPathComponent(name).path
            try git(["clone", "--quiet", remote, clone], in: folder.path)
            try git(["config", "user.email", "\(name)@example.com"], in: clone)
            try git(["config", "user.name", name], in: clone)
            if name == "clone-a" {
                // The second clone is made after this push, so it tracks the branch.
                try "# Decks\n".write(toFile: clone + "/deck.md", atomically: true, encoding: .utf8)
                try git(["add", "deck.md"], in: clone)
                try git(["commit", "--quiet", "-m", "Decks"], in: clone)
                try git(["push", "--quiet", "-u", "origin", "HEAD"], in: clone)
            }
            clones.append(clone)
        }
        // The other clone moves on; this one has an uncommitted edit of the deck that git will not rebase over.
        try "# Decks\nQ: New?\nA: Yes.\n".write(toFile: clones[0] + "/deck.md", atomically: true, encoding: .utf8)
        try git(["commit", "--quiet", "-am", "A new card"], in: clones[0])
        try git(["push", "--quiet"], in: clones[0])
        let edited = "# Decks\nQ: Being written?\n"
        try edited.write(toFile: clones[1] + "/deck.md", atomically: true, encoding: .utf8)
        let b = try device("b", journal: clones[1] + "/journal")
        try study(b, now: "2026-03-01T09:00:00Z", newCards: 1, answers: ["y"])
        // git's own message is checked by its words, so git speaks English here whatever the locale.
        let result = try sync(b, now: "2026-03-01T09:00:00Z", environment: ["LC_ALL": "C"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("git pull --rebase"), result.stderr)
        XCTAssertTrue(result.stderr.lowercased().contains("unstaged changes"), "git's own message: \(result.stderr)")
        // The edit is where the user left it: nothing was stashed, and only the journal was committed.
        XCTAssertEqual(try String(contentsOfFile: clones[1] + "/deck.md", encoding: .utf8), edited)
        let stashes = try BinaryRunner.runProcess("/usr/bin/env", ["git", "-C", clones[1], "stash", "list"])
        XCTAssertEqual(stashes.stdout, "")
        let committed = try BinaryRunner.runProcess(
            "/usr/bin/env", ["git", "-C", clones[1], "show", "--name-only", "--format=", "HEAD"])
        XCTAssertTrue(committed.stdout.hasPrefix("journal/"), committed.stdout)
        XCTAssertFalse(committed.stdout.contains("deck.md"), committed.stdout)
    }
}
