import Foundation

/// Writes an import into its folder: everything is staged in a temporary folder beside it and
/// renamed into place, so a failed import leaves nothing behind; a file the user edited since the
/// last import is kept, and the new version is written beside it as `NAME.imported.md`.
struct ImportWriter {
    /// A file to write: its path relative to the import folder, and how to get its bytes.
    struct Output {
        var path: String
        var isMedia: Bool
        var bytes: () throws -> Data
    }

    /// What happened to the files.
    struct Result {
        var written: [String] = []
        var unchanged: [String] = []
        /// Edited files that were kept, with where the new version went (nil for media, not written).
        var kept: [(path: String, newVersion: String?)] = []
    }

    let folder: URL

    func write(_ outputs: [Output]) throws -> Result {
        let fileManager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        let exists = fileManager.fileExists(atPath: folder.path, isDirectory: &isFolder)
        if exists, !isFolder.boolValue { throw AnkiError("\(folder.path): exists and is not a folder") }
        if !exists {
            do {
                try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw AnkiError(
                    "\(parent.path): cannot create this folder (\(FileProblem.creating(parent) ?? FileProblem.reason(error)))"
                )
            }
        }
        let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).import-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw AnkiError(
                FileProblem.writing(into: parent) ?? "\(parent.path): cannot write here (\(FileProblem.reason(error)))")
        }
        defer { try? fileManager.removeItem(at: staging) }

        var manifest = exists ? ImportManifest.load(from: folder) : ImportManifest()
        var result = Result()
        var placed: [String] = []
        for output in outputs {
            try checkInside(output.path)
            let data = try output.bytes()
            let newHash = ImportManifest.hash(data)
            var target = output.path
            let current = folder.appendingPathComponent(output.path)
            if exists, let existing = try? Data(contentsOf: current) {
                let existingHash = ImportManifest.hash(existing)
                if existing == data {
                    manifest.files[output.path] = newHash
                    result.unchanged.append(output.path)
                    continue
                }
                if manifest.files[output.path] != existingHash {
                    if output.isMedia {
                        result.kept.append((output.path, nil))
                        continue
                    }
                    target = String(output.path.dropLast(3)) + ".imported.md"
                    result.kept.append((output.path, target))
                } else {
                    manifest.files[output.path] = newHash
                }
            } else {
                manifest.files[output.path] = newHash
            }
            let staged = staging.appendingPathComponent(target)
            try fileManager.createDirectory(at: staged.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: staged)
            placed.append(target)
            result.written.append(target)
        }
        let manifestData = try manifest.encoded()
        try manifestData.write(to: staging.appendingPathComponent(ImportManifest.fileName))
        if !exists {
            // A new folder appears whole, in one rename.
            try fileManager.moveItem(at: staging, to: folder)
            return result
        }
        for path in placed + [ImportManifest.fileName] {
            let destination = folder.appendingPathComponent(path)
            try fileManager.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try checkInside(path)
            if rename(staging.appendingPathComponent(path).path, destination.path) != 0 {
                throw AnkiError("\(destination.path): cannot write (\(String(cString: strerror(errno))))")
            }
        }
        return result
    }

    /// Refuses a path that would end up outside the folder, through `..` or a symbolic link.
    private func checkInside(_ path: String) throws {
        let components = path.split(separator: "/")
        guard !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }), !path.hasPrefix("/") else {
            throw AnkiError("\(path): refusing a path outside \(folder.path)")
        }
        var current = folder
        for component in components.dropLast() {
            current.appendPathComponent(String(component))
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: current.path)) != nil {
                throw AnkiError("\(current.path): is a symbolic link; refusing to write through it")
            }
        }
    }
}
