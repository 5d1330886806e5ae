import Foundation

/// Finds deck files under the given paths and reads them, several files at a time.
public enum ContentLoader {
    /// Loads every `*.md` file named or found (recursively) under `paths` into one collection.
    ///
    /// With a `cache`, files whose content is unchanged since they were last parsed are read from
    /// their index entry instead of being parsed; the result is the same either way. A file or
    /// folder that cannot be read is reported and listed in `unreadable`; it makes no deck.
    public static func load(paths: [String], cache: DeckIndexCache? = nil) -> CardCollection {
        var diagnostics: [Diagnostic] = []
        var unreadable: [String] = []
        var files: [String] = []
        var seen = Set<String>()
        for path in paths {
            let found = deckFiles(at: path, diagnostics: &diagnostics, unreadable: &unreadable)
            for file in found where seen.insert(file).inserted { files.append(file) }
        }
        var parsed: [ParsedDeckFile] = []
        var layouts: [FileLayout] = []
        for result in parseConcurrently(files, cache: cache) {
            switch result {
            case .success(let read):
                parsed.append(read.file)
                layouts.append(read.layout)
            case .failure(let problem):
                diagnostics.append(problem)
                unreadable.append(problem.location.path)
            }
        }
        var collection = CollectionBuilder.build(files: parsed, layouts: layouts)
        layouts = []
        // The parsed files (every card once more) are freed on another thread while the caller goes on.
        let spent = parsed
        parsed = []
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(spent) {} }
        collection.diagnostics = diagnostics + collection.diagnostics
        collection.unreadable = unreadable
        return collection
    }

    /// The deck files a path stands for, reporting a missing path, a folder with none, and
    /// sub-folders that cannot be read. Entries that are not regular files (FIFOs, devices,
    /// sockets) are reported instead of read: opening one could block. A folder whose name ends in
    /// `.md` is walked like any folder.
    static func deckFiles(at path: String, diagnostics: inout [Diagnostic]) -> [String] {
        var unreadable: [String] = []
        return deckFiles(at: path, diagnostics: &diagnostics, unreadable: &unreadable)
    }

    static func deckFiles(at path: String, diagnostics: inout [Diagnostic], unreadable: inout [String]) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "no such file or folder"))
            } else {
                diagnostics.append(
                    Diagnostic(
                        SourceLocation(path: path, line: 1), FileBytes.Failure.cannotOpen(errno: code).description))
            }
            unreadable.append(path)
            return []
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        var files: [String] = []
        var folders = [path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path]
        while let folder = folders.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                let reason =
                    access(folder, R_OK | X_OK) == 0 ? "cannot read folder" : "cannot read folder (permission denied)"
                diagnostics.append(Diagnostic(SourceLocation(path: folder, line: 1), reason))
                unreadable.append(folder)
                continue
            }
            for name in names {
                let child = folder == "/" ? "/" + name : folder + "/" + name
                var entry = stat()
                guard lstat(child, &entry) == 0 else { continue }
                let type = entry.st_mode & S_IFMT
                if type == S_IFDIR {
                    folders.append(child)
                    continue
                }
                guard name.lowercased().hasSuffix(".md") else { continue }
                // A link is read as what it points to (never walked into, so no loop is possible).
                var target = entry
                if type == S_IFLNK, stat(child, &target) != 0 || (target.st_mode & S_IFMT) == S_IFDIR {
                    if (target.st_mode & S_IFMT) == S_IFDIR { continue }
                    diagnostics.append(Diagnostic(SourceLocation(path: child, line: 1), "broken symbolic link"))
                    unreadable.append(child)
                    continue
                }
                files.append(child)
            }
        }
        files.sort()
        if files.isEmpty && !unreadable.contains(where: { $0.hasPrefix(path) }) {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "no deck files (*.md) in this folder"))
        }
        return files
    }

    /// Reads and parses files on all cores, each laid out for the build on the thread that read it
    /// (`FileLayout`); results keep the order of `files`.
    static func parseConcurrently(_ files: [String], cache: DeckIndexCache?) -> [Result<LaidOutFile, Diagnostic>] {
        let results = ResultSlots(count: files.count)
        // One more turn tidies the index folder, beside the parsing.
        DispatchQueue.concurrentPerform(iterations: files.count + (cache == nil ? 0 : 1)) { index in
            guard index < files.count else {
                cache?.removeStaleEntries()
                return
            }
            results.set(
                index, readFile(files[index], cache: cache).map { LaidOutFile(file: $0, layout: FileLayout($0)) })
        }
        return results.values
    }

    /// Reads one file, from its index entry when it has a current one; an unreadable file becomes a
    /// diagnostic. Card text is left in the file's bytes, to be parsed when shown, where that gives
    /// the same text (`DeckSource`).
    public static func parseFile(_ path: String, cache: DeckIndexCache? = nil) -> ParsedDeckFile {
        switch readFile(path, cache: cache) {
        case .success(let file): file
        case .failure(let problem): ParsedDeckFile(path: path, title: nil, items: [], diagnostics: [problem])
        }
    }

    /// `parseFile`, telling a file that could not be read (which makes no deck) from one that was.
    /// A file whose `stat` is the one its index entry recorded is not read at all (`DeckIndexCache.loadUnread`).
    static func readFile(_ path: String, cache: DeckIndexCache?) -> Result<ParsedDeckFile, Diagnostic> {
        if let cache {
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                let remembered = cache.loadUnread(path: path, file: FileStamp(info))
            {
                return .success(remembered)
            }
        }
        switch FileBytes.readRegular(path) {
        case .success(let bytes): return .success(parse(bytes: bytes, path: path, cache: cache))
        case .failure(let failure):
            return .failure(Diagnostic(SourceLocation(path: path, line: 1), failure.description))
        }
    }

    /// Parses one file's content as `parseFile` does: through the index when it has a current entry,
    /// and with card text left in `bytes` where that reads the same.
    public static func parse(bytes: [UInt8], path: String, cache: DeckIndexCache? = nil) -> ParsedDeckFile {
        let contentHash = cache == nil ? 0 : FastHash.hash(bytes)
        if let cache, let remembered = cache.load(path: path, content: bytes, contentHash: contentHash) {
            return remembered
        }
        // Most files are read from their bytes alone (`StructuralPass`); the rest by cmark-gfm.
        if let read = StructuralPass.parse(bytes: bytes, path: path) {
            cache?.store(read, contentHash: contentHash, contentLength: bytes.count)
            return read
        }
        return fullParse(bytes: bytes, path: path, cache: cache, contentHash: contentHash)
    }

    /// The file parsed with cmark-gfm, card text then left in `bytes` where that reads the same.
    static func fullParse(
        bytes: [UInt8], path: String, cache: DeckIndexCache? = nil, contentHash: UInt64 = 0
    )
        -> ParsedDeckFile
    {
        var parsed = DeckParser.parse(bytes: bytes, path: path)
        if DeckSource.deferSides(of: &parsed, bytes: bytes), let cache {
            cache.store(parsed, contentHash: contentHash, contentLength: bytes.count)
        }
        return parsed
    }
}

/// A file read, with its share of the collection's build.
struct LaidOutFile: Sendable {
    var file: ParsedDeckFile
    var layout: FileLayout
}

/// Fixed slots written from concurrent workers, each slot by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<LaidOutFile, Diagnostic>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<LaidOutFile, Diagnostic>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Result<LaidOutFile, Diagnostic>] { slots.compactMap { $0 } }
}
