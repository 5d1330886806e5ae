/// Why a progress file could not be used. The command line adds what to do about it.
public enum ProgressError: Error, CustomStringConvertible, Equatable {
    case cannotCreateFolder(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case notCardbox(path: String)
    case newerSchema(path: String)
    case writeFailed(reason: String)
    /// The file or its folder cannot be written (read-only file, folder or file system).
    case cannotWrite(path: String, reason: String)
    case inUse(path: String, pid: Int32?)

    public var description: String {
        switch self {
        case let .cannotCreateFolder(path, reason):
            "cannot create the folder for the progress file \(path): \(reason)"
        case let .cannotOpen(path, reason):
            "cannot open progress file \(path): \(reason)"
        case let .notCardbox(path):
            "\(path) is not a cardbox progress file"
        case let .newerSchema(path):
            "\(path) was written by a newer cardbox"
        case let .writeFailed(reason):
            "could not save the answer: \(reason)"
        case let .cannotWrite(path, reason):
            "cannot write the progress file \(path): \(reason)"
        case let .inUse(path, pid):
            "\(path) is in use by another cardbox\(pid.map { " (process \($0))" } ?? ""); close that one first"
        }
    }
}
