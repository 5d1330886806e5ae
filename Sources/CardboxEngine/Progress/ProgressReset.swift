import Foundation

/// Moves a progress file (with its WAL and shared-memory files) aside so a fresh one can start.
public enum ProgressReset {
    /// Renames `path` to `<path>.corrupt-<timestamp>` and returns the new name; nil when there was no file.
    @discardableResult
    public static func moveAside(_ path: String, now: Date = Date()) throws -> String? {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var target = "\(path).corrupt-\(formatter.string(from: now))"
        var suffix = 1
        while manager.fileExists(atPath: target) {
            suffix += 1
            target = "\(path).corrupt-\(formatter.string(from: now))-\(suffix)"
        }
        try manager.moveItem(atPath: path, toPath: target)
        for extra in ["-wal", "-shm"] where manager.fileExists(atPath: path + extra) {
            try manager.moveItem(atPath: path + extra, toPath: target + extra)
        }
        return target
    }
}
