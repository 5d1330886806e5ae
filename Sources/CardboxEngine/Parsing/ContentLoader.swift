import Foundation

/// Finds deck files under the given paths and reads them, several files at a time.
public enum ContentLoader {
    /// Loads every `*.md` file named or found (recursively) under `paths` into one collection.
    ///
    /// With a `cache`, files whose content is unchanged since they were last parsed are read from
    /// their index entry instead of being parsed; the result is the same either way.
    public static func load(paths: [String], cache: DeckIndexCache? = nil) -> CardCollection {
        var diagnostics: [Diagnostic] = []
        var files: [String] = []
        var seen = Set<String>()
        for path in paths {
            let found = deckFiles(at: path, diagnostics: &diagnostics)
            for file in found where seen.insert(file).inserted { files.append(file) }
        }
        let parsed = parseConcurrently(files, cache: cache)
        var collection = CollectionBuilder.build(files: parsed)
        collection.diagnostics = diagnostics + collection.diagnostics
        return collection
    }

    /// The deck files a path stands for, reporting a missing path or a folder with none.
    static func deckFiles(at path: String, diagnostics: inout [Diagnostic]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "no such file or folder"))
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        var files: [String] = []
        let base = URL(fileURLWithPath: path)
        if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where url.pathExtension.lowercased() == "md" {
                let relative = String(url.path.dropFirst(base.path.count)).drop { $0 == "/" }
                files.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
        }
        files.sort()
        if files.isEmpty {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "no deck files (*.md) in this folder"))
        }
        return files
    }

    /// Reads and parses files on all cores; results keep the order of `files`.
    static func parseConcurrently(_ files: [String], cache: DeckIndexCache?) -> [ParsedDeckFile] {
        let results = ResultSlots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results.set(index, parseFile(files[index], cache: cache))
        }
        return results.values
    }

    /// Reads one file, from its index entry when it has a current one; an unreadable file becomes a
    /// diagnostic. Card text is left in the file's bytes, to be parsed when shown, where that gives
    /// the same text (`DeckSource`).
    public static func parseFile(_ path: String, cache: DeckIndexCache? = nil) -> ParsedDeckFile {
        guard let bytes = FileBytes.read(path) else {
            let reason =
                access(path, R_OK) == 0 || errno != EACCES ? "cannot read file" : "cannot read file (permission denied)"
            return ParsedDeckFile(
                path: path, title: nil, items: [],
                diagnostics: [Diagnostic(SourceLocation(path: path, line: 1), reason)])
        }
        return parse(bytes: bytes, path: path, cache: cache)
    }

    /// Parses one file's content as `parseFile` does: through the index when it has a current entry,
    /// and with card text left in `bytes` where that reads the same.
    public static func parse(bytes: [UInt8], path: String, cache: DeckIndexCache? = nil) -> ParsedDeckFile {
        let contentHash = cache == nil ? 0 : FastHash.hash(bytes)
        if let cache, let remembered = cache.load(path: path, content: bytes, contentHash: contentHash) {
            return remembered
        }
        var parsed = DeckParser.parse(bytes: bytes, path: path)
        if DeckSource.deferSides(of: &parsed, bytes: bytes), let cache {
            cache.store(parsed, contentHash: contentHash, contentLength: bytes.count)
        }
        return parsed
    }
}

/// Fixed slots written from concurrent workers, each slot by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [ParsedDeckFile?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: ParsedDeckFile) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [ParsedDeckFile] { slots.compactMap { $0 } }
}
