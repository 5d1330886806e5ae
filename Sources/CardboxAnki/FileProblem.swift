import CardboxEngine
import Foundation

/// Why reading or writing a path failed, in words: Foundation on Linux often says no more than "The
/// operation could not be completed", which names neither the path nor the cause.
enum FileProblem {
    /// What is wrong with writing into `folder` ("PATH: no such folder", "PATH: Permission denied", …),
    /// or nil when it is a folder this user can write into.
    static func writing(into folder: URL) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            return "\(folder.path): no such folder"
        }
        guard isFolder.boolValue else { return "\(folder.path): is not a folder" }
        guard access(folder.path, W_OK) == 0 else { return "\(folder.path): \(String(cString: strerror(errno)))" }
        return nil
    }

    /// What is wrong with creating `folder` and the folders above it: the nearest one that exists is
    /// a file, or cannot be written into; nil when nothing in the way is known.
    static func creating(_ folder: URL) -> String? {
        var existing = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing = existing.deletingLastPathComponent()
        }
        return writing(into: existing)
    }

    /// The cause of `error` in a few words (an errno's text when one is known).
    static func reason(_ error: any Error) -> String {
        if let error = error as? AnkiError { return error.description }
        let text = ProgressStore.reason(error)
        let vague = "The operation could not be completed."
        guard text.hasPrefix(vague) else { return text }
        let rest = text.dropFirst(vague.count).trimmingCharacters(in: .whitespaces)
        return rest.isEmpty ? "error \((error as NSError).code)" : rest
    }

    /// The path `error` is about, when Foundation recorded it.
    static func path(of error: any Error) -> String? {
        (error as? CocoaError)?.filePath ?? (error as NSError).userInfo[NSFilePathErrorKey] as? String
    }
}
