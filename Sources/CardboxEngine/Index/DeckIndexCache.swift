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

    /// Where the entry for the deck file at `path` lives.
    func entryPath(for path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let name = String(FastHash.hash(Array(absolute.utf8)), radix: 16)
        return folder + "/" + String(repeating: "0", count: 16 - name.count) + name + ".idx"
    }

    /// The parse of `content` (the bytes of `path`) as remembered, or nil.
    func load(path: String, content: [UInt8], contentHash: UInt64) -> ParsedDeckFile? {
        // Without a way to tell builds apart, no entry can be trusted.
        guard BuildStamp.current != 0 else { return nil }
        let entryPath = entryPath(for: path)
        guard let entry = FileBytes.read(entryPath) else { return nil }
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
}
