import Foundation

/// Remembers what parsing each deck file found, so that an unchanged file is not parsed again.
///
/// One entry a deck file, named by a hash of its path, holding the file's headings, card keys,
/// normalized questions, diagnostics and where each card's text starts and ends. An entry is used
/// only for a file whose content hashes to the same value, read by the same build; anything else
/// (an edit, a damaged or foreign entry) means the file is parsed and its entry written again.
/// The cache is only ever a shortcut: failing to read or write it changes nothing but speed.
public struct DeckIndexCache: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// `$XDG_CACHE_HOME/cardbox/index`, else `~/.cache/cardbox/index`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return cache + "/cardbox/index"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/cardbox/index"
    }

    /// `path` from the root: the name an entry is filed under and the path it records.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Where the entry for the deck file at `path` lives.
    func entryPath(for path: String) -> String {
        let name = String(FastHash.hash(Array(Self.absolute(path).utf8)), radix: 16)
        return folder + "/" + String(repeating: "0", count: 16 - name.count) + name + ".idx"
    }

    /// The parse of `content` (the bytes of `path`) as remembered, or nil.
    func load(path: String, content: [UInt8], contentHash: UInt64) -> ParsedDeckFile? {
        // Without a way to tell builds apart, no entry can be trusted.
        guard BuildStamp.current != 0 else { return nil }
        let entryPath = entryPath(for: path)
        guard
            let entry = try? FileBytes.readRegular(
                entryPath, limit: DeckIndexCodec.maximumEntrySize(contentLength: content.count)
            ).get()
        else { return nil }
        return DeckIndexCodec.decode(
            entry, entryPath: entryPath, path: path, content: content, contentHash: contentHash,
            stamp: BuildStamp.current)
    }

    /// Remembers `file`, the parse of content hashing to `contentHash`. Files whose cards could not
    /// be deferred are not remembered: they are parsed at every start.
    func store(_ file: ParsedDeckFile, contentHash: UInt64, contentLength: Int) {
        guard BuildStamp.current != 0 else { return }
        guard
            let entry = DeckIndexCodec.encode(
                file, contentHash: contentHash, contentLength: contentLength,
                stamp: BuildStamp.current)
        else { return }
        let path = entryPath(for: file.path)
        var written = FileBytes.writeReplacing(path, with: entry)
        if !written {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            written = FileBytes.writeReplacing(path, with: entry)
        }
        // The entry now holds the search texts; memory need not until someone searches.
        guard written else { return }
        for case let .cards(_, cards) in file.items {
            if case let .deferred(place) = cards.first?.sides {
                place.source.keepSearchTexts(inEntry: path, contentHash: contentHash)
                break
            }
        }
    }

    /// How old a file that is not a readable entry (a temporary file left by a killed writer, or
    /// damage) must be before it is removed: younger ones may be being written right now.
    static let strayAge: TimeInterval = 600

    /// Removes the entries no start can use, so that the folder does not grow without bound: those
    /// written by another build or format, those of deck files that no longer exist, and old
    /// temporary or unreadable files. Returns how many files were removed. Entries of the files
    /// being loaded now are never among them (they are of this build, and their files exist).
    @discardableResult
    public func removeStaleEntries(now: Date = Date()) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for name in names where name.hasSuffix(".idx") || name.contains(".idx.tmp-") || name.contains(".tmp-") {
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let age = now.timeIntervalSince1970 - Double(info.st_mtim.tv_sec)
            var stale = false
            if name.hasSuffix(".idx"), let owner = Self.owner(ofEntry: path) {
                stale = owner.stamp != BuildStamp.current || access(owner.path, F_OK) != 0 && errno == ENOENT
            } else {
                stale = age > Self.strayAge
            }
            if stale && unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// The build stamp and deck file recorded at the start of the entry at `path`.
    private static func owner(ofEntry path: String) -> (stamp: UInt64, path: String)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // The header and a path of up to PATH_MAX bytes.
        var buffer = [UInt8](repeating: 0, count: 36 + 4 + 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return buffer.withUnsafeBytes {
            DeckIndexCodec.owner(ofEntryStart: UnsafeRawBufferPointer(rebasing: $0[..<count]))
        }
    }
}
