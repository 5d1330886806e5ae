import Foundation
import XCTest

/// Hostile or odd progress paths: a planted `.lock` link, a second path to a file in use, a folder,
/// a read-only folder; and read-only commands that must leave nothing beside the file.
final class ProgressPathTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("d.md").path
        try CrashSafetyTests.deckText(cards: 4).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// A real progress file with one answer, written by the app.
    private func answeredOnce(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        return path
    }

    func testSymlinkedLockNeverTouchesItsTarget() throws {
        let victim = folder.appendingPathComponent("victim.txt").path
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        // A refused file (random bytes) and an accepted one (fresh).
        let refused = folder.appendingPathComponent("refused.sqlite").path
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: refused))
        XCTAssertEqual(symlink(victim, refused + ".lock"), 0)
        let first = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: refused)
        XCTAssertEqual(try first.waitForExit(), 1)
        XCTAssertTrue(first.standardError.contains("cannot open progress file"), first.standardError)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n")

        let fresh = folder.appendingPathComponent("fresh.sqlite").path
        XCTAssertEqual(symlink(victim, fresh + ".lock"), 0)
        let second = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: fresh)
        try second.waitFor("All decks")
        try second.send("q")
        XCTAssertEqual(try second.waitForExit(), 0)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n")
    }

    func testARefusedFileGetsNoLockNote() throws {
        let refused = folder.appendingPathComponent("refused.sqlite").path
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: refused))
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: refused)
        XCTAssertEqual(try app.waitForExit(), 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: refused + ".lock"))
    }

    func testASecondPathToTheFileInUseIsRefused() throws {
        let path = try answeredOnce("p.sqlite")
        let symbolic = folder.appendingPathComponent("link.sqlite").path
        let hard = folder.appendingPathComponent("hard.sqlite").path
        XCTAssertEqual(symlink(path, symbolic), 0)
        XCTAssertEqual(link(path, hard), 0)
        let owner = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try owner.waitFor("All decks")
        for other in [symbolic, hard] {
            let second = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: other)
            XCTAssertEqual(try second.waitForExit(), 1, other)
            XCTAssertTrue(second.standardError.contains("is in use by another cardbox"), second.standardError)
        }
        try owner.send("q")
        XCTAssertEqual(try owner.waitForExit(), 0)
        XCTAssertEqual(try SQLiteShell.query(path, "SELECT COUNT(*) FROM review"), ["1"])
    }

    func testAFolderAsTheProgressFileIsNamedAsSuch() throws {
        let place = folder.appendingPathComponent("state").path
        try FileManager.default.createDirectory(atPath: place, withIntermediateDirectories: true)
        for command in [["stats"], ["render"]] {
            let result = try BinaryRunner.run(command + ["--content", deck, "--progress", place])
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("it is a folder, not a file"), result.stderr)
            XCTAssertFalse(result.stderr.contains("disk I/O error"), result.stderr)
        }
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck], progress: place)
        XCTAssertEqual(try app.waitForExit(), 1)
        XCTAssertTrue(app.standardError.contains("it is a folder, not a file"), app.standardError)
    }

    func testReadOnlyCommandsLeaveNoLogFilesAndWorkInAReadOnlyFolder() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        let path = try answeredOnce("p.sqlite")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"), "the app checkpoints on quit")
        for command in [["stats"], ["stats", "--json"], ["render"], ["check"]] {
            let result = try BinaryRunner.run(command + ["--content", deck, "--progress", path, "--now", now])
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            for extra in ["-wal", "-shm"] {
                XCTAssertFalse(FileManager.default.fileExists(atPath: path + extra), "\(command) left \(extra)")
            }
        }
        // A read-only folder: stats reads the file, and nothing suggests resetting it.
        let closed = folder.appendingPathComponent("closed")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
        let inside = closed.appendingPathComponent("p.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: inside)
        chmod(closed.path, 0o555)
        defer { chmod(closed.path, 0o755) }
        let arguments: [String] = ["stats", "--json", "--content", deck!, "--progress", inside, "--now", now]
        let result: BinaryRunner.Result
        if getuid() == 0 {
            // Root ignores the folder's mode: run as nobody.
            let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let setpriv else { throw XCTSkip("root ignores the folder's mode and setpriv is missing") }
            chmod(folder.path, 0o755)
            result = try BinaryRunner.runProcess(
                setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", BinaryRunner.binary] + arguments)
        } else {
            result = try BinaryRunner.run(arguments)
        }
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains("\"reviews\" : 1") || result.stdout.contains("\"reviews\":1"), result.stdout)
        XCTAssertFalse(result.stderr.contains("--reset-progress"), result.stderr)
    }
}

extension ProgressPathTests {
    /// An unreadable deck file or sub-folder is reported by `check` (as `nobody` when run as root,
    /// since root reads everything), and makes no deck.
    func testUnreadableDeckFilesAndFoldersAreReported() throws {
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        try "Q: real\nA: yes\n".write(to: decks.appendingPathComponent("real.md"), atomically: true, encoding: .utf8)
        let secret = decks.appendingPathComponent("secret.md")
        try "Q: hidden\nA: yes\n".write(to: secret, atomically: true, encoding: .utf8)
        let closed = decks.appendingPathComponent("closed")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
        try "Q: inside\nA: yes\n".write(to: closed.appendingPathComponent("x.md"), atomically: true, encoding: .utf8)
        chmod(secret.path, 0)
        chmod(closed.path, 0)
        defer { chmod(closed.path, 0o755) }
        chmod(folder.path, 0o755)
        let arguments = ["check", decks.path, "--progress", "/nonexistent/p.sqlite"]
        let result: BinaryRunner.Result
        if getuid() == 0 {
            let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let setpriv else { throw XCTSkip("root reads every file and setpriv is missing") }
            result = try BinaryRunner.runProcess(
                setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", BinaryRunner.binary] + arguments)
        } else {
            result = try BinaryRunner.run(arguments)
        }
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("\(secret.path):1: cannot read file (permission denied)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\(closed.path):1: cannot read folder (permission denied)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1 deck, 1 card,"), result.stdout)
    }
}
