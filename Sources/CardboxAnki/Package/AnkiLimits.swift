/// How much an Anki package may expand to when read: a zip or zstd bomb is refused, not unpacked.
public struct AnkiLimits: Sendable {
    /// Most bytes the collection may expand to.
    public var collectionBytes: Int
    /// Most bytes all media files together may expand to.
    public var mediaBytes: Int
    /// Most bytes the media index or metadata may expand to.
    public var indexBytes: Int

    public init(collectionBytes: Int, mediaBytes: Int, indexBytes: Int) {
        self.collectionBytes = collectionBytes
        self.mediaBytes = mediaBytes
        self.indexBytes = indexBytes
    }

    /// Generous for any real deck: 2 GB of collection, 4 GB of media, 64 MB of index.
    public static let standard = AnkiLimits(
        collectionBytes: 2_000_000_000, mediaBytes: 4_000_000_000, indexBytes: 64_000_000)
}
