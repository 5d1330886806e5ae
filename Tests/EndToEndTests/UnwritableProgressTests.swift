import CardboxTestSupport
import Foundation
import XCTest

/// Progress in places that cannot be written: a folder that cannot be created, a read-only folder,
/// a read-only file, a full disk (a file-size limit, `ulimit -f`). Each is a clear one-line error at
/// start, or — when the disk fills up mid-session — a message in the status line on the failing answer,
/// with every earlier answer kept, the card not passed, and a clean quit.
///
/// Root ignores permission bits, so as root the permission cases run cardbox as `nobody` (setpriv).
final class UnwritableProgressTests: XCTestCase {
    var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        // Reachable by an unprivileged user when the tests run as root.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        deck = folder.appendingPathComponent("deck.md").path
        try CrashSafetyTests.deckText(cards: 60).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    private func start(
        progress: String, setup: String = "", wrapper: [String] = [], extra: [String] = []
    ) throws -> TmuxSession {
        try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now] + extra, width: 120, height: 30,
            progress: progress, shellSetup: setup, wrapper: wrapper)
    }

    /// Expects the app to refuse to start: exit 1 and one stderr line holding `parts`.
    private func expectRefusal(
        _ app: TmuxSession, _ parts: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(try app.waitForExit(), 1, app.standardError, file: file, line: line)
        XCTAssertEqual(app.standardError.split(separator: "\n").count, 1, app.standardError, file: file, line: line)
        for part in parts {
            XCTAssertTrue(
                app.standardError.contains(part), "stderr lacks \(part.debugDescription): \(app.standardError)",
                file: file, line: line)
        }
    }

    /// A command prefix that drops root's power to ignore permission bits, or nil when that is not possible.
    private func unprivileged() throws -> [String]? {
        guard getuid() == 0 else { return [] }
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let setpriv else { return nil }
        let wrapper = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        // nobody must be able to run the binary and read the deck.
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: setpriv)
        probe.arguments =
            Array(wrapper.dropFirst()) + [
                "/bin/sh", "-c", "test -x \"$0\" && test -r \"$1\"", BinaryRunner.binary, deck,
            ]
        try probe.run()
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? wrapper : nil
    }

    func testFolderThatCannotBeCreated() throws {
        // /proc refuses new folders to everyone, root included.
        let path = "/proc/cardbox-\(UUID().uuidString)/progress.sqlite"
        try expectRefusal(
            try start(progress: path),
            ["cannot create the folder for the progress file \(path)", "No such file or directory"])
        guard let wrapper = try unprivileged() else {
            throw XCTSkip("cannot drop root privileges (no setpriv, or nobody cannot run the binary)")
        }
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(
            at: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
        let nested = locked.appendingPathComponent("sub/progress.sqlite").path
        try expectRefusal(
            try start(progress: nested, wrapper: wrapper),
            ["cannot create the folder for the progress file \(nested)", "Permission denied"])
    }

    func testReadOnlyFolder() throws {
        if getuid() == 0, FileManager.default.fileExists(atPath: "/sys/kernel") {
            // A read-only file system stops root too.
            let path = "/sys/kernel/cardbox-progress.sqlite"
            try expectRefusal(try start(progress: path), ["cannot write the progress file \(path)", "--progress FILE"])
        }
        guard let wrapper = try unprivileged() else {
            throw XCTSkip("cannot drop root privileges (no setpriv, or nobody cannot run the binary)")
        }
        let locked = folder.appendingPathComponent("readonly")
        try FileManager.default.createDirectory(
            at: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
        let path = locked.appendingPathComponent("progress.sqlite").path
        try expectRefusal(
            try start(progress: path, wrapper: wrapper),
            ["cannot write the progress file \(path)", "not writable", "--progress FILE"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked.path), [])
    }

    func testReadOnlyProgressFile() throws {
        guard let wrapper = try unprivileged() else {
            throw XCTSkip("cannot drop root privileges (no setpriv, or nobody cannot run the binary)")
        }
        let place = folder.appendingPathComponent("place")
        try FileManager.default.createDirectory(
            at: place, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
        let path = place.appendingPathComponent("progress.sqlite").path
        do {
            let app = try start(progress: path, wrapper: wrapper)
            try app.waitFor("All decks")
            try app.send("Enter", "Space", "y")
            try app.waitFor("✓ 1  ✗ 0")
            try app.send("Escape", "Enter", "q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try expectRefusal(
            try start(progress: path, wrapper: wrapper), ["cannot write the progress file \(path)", "not writable"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        // Reading it is still fine.
        let stats = try BinaryRunner.run(["stats", "--json", "--content", deck, "--progress", path, "--now", now])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        XCTAssertTrue(stats.stdout.contains("\"reviews\":1"), stats.stdout)
    }

    func testFullDiskAtStartIsOneLine() throws {
        // One 512- or 1024-byte block (dash or bash): not even the schema fits.
        let path = folder.appendingPathComponent("tiny/progress.sqlite").path
        try expectRefusal(
            try start(progress: path, setup: "ulimit -f 1"), ["cannot write the progress file \(path)", "disk"])
    }

    func testDiskFullingUpMidSessionKeepsEarlierAnswersAndTheCard() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        let path = folder.appendingPathComponent("full/progress.sqlite").path
        // The write-ahead log grows with every answer until it hits the limit; SIGXFSZ is not ignored here.
        // A new file's write-ahead log is emptied once the schema is made, so the limit (440 blocks of 512
        // bytes under dash) is taken by answers alone, a few dozen KB each: six fit.
        let app = try start(progress: path, setup: "ulimit -f 440")
        try app.waitFor("All decks")
        try app.send("c")
        try app.waitFor("CRAM 1/60")
        var accepted = 0
        var failure = ""
        while accepted < 59 {
            try app.send("Space", accepted % 3 == 2 ? "n" : "y")
            let (screen, _) = try app.poll { screen in
                screen.contains("Could not save")
                    || TmuxSession.tally(in: screen).map { $0.right + $0.missed } == accepted + 1
            }
            if screen.contains("Could not save") {
                failure = screen
                break
            }
            accepted += 1
        }
        XCTAssertFalse(failure.isEmpty, "the file-size limit was never hit after \(accepted) answers")
        XCTAssertGreaterThan(accepted, 0, "no answer fitted at all")
        // The failing answer is not counted and the card is not passed.
        let status = failure.split(separator: "\n").last(where: { $0.contains("CRAM") }) ?? ""
        // Position accepted + 1 of 60 cards plus one re-ask for each card missed so far.
        let missed = accepted / 3
        XCTAssertTrue(status.contains("CRAM \(accepted + 1)/\(60 + missed)"), "status line: \(status)")
        XCTAssertTrue(status.contains("Not recorded; answer again"), "status line: \(status)")
        XCTAssertTrue(status.contains("disk"), "status line: \(status)")
        // Trying again fails the same way; quitting still works and says 0.
        try app.send("y")
        let again = try app.waitFor("Could not save")
        XCTAssertEqual(TmuxSession.tally(in: again).map { $0.right + $0.missed } ?? accepted, accepted)
        try app.send("Escape")
        try app.waitFor("Session summary")
        try app.send("Enter")
        try app.waitFor("TOPICS")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0, app.standardError)
        XCTAssertEqual(try app.alternateScreen(), false, "the terminal was left in the app's screen")

        XCTAssertEqual(
            try SQLiteShell.query(path, "SELECT COUNT(*) FROM review"), ["\(accepted)"],
            "every accepted answer, nothing more")
        XCTAssertEqual(try SQLiteShell.query(path, "PRAGMA integrity_check"), ["ok"])
        // Without the limit the app carries on from there.
        let next = try start(progress: path)
        try next.waitFor("All decks")
        try next.send("q")
        XCTAssertEqual(try next.waitForExit(), 0)
    }
}

extension UnwritableProgressTests {
    /// An undo that cannot be written (the disk is full) is not shown as done: the tally keeps the
    /// answer, as the log does.
    func testUndoThatCannotBeWrittenIsNotShownAsDone() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        let path = folder.appendingPathComponent("full-undo/progress.sqlite").path
        // Tight enough that the undo's own write fails too, not only the answer that hit the limit.
        let app = try start(progress: path, setup: "ulimit -f 440")
        try app.waitFor("All decks")
        try app.send("c")
        try app.waitFor("CRAM 1/60")
        var accepted = 0
        var full = false
        while accepted < 59 && !full {
            try app.send("Space", "y")
            let (screen, _) = try app.poll { screen in
                screen.contains("Could not save") || TmuxSession.tally(in: screen)?.right == accepted + 1
            }
            if screen.contains("Could not save") { full = true } else { accepted += 1 }
        }
        XCTAssertTrue(full, "the file-size limit was never hit after \(accepted) answers")
        XCTAssertGreaterThan(accepted, 0)
        // Undo the last stored answer: removing it needs a write too, which fails.
        try app.send("u")
        let screen = try app.waitFor("Could not save")
        XCTAssertEqual(TmuxSession.tally(in: screen)?.right, accepted, "the screen shows the undo as done:\n\(screen)")
        try app.send("Escape")
        try app.waitFor("Session summary")
        try app.send("Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0, app.standardError)
        XCTAssertEqual(try SQLiteShell.query(path, "SELECT COUNT(*) FROM review"), ["\(accepted)"])
        XCTAssertEqual(try SQLiteShell.query(path, "PRAGMA integrity_check"), ["ok"])
    }
}
