import Foundation

/// Where progress is kept by default: `$XDG_STATE_HOME/cardbox/progress.sqlite`, else `~/.local/state/cardbox/`.
public enum ProgressPaths {
    public static func defaultFile(environment: [String: String] = ProcessEnvironment.current) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/cardbox/progress.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/cardbox/progress.sqlite"
    }

    /// The folder holding `path`, as `URL(fileURLWithPath: path).deletingLastPathComponent().path` names
    /// it. An absolute path of plain names (no empty, `.` or `..` part, no slash at the end), the usual
    /// one, is cut at its last slash; any other goes through `URL`, whose `path` costs a start about 0.2
    /// million instructions a call.
    public static func folder(of path: String) -> String {
        let bytes = Array(path.utf8)
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        guard bytes.first == slash, bytes.count > 1, bytes.last != slash else {
            return URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        var start = 1
        var lastSlash = 0
        for index in 1...bytes.count where index == bytes.count || bytes[index] == slash {
            let part = bytes[start..<index]
            guard !part.isEmpty, !part.allSatisfy({ $0 == dot }) || part.count > 2 else {
                return URL(fileURLWithPath: path).deletingLastPathComponent().path
            }
            if index < bytes.count { lastSlash = index }
            start = index + 1
        }
        return lastSlash == 0 ? "/" : String(decoding: bytes[..<lastSlash], as: UTF8.self)
    }

    /// Creates the folder that will hold the progress file `path` (and its lock), with its parents.
    public static func createFolder(for path: String) throws {
        let folder = folder(of: path)
        // The usual case, a folder that is there, is one call to the file system; Foundation's way to
        // the same answer goes through its URL and attribute machinery on every start.
        var info = stat()
        if stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ProgressError.cannotCreateFolder(path: path, reason: ProgressStore.reason(error))
        }
    }
}
