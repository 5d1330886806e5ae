import CardboxEngine
import Foundation
import XCTest

/// The single-writer lock belongs to the progress file, not to a path, and its note never writes
/// through a link or into a file that is not its own.
final class ProgressLockTests: XCTestCase {
    func testSymbolicAndHardLinksToTheFileFindItLocked() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        _ = try ProgressStore(path: path)
        let symbolic = folder.appendingPathComponent("via-link.sqlite").path
        let hard = folder.appendingPathComponent("hard.sqlite").path
        XCTAssertEqual(symlink(path, symbolic), 0)
        XCTAssertEqual(link(path, hard), 0)
        var first: ProgressLock? = try ProgressLock(progressFile: path)
        XCTAssertNotNil(first)
        for other in [symbolic, hard] {
            XCTAssertThrowsError(try ProgressLock(progressFile: other), other) { error in
                guard case .inUse(let named, _)? = error as? ProgressError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual(named, other)
            }
        }
        // Through the symbolic link the owner is still named, from the note beside the real file.
        XCTAssertThrowsError(try ProgressLock(progressFile: symbolic)) {
            XCTAssertEqual($0 as? ProgressError, .inUse(path: symbolic, pid: getpid()))
        }
        first = nil
        XCTAssertNoThrow(try ProgressLock(progressFile: hard))
    }

    func testALinkPlantedAsTheNoteIsNeverWrittenThrough() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        let victim = folder.appendingPathComponent("victim.txt").path
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink(victim, path + ".lock"), 0)
        var lock: ProgressLock? = try ProgressLock(progressFile: path)
        XCTAssertNotNil(lock)
        lock = nil
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n")
        // A hard link to someone's file as the note is not written either.
        unlink(path + ".lock")
        XCTAssertEqual(link(victim, path + ".lock"), 0)
        lock = try ProgressLock(progressFile: path)
        lock = nil
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious\n")
    }

    func testTheNoteGoesWithTheLock() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        var lock: ProgressLock? = try ProgressLock(progressFile: path, announce: false)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".lock"), "no note before the file is accepted")
        lock?.announce()
        XCTAssertEqual(try String(contentsOfFile: path + ".lock", encoding: .utf8), "\(getpid())\n")
        lock = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".lock"))
    }

    func testPathsThatAreNotFilesAreRefusedWithoutBlocking() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let fifo = folder.appendingPathComponent("fifo.sqlite").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertThrowsError(try ProgressLock(progressFile: fifo)) {
            XCTAssertEqual(
                $0 as? ProgressError, .cannotOpen(path: fifo, reason: "it is a FIFO (named pipe), not a file"))
        }
        XCTAssertThrowsError(try ProgressLock(progressFile: folder.path)) {
            XCTAssertEqual($0 as? ProgressError, .cannotOpen(path: folder.path, reason: "it is a folder, not a file"))
        }
        XCTAssertThrowsError(try ProgressFileCheck.inspect(fifo))
        XCTAssertThrowsError(try ProgressFileCheck.inspect(folder.path))
        XCTAssertEqual(try ProgressFileCheck.inspect(folder.appendingPathComponent("none").path), .missing)
    }
}
