import Foundation

/// Byte-level access to one journal file with POSIX calls: reading from an offset, the last complete
/// line, appending durably.
enum JournalFile {
    /// Why a journal file could not be read or written.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func failure(_ path: String, _ what: String) -> Failure {
        Failure(description: "\(path): \(what): \(String(cString: strerror(errno)))")
    }

    /// The file's size, or nil when it does not exist.
    static func size(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// The bytes from `offset` to `end` (the end of the file when nil).
    static func read(_ path: String, from offset: Int64, to end: Int64? = nil) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, "cannot read") }
        let last = min(end ?? Int64(info.st_size), Int64(info.st_size))
        guard last > offset else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(last - offset))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { throw failure(path, "cannot read") }
                break
            }
            done += count
        }
        return Array(bytes.prefix(done))
    }

    /// FNV-1a of up to 64 bytes just before `offset`: tells a file that grew from one that was rewritten.
    static func tailHash(_ path: String, before offset: Int64) throws -> UInt64 {
        tailHash(try read(path, from: max(0, offset - 64), to: offset))
    }

    static func tailHash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes.suffix(64) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The last complete line of the file (without its newline) and the size up to the end of it;
    /// nil line for an empty file or one without a complete line.
    static func lastLine(_ path: String) throws -> (line: String?, completeSize: Int64) {
        guard let size = size(path), size > 0 else { return (nil, 0) }
        var window: Int64 = 4096
        while true {
            let start = max(0, size - window)
            let bytes = try read(path, from: start, to: size)
            guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
                if start == 0 { return (nil, 0) }
                window *= 4
                continue
            }
            let complete = start + Int64(lastNewline) + 1
            let before = bytes[..<lastNewline]
            if let previous = before.lastIndex(of: 0x0A) {
                return (String(decoding: bytes[(previous + 1)..<lastNewline], as: UTF8.self), complete)
            }
            if start == 0 { return (String(decoding: before, as: UTF8.self), complete) }
            window *= 4
        }
    }

    /// Appends `text` to the file (created if needed) after cutting it back to `size` (a half-written
    /// line of our own), and flushes it to disk.
    static func append(_ text: String, to path: String, cuttingTo size: Int64?) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot open for writing") }
        defer { close(fd) }
        if let size, let current = Self.size(path), current > size {
            guard ftruncate(fd, off_t(size)) == 0 else { throw failure(path, "cannot cut off a half-written line") }
        }
        guard lseek(fd, 0, SEEK_END) >= 0 else { throw failure(path, "cannot write") }
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                write(fd, buffer.baseAddress! + done, buffer.count - done)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure(path, "cannot write") }
            done += count
        }
        guard fsync(fd) == 0 else { throw failure(path, "cannot flush") }
    }
}
