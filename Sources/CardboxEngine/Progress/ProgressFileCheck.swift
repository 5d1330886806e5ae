import Foundation

/// Looks at a progress path before SQLite opens it, without opening it (a FIFO would block).
public enum ProgressFileCheck {
    /// What a progress path holds.
    public enum Content: Equatable {
        case missing
        /// A regular file with no bytes and no write-ahead log: no progress yet.
        case empty
        case data
    }

    /// What is at `path`; throws `ProgressError.cannotOpen` for a folder, a FIFO or a device.
    public static func inspect(_ path: String) throws -> Content {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw ProgressError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ProgressError.cannotOpen(path: path, reason: "it is \(FileBytes.kind(of: info.st_mode)), not a file")
        }
        return info.st_size == 0 && walSize(path) == 0 ? .empty : .data
    }

    /// Bytes in `path`'s write-ahead log, 0 when it has none.
    static func walSize(_ path: String) -> Int {
        var info = stat()
        guard stat(path + "-wal", &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return 0 }
        return Int(info.st_size)
    }

    /// What SQLite is given to open `path` read-only. With no write-ahead log to read, the file is
    /// opened as immutable: SQLite then creates no `-wal` or `-shm` file beside it (a read-only
    /// command leaves nothing behind) and needs no write access to its folder. With a log (a
    /// running or killed app's), the file is opened normally so the log's answers are read.
    static func readOnlyConnectionPath(_ path: String) -> String {
        guard walSize(path) == 0, !FileManager.default.fileExists(atPath: path + "-wal") else { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?mode=ro&immutable=1"
    }
}
