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
    /// A moment (ns since 1970) before any deck file read through this cache was read: what its
    /// entries record as when the file was read (`isSafelyOlder`).
    let openedAt: Int64
    /// The key entries are sealed with (`IndexSealKey`); nil: they are written unsealed, and every
    /// entry read has each card's key checked against its question.
    public let sealKey: IndexSealKey?

    public init(folder: String, sealKey: IndexSealKey? = nil) {
        self.init(folder: folder, openedAt: Self.now(), sealKey: sealKey)
    }

    init(folder: String, openedAt: Int64, sealKey: IndexSealKey? = nil) {
        self.folder = folder
        self.openedAt = openedAt
        self.sealKey = sealKey
    }

    /// The app's cache: the default folder, with entries sealed by the user's key (made on first use).
    public static func standard(environment: [String: String] = ProcessEnvironment.current) -> DeckIndexCache {
        DeckIndexCache(
            folder: defaultFolder(environment: environment),
            sealKey: IndexSealKey.loadOrCreate(at: IndexSealKey.defaultFile(environment: environment)))
    }

    /// `$XDG_CACHE_HOME/cardbox/index`, else `~/.cache/cardbox/index`.
    public static func defaultFolder(environment: [String: String] = ProcessEnvironment.current) -> String {
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

    /// How much older than the moment a file was read its modification and change times must be
    /// for its `stat` to be trusted later (git's rule for "racily clean" files): a write in the same
    /// tick of the file system's clock as that read would leave every time and the size as they were.
    /// Two seconds also covers file systems that keep times to two seconds (FAT).
    static let racyMargin: Int64 = 2_000_000_000

    /// The time now in nanoseconds since 1970, as file times are kept.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// True when a file whose `stat` was `file` when it was read at `readAt` (ns) can be trusted
    /// unread while that `stat` stays the same: it was last written safely before that read.
    static func isSafelyOlder(_ file: FileStamp, than readAt: Int64) -> Bool {
        readAt > 0 && max(file.modified, file.changed) < readAt - racyMargin
    }

    /// The parse of the file at `path` as remembered, without reading the file: when `file`, its
    /// `stat` now, is the one recorded when it was last read and hashed (size, mtime and ctime to the
    /// nanosecond, inode, device), and that read was safely after its last write (`racyMargin`).
    /// An edit that keeps the size and mtime still changes the ctime, which no tool can set. Nil
    /// otherwise: the file is then read and hashed (`load(path:content:contentHash:)`).
    func loadUnread(path: String, file: FileStamp) -> ParsedDeckFile? {
        guard BuildStamp.current != 0, file.size >= 0 else { return nil }
        let entryPath = entryPath(for: path)
        let limit = DeckIndexCodec.maximumEntrySize(contentLength: Int(file.size))
        return Self.readMain(entryPath, limit: limit, key: sealKey) { entry -> ParsedDeckFile? in
            guard entry.header.stamp == BuildStamp.current, entry.header.file == file,
                Self.isSafelyOlder(file, than: entry.header.readAt)
            else { return nil }
            let content = DeckContent(
                path: path, unreadLength: entry.header.contentLength, hash: entry.header.contentHash)
            return DeckIndexCodec.decode(
                main: entry.main, searchLength: entry.searchLength, entryPath: entryPath, path: path, content: content,
                contentHash: entry.header.contentHash, stamp: BuildStamp.current, sealed: entry.sealed,
                mapping: entry.mapping)
        }
    }

    /// The parse of `content` (the bytes of `path`) as remembered, or nil. When the entry is used
    /// but recorded another `stat` (the file was touched, copied back, or read too soon after a
    /// write), it is written again with the file's `stat` now, so that later starts need not read it.
    func load(path: String, content: [UInt8], contentHash: UInt64) -> ParsedDeckFile? {
        // Without a way to tell builds apart, no entry can be trusted.
        guard BuildStamp.current != 0 else { return nil }
        let entryPath = entryPath(for: path)
        let limit = DeckIndexCodec.maximumEntrySize(contentLength: content.count)
        guard
            let (decoded, recorded) = Self.readMain(
                entryPath, limit: limit, key: sealKey,
                { entry in
                    DeckIndexCodec.decode(
                        main: entry.main, searchLength: entry.searchLength, entryPath: entryPath, path: path,
                        content: DeckContent(path: path, bytes: content), contentHash: contentHash,
                        stamp: BuildStamp.current, sealed: entry.sealed, mapping: entry.mapping
                    ).map { ($0, entry.header) }
                })
        else { return nil }
        if let file = stampOfContent(at: path, length: content.count),
            recorded.file != file || !Self.isSafelyOlder(file, than: recorded.readAt)
        {
            Self.restamp(
                entryPath, contentHash: contentHash, file: file, readAt: openedAt, limit: limit, key: sealKey)
        }
        return decoded
    }

    /// The `stat` of the deck file at `path` to record with content of `length` bytes read from it
    /// through this cache, or nil when it must not be trusted: taken after the read, it stands for
    /// that content only when the file's last write was safely before `openedAt`, before the read
    /// (a write since has later times, and is read and hashed again at the next start anyway).
    private func stampOfContent(at path: String, length: Int) -> FileStamp? {
        guard let file = FileStamp(path), !file.isFolder, file.size == Int64(length),
            Self.isSafelyOlder(file, than: openedAt)
        else { return nil }
        return file
    }

    /// An entry's bytes before its search texts, checked against its checksum or seal, with its
    /// header and its search texts' length.
    struct MainBytes {
        /// Valid while `mapping` is held.
        var main: UnsafeRawBufferPointer
        /// The entry's pages, mapped read-only; what keeps `main` valid.
        var mapping: FileMapping
        var header: DeckIndexCodec.Header
        var searchLength: Int
        /// The seal was found right under the cache's key (`readMain`), so the keys need no check.
        var sealed: Bool
    }

    /// Runs `read` on the entry at `path` up to its search texts, checked against its checksum; nil
    /// for a missing, damaged or foreign entry, or one larger than `limit`. The search texts are left
    /// unread. `sealed`: its seal is right under `key`, which covers what the checksum does (and
    /// more), so the checksum is not computed.
    ///
    /// The bytes are the file's own pages, mapped read-only (`FileMapping`) rather than copied into
    /// fresh memory. An entry is only ever replaced whole by a rename, never written in place or
    /// truncated, so the mapped file does not shrink under its reader (RELIABILITY.md, section 11).
    static func readMain<T>(
        _ path: String, limit: Int, key: IndexSealKey? = nil, _ read: (MainBytes) -> T?
    ) -> T? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size <= limit, size >= DeckIndexCodec.fixedHeaderSize + 8 else { return nil }
        guard
            let header = withUnsafeTemporaryAllocation(
                byteCount: DeckIndexCodec.fixedHeaderSize, alignment: 8,
                { start -> DeckIndexCodec.Header? in
                    FileBytes.read(descriptor, into: start, at: 0)
                        ? DeckIndexCodec.Header(UnsafeRawBufferPointer(start)) : nil
                }), header.searchStart <= size - 8,
            let mapping = FileMapping(descriptor, count: header.searchStart)
        else { return nil }
        let main = mapping.bytes
        // The header as mapped, among the bytes the seal or checksum is checked over.
        guard let mapped = DeckIndexCodec.Header(main), mapped.searchStart == header.searchStart else { return nil }
        var sealed = false
        if let key, DeckIndexCodec.seal(of: main, key: key) == mapped.seal {
            sealed = true
        } else {
            var checksum: UInt64 = 0
            let complete = withUnsafeMutableBytes(of: &checksum) { FileBytes.read(descriptor, into: $0, at: size - 8) }
            guard complete, UInt64(littleEndian: checksum) == FastHash.hash(main) else { return nil }
        }
        return read(
            MainBytes(
                main: main, mapping: mapping, header: mapped, searchLength: size - 8 - header.searchStart,
                sealed: sealed))
    }

    /// Writes the sound entry at `path` for content hashing to `contentHash` again, with the deck
    /// file's `stat` `file`, read at `readAt`, sealed again with `key`.
    static func restamp(
        _ path: String, contentHash: UInt64, file: FileStamp, readAt: Int64, limit: Int, key: IndexSealKey? = nil
    ) {
        guard var entry = try? FileBytes.readRegular(path, limit: limit).get(),
            DeckIndexCodec.isSound(entry, contentHash: contentHash)
        else { return }
        var writer = ByteWriter()
        DeckIndexCodec.writeFileStamp(file, readAt: readAt, into: &writer)
        entry.replaceSubrange(32..<(32 + writer.bytes.count), with: writer.bytes)
        FileBytes.writeReplacing(path, with: DeckIndexCodec.sealed(Array(entry.dropLast(8)), key: key))
    }

    /// Remembers `file`, the parse of content hashing to `contentHash`. Files whose cards could not
    /// be deferred are not remembered: they are parsed at every start.
    /// The entry records the file's `stat` when it can stand for this content (`stampOfContent`).
    func store(_ file: ParsedDeckFile, contentHash: UInt64, contentLength: Int) {
        guard BuildStamp.current != 0 else { return }
        guard
            let entry = DeckIndexCodec.encode(
                file, contentHash: contentHash, contentLength: contentLength,
                stamp: BuildStamp.current, fileStamp: stampOfContent(at: file.path, length: contentLength),
                readAt: openedAt, sealKey: sealKey)
        else { return }
        let path = entryPath(for: file.path)
        var written = FileBytes.writeReplacing(path, with: entry)
        if !written {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            written = FileBytes.writeReplacing(path, with: entry)
        }
        // The entry now holds the search texts; memory need not until someone searches.
        guard written else { return }
        let cards = file.cardList
        if cards.count > 0, case let .deferred(place) = cards[0].sides {
            place.source.keepSearchTexts(inEntry: path, contentHash: contentHash)
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
        var buffer = [UInt8](repeating: 0, count: DeckIndexCodec.fixedHeaderSize + 4 + 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return buffer.withUnsafeBytes {
            DeckIndexCodec.owner(ofEntryStart: UnsafeRawBufferPointer(rebasing: $0[..<count]))
        }
    }
}
