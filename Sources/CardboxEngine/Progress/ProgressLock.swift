import Foundation

/// Keeps a second cardbox from writing the same progress file: an exclusive `flock` on the progress
/// file itself, so that every path to it (a symbolic or a hard link) finds the same lock. The kernel
/// drops the lock when the process ends, however it ends. SQLite's own locks are POSIX record locks,
/// which `flock` neither takes nor disturbs.
///
/// Beside it, `<file>.lock` holds the owner's process id, only for the message a second instance
/// shows. That note is written without following a link and only into a regular file of one link
/// that this user owns, so a planted `<file>.lock` can never make cardbox write anywhere else.
public final class ProgressLock: Sendable {
    private let descriptor: Int32
    /// Where the owner's process id is noted.
    public let path: String

    /// Takes the lock or throws `ProgressError.inUse` naming the process that holds it, when known.
    /// Creates the progress file when it is missing (an empty file is a fresh progress file); refuses
    /// a path that is not a regular file. With `announce`, notes this process's id at once; else
    /// `announce()` does it, once the file has been accepted.
    public init(progressFile: String, announce: Bool = true) throws {
        path = progressFile + ".lock"
        let fd = open(progressFile, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == EISDIR {
                throw ProgressError.cannotOpen(path: progressFile, reason: "it is a folder, not a file")
            }
            throw ProgressError.cannotWrite(path: progressFile, reason: String(cString: strerror(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let kind = FileBytes.kind(of: info.st_mode)
            close(fd)
            throw ProgressError.cannotOpen(path: progressFile, reason: "it is \(kind), not a file")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            // The note of the path used, else of the path the links lead to (a hard link leads nowhere else).
            var owner = Self.readPID(path)
            if owner == nil, let resolved = realpath(progressFile, nil) {
                owner = Self.readPID(String(cString: resolved) + ".lock")
                free(resolved)
            }
            throw ProgressError.inUse(path: progressFile, pid: owner)
        }
        descriptor = fd
        if announce { self.announce() }
    }

    /// Notes this process's id in `path` for a second instance's message; best effort.
    public func announce() {
        let fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1,
            info.st_uid == geteuid()
        else { return }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// The process id noted in the regular file at `notePath`, if any.
    private static func readPID(_ notePath: String) -> Int32? {
        let fd = open(notePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        // The note goes with the lock, unless another instance has written its own since.
        if Self.readPID(path) == getpid() { unlink(path) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
