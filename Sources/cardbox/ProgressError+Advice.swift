import CardboxEngine

extension ProgressError {
    /// The message for the terminal: what went wrong, then the command line's advice on what to do.
    var adviceMessage: String {
        switch self {
        case let .cannotOpen(path, _):
            "\(self); to move it aside and start fresh run: \(Self.resetCommand(path))"
        case let .notCardbox(path):
            "\(self); pass --progress FILE to use another file, or move it aside and start fresh: \(Self.resetCommand(path))"
        case .newerSchema:
            "\(self); update cardbox or pass --progress FILE to use another file"
        case .cannotWrite:
            "\(self); pass --progress FILE to keep progress in a writable place"
        case .cannotCreateFolder, .writeFailed, .inUse:
            "\(self)"
        }
    }

    /// The command that moves `path` aside: `--reset-progress` belongs to the full-screen command, not to
    /// `stats` or `render`, so the advice names the whole command line.
    static func resetCommand(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        let quoted = plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return "cardbox --progress \(quoted) --reset-progress"
    }
}

/// One line for an error on the terminal, with advice for progress-file errors.
func commandLineMessage(_ error: any Error) -> String {
    (error as? ProgressError)?.adviceMessage ?? "\(error)"
}
