import Foundation

/// Notices deck files that change, appear or disappear while the app runs, and reloads the decks
/// reading only the files that changed.
///
/// `hasChanges()` costs one `stat` per deck file and per folder (a folder's times change when an
/// entry is added, removed or renamed), never a listing or a read; only `reload()` walks the folders
/// again and reads what changed. Not for use from several threads at once.
public final class DeckWatcher: @unchecked Sendable {
    private let paths: [String]
    private let cache: DeckIndexCache?
    /// Stamps of the named paths, the folders under them and the deck files, as last loaded; nil for
    /// a named path that did not exist.
    private var stamps: [String: FileStamp?] = [:]
    /// Each deck file as last parsed, with the stamp it was parsed at.
    private var parsed: [String: (stamp: FileStamp?, file: ParsedDeckFile)] = [:]

    /// Starts watching `paths` (as `ContentLoader.load` reads them) from their state now; create it
    /// before the first load, so that a change made during that load is noticed.
    public init(paths: [String], cache: DeckIndexCache? = nil) {
        self.paths = paths
        self.cache = cache
        stamps = Self.stamps(paths: paths, files: Self.walk(paths).files)
    }

    /// True when a deck file or a folder changed, appeared or disappeared since the last `reload()`
    /// (or since the watcher was made).
    public func hasChanges() -> Bool {
        stamps.contains { path, stamp in FileStamp(path) != stamp }
    }

    /// Loads the decks again, as `ContentLoader.load` would, parsing only the files that changed
    /// since they were last read here (through the index cache, when there is one).
    public func reload() -> CardCollection {
        // Every stamp is taken before what it stands for is read: a change made meanwhile is seen next time.
        var taken = Self.stamps(paths: paths, files: [])
        let walk = Self.walk(paths)
        var files: [ParsedDeckFile] = []
        var diagnostics = walk.diagnostics
        var unreadable = walk.unreadable
        var kept: [String: (stamp: FileStamp?, file: ParsedDeckFile)] = [:]
        for path in walk.files {
            let stamp = FileStamp(path)
            taken[path] = .some(stamp)
            if let known = parsed[path], known.stamp == stamp, stamp != nil {
                files.append(known.file)
                kept[path] = known
                continue
            }
            switch ContentLoader.readFile(path, cache: cache) {
            case .success(let file):
                files.append(file)
                kept[path] = (stamp, file)
            case .failure(let problem):
                diagnostics.append(problem)
                unreadable.append(path)
            }
        }
        parsed = kept
        stamps = taken
        var collection = CollectionBuilder.build(files: files)
        collection.diagnostics = diagnostics + collection.diagnostics
        collection.unreadable = unreadable
        return collection
    }

    /// The deck files under `paths` in load order, with the loader's diagnostics.
    private static func walk(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic], unreadable: [String]) {
        var diagnostics: [Diagnostic] = []
        var unreadable: [String] = []
        var files: [String] = []
        var seen = Set<String>()
        for path in paths {
            let found = ContentLoader.deckFiles(at: path, diagnostics: &diagnostics, unreadable: &unreadable)
            for file in found where seen.insert(file).inserted { files.append(file) }
        }
        return (files, diagnostics, unreadable)
    }

    private static func stamps(paths: [String], files: [String]) -> [String: FileStamp?] {
        var stamps: [String: FileStamp?] = [:]
        for path in paths {
            stamps[path] = .some(FileStamp(path))
            for folder in folders(under: path) { stamps[folder] = .some(FileStamp(folder)) }
        }
        for file in files { stamps[file] = .some(FileStamp(file)) }
        return stamps
    }

    /// `path` and every folder under it that the loader walks (links to folders are not walked).
    private static func folders(under path: String) -> [String] {
        guard FileStamp(path)?.isFolder == true else { return [] }
        var result: [String] = []
        var pending = [path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path]
        while let folder = pending.popLast() {
            result.append(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                let child = folder == "/" ? "/" + name : folder + "/" + name
                var entry = stat()
                if lstat(child, &entry) == 0, (entry.st_mode & S_IFMT) == S_IFDIR { pending.append(child) }
            }
        }
        return result
    }
}
