import Foundation

/// Reads and writes whole files with plain system calls: one allocation, no Foundation copies.
///
/// Every file cardbox reads whole (deck files, index entries) is read here: opened without waiting
/// (a FIFO or a device would block `open` itself) and read only when it is a regular file.
enum FileBytes {
    /// Why a file could not be read, phrased for a `file:line: message` report.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotOpen(errno: Int32)
        /// Not a regular file: a folder, a FIFO, a device or a socket.
        case notAFile(kind: String)
        case cannotRead(errno: Int32)
        case tooLarge(size: Int, limit: Int)

        public var description: String {
            switch self {
            case .cannotOpen(let code) where code == EACCES: "cannot read file (permission denied)"
            case .cannotOpen(let code): "cannot read file (\(String(cString: strerror(code))))"
            case .notAFile(let kind): "\(kind), not a file; only regular files are read"
            case .cannotRead(let code): "cannot read file (\(String(cString: strerror(code))))"
            case .tooLarge(let size, let limit): "file of \(size) bytes is larger than the \(limit) bytes read"
            }
        }
    }

    /// What a file-type field names, for `Failure.notAFile`.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a regular file"
        }
    }

    /// The file's content, or nil when it cannot be opened or read.
    static func read(_ path: String) -> [UInt8]? {
        try? readRegular(path).get()
    }

    /// The content of the regular file at `path`, or why it could not be read. Never blocks on a
    /// FIFO or a device: they are opened non-blocking and refused by their type before any read.
    static func readRegular(_ path: String, limit: Int = Int.max) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return .failure(.cannotOpen(errno: errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.cannotRead(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notAFile(kind: kind(of: info.st_mode))) }
        guard Int(info.st_size) <= limit else { return .failure(.tooLarge(size: Int(info.st_size), limit: limit)) }
        // One spare byte, so that the read which finds the end needs no second buffer.
        var bytes = [UInt8](unsafeUninitializedCapacity: Int(info.st_size) + 1) { _, count in
            count = Int(info.st_size) + 1
        }
        var filled = 0
        while true {
            // Read until end of file even if the size changed since fstat.
            if filled == bytes.count {
                // The file grew since fstat; a limit still holds.
                guard filled <= limit else { return .failure(.tooLarge(size: filled, limit: limit)) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.cannotRead(errno: errno))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return .success(bytes)
    }

    /// Fills `buffer` from the open file `descriptor` at `offset`; false when the file ends first or
    /// cannot be read.
    static func read(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int) -> Bool {
        buffer.withUnsafeMutableBytes { read(descriptor, into: $0, at: offset) }
    }

    /// Fills `buffer` from the open file `descriptor` at `offset`; false when the file ends first or
    /// cannot be read.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var filled = 0
        while filled < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            filled += count
        }
        return true
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader sees
    /// the old file or the new one, never half of one. Returns false on any failure.
    @discardableResult
    static func writeReplacing(_ path: String, with bytes: [UInt8]) -> Bool {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var written = 0
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += count
            }
            return true
        }
        close(descriptor)
        guard complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
