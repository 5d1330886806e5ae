/// Why a progress file could not be used, phrased for the person at the terminal.
public enum ProgressError: Error, CustomStringConvertible, Equatable {
    case cannotCreateFolder(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case notCardbox(path: String)
    case newerSchema(path: String)
    case writeFailed(reason: String)
    case inUse(path: String, pid: Int32?)

    public var description: String {
        switch self {
        case let .cannotCreateFolder(path, reason):
            "cannot create the folder for the progress file \(path): \(reason)"
        case let .cannotOpen(path, reason):
            "cannot open progress file \(path): \(reason); run with --reset-progress to move it aside and start fresh"
        case let .notCardbox(path):
            "\(path) is not a cardbox progress file; pass --progress FILE to use another file, or --reset-progress to move it aside"
        case let .newerSchema(path):
            "\(path) was written by a newer cardbox; update cardbox or pass --progress FILE to use another file"
        case let .writeFailed(reason):
            "could not save the answer: \(reason)"
        case let .inUse(path, pid):
            "\(path) is in use by another cardbox\(pid.map { " (process \($0))" } ?? ""); close that one first"
        }
    }
}
