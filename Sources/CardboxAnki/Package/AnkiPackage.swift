import Foundation
import ZIPFoundation

/// An `.apkg` or `.colpkg` opened for reading: which layout it has, its collection unpacked into a
/// scratch folder, and its media index.
///
/// Packages of the current layouts carry a dummy `collection.anki2` (one note saying the package is
/// too new); the newest collection present is read, never that dummy.
public final class AnkiPackage {
    /// The collection layouts a package can carry.
    public enum Layout: String, Sendable {
        /// `collection.anki2`, schema 11, from Anki 2.0 and early 2.1.
        case legacy1 = "collection.anki2"
        /// `collection.anki21`, schema 11, from Anki 2.1 (and "legacy" exports of current versions).
        case legacy2 = "collection.anki21"
        /// `collection.anki21b`: zstd-compressed, schema 18; media index and files zstd-compressed too.
        case latest = "collection.anki21b"
    }

    /// A media file in the package: its name in the collection and its entry in the zip.
    public struct MediaFile: Sendable {
        public var name: String
        var entryName: String
    }

    public let layout: Layout
    /// The unpacked SQLite collection.
    public let collectionURL: URL
    public let media: [MediaFile]
    private let archive: Archive
    private let limits: AnkiLimits
    private let packageName: String
    private var mediaRead = 0

    /// Opens `url`, unpacking its collection into `scratch` (a folder the caller removes).
    public init(url: URL, scratch: URL, limits: AnkiLimits = .standard) throws {
        packageName = url.lastPathComponent
        self.limits = limits
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw AnkiError("\(url.path): not a readable zip file (is it an .apkg or .colpkg?)")
        }
        self.archive = archive
        let version = try Self.metaVersion(archive, limits: limits, name: packageName)
        if let version, version > 3 {
            throw AnkiError(
                "\(url.path): made by a newer Anki (package version \(version)); export it from Anki with "
                    + "\"Support older Anki versions\" ticked, or update cardbox")
        }
        let present = Set([Layout.latest, .legacy2, .legacy1].filter { archive[$0.rawValue] != nil })
        guard let chosen = [Layout.latest, .legacy2, .legacy1].first(where: present.contains) else {
            throw AnkiError(
                "\(url.path): no Anki collection in this package (no collection.anki2, .anki21 or .anki21b)")
        }
        if version == 3, chosen != .latest {
            throw AnkiError("\(url.path): package says it holds collection.anki21b, but it is missing")
        }
        layout = chosen
        collectionURL = scratch.appendingPathComponent("collection.sqlite")
        guard FileManager.default.createFile(atPath: collectionURL.path, contents: nil) else {
            throw AnkiError("\(scratch.path): cannot write a temporary file")
        }
        let handle = try FileHandle(forWritingTo: collectionURL)
        defer { try? handle.close() }
        let entryName = chosen.rawValue
        try Self.read(
            archive, entry: entryName, zstd: chosen == .latest, limit: limits.collectionBytes,
            what: "\(packageName): \(entryName)"
        ) { try handle.write(contentsOf: $0) }
        media = try Self.mediaIndex(archive, latest: chosen == .latest, limits: limits, name: packageName)
    }

    /// The bytes of one media file.
    public func data(of file: MediaFile) throws -> Data {
        var data = Data()
        try Self.read(
            archive, entry: file.entryName, zstd: layout == .latest, limit: limits.mediaBytes - mediaRead,
            what: "\(packageName): media file '\(file.name)'"
        ) { data.append($0) }
        mediaRead += data.count
        return data
    }

    /// The `meta` entry's version, or nil for packages made before it existed.
    private static func metaVersion(_ archive: Archive, limits: AnkiLimits, name: String) throws -> Int64? {
        guard archive["meta"] != nil else { return nil }
        var bytes = Data()
        try read(archive, entry: "meta", zstd: false, limit: limits.indexBytes, what: "\(name): meta") {
            bytes.append($0)
        }
        var version: Int64 = 0
        do {
            for field in try ProtobufReader.fields(of: Array(bytes)) where field.field == 1 {
                version = field.value.integer ?? 0
            }
        } catch {
            throw AnkiError("\(name): its meta entry is not Anki package metadata")
        }
        return version
    }

    private static func mediaIndex(
        _ archive: Archive, latest: Bool, limits: AnkiLimits, name: String
    ) throws
        -> [MediaFile]
    {
        guard archive["media"] != nil else { return [] }
        var bytes = Data()
        try read(archive, entry: "media", zstd: latest, limit: limits.indexBytes, what: "\(name): media index") {
            bytes.append($0)
        }
        if latest {
            var files: [MediaFile] = []
            do {
                for (index, entry) in try ProtobufReader.fields(of: Array(bytes)).enumerated() where entry.field == 1 {
                    guard let message = entry.value.data else { continue }
                    var fileName = ""
                    var zipName = String(index)
                    for field in try ProtobufReader.fields(of: message) {
                        if field.field == 1, let text = field.value.string { fileName = text }
                        if field.field == 255, let number = field.value.integer { zipName = String(number) }
                    }
                    files.append(MediaFile(name: fileName, entryName: zipName))
                }
            } catch {
                throw AnkiError("\(name): its media index is not Anki's media list")
            }
            return files
        }
        guard bytes.isEmpty || (try? JSONSerialization.jsonObject(with: bytes)) is [String: String] else {
            throw AnkiError("\(name): its media index is not Anki's media list")
        }
        let map = bytes.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: bytes) as? [String: String] ?? [:])
        return map.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.map {
            MediaFile(name: $0.value, entryName: $0.key)
        }
    }

    /// Streams one zip entry (through zstd when `zstd`) to `sink`, refusing more than `limit` bytes.
    static func read(
        _ archive: Archive, entry name: String, zstd: Bool, limit: Int, what: String, sink: (Data) throws -> Void
    ) throws {
        guard let entry = archive[name] else { throw AnkiError("\(what) is missing from the package") }
        let decoder = zstd ? try ZstdDecoder(limit: limit, what: what) : nil
        var total = 0
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if let decoder {
                    try decoder.feed(chunk, sink: sink)
                } else {
                    total += chunk.count
                    if total > limit {
                        throw AnkiError(
                            "\(what) expands to more than \(ByteCountFormatter.megabytes(limit)); refusing it")
                    }
                    try sink(chunk)
                }
            }
            try decoder?.finish()
        } catch let error as AnkiError {
            throw error
        } catch {
            throw AnkiError("\(what) cannot be read: the package is damaged (\(error))")
        }
    }
}
