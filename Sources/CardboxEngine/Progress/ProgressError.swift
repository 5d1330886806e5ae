/// Why a progress file could not be used, phrased for the person at the terminal.
public enum ProgressError: Error, CustomStringConvertible, Equatable {
    case cannotCreateFolder(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case notCardbox(path: String)
    case newerSchema(path: String)
    case writeFailed(reason: String)
    /// The file or its folder cannot be written (read-only file, folder or file system).
    case cannotWrite(path: String, reason: String)
    case inUse(path: String, pid: Int32?)

    /// The command that moves `path` aside: `--reset-progress` belongs to the full-screen command, not to
    /// `stats` or `render`, so the advice names the whole command line.
    func resetCommand(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        let quoted = plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return "cardbox --progress \(quoted) --reset-progress"
    }

    public var description: String {
        switch self {
        case let .cannotCreateFolder(path, reason):
            "cannot create the folder for the progress file \(path): \(reason)"
        case let .cannotOpen(path, reason):
            "cannot open progress file \(path): \(reason); to move it aside and start fresh run: \(resetCommand(path))"
        case let .notCardbox(path):
            "\(path) is not a cardbox progress file; pass --progress FILE to use another file, or move it aside and start fresh: \(resetCommand(path))"
        case let .newerSchema(path):
            "\(path) was written by a newer cardbox; update cardbox or pass --progress FILE to use another file"
        case let .writeFailed(reason):
            "could not save the answer: \(reason)"
        case let .cannotWrite(path, reason):
            "cannot write the progress file \(path): \(reason); pass --progress FILE to keep progress in a writable place"
        case let .inUse(path, pid):
            "\(path) is in use by another cardbox\(pid.map { " (process \($0))" } ?? ""); close that one first"
        }
    }
}
