import Foundation

/// Keeps a second cardbox from writing the same progress file: an exclusive `flock` on `<file>.lock`
/// that holds the owner's process id. The kernel drops the lock when the process ends, however it ends.
public final class ProgressLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock or throws `ProgressError.inUse` naming the process that holds it.
    public init(progressFile: String) throws {
        path = progressFile + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            // Not the progress file's fault: its folder is not writable.
            throw ProgressError.cannotWrite(
                path: progressFile, reason: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = Self.readPID(fd)
            close(fd)
            throw ProgressError.inUse(path: progressFile, pid: owner)
        }
        descriptor = fd
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
