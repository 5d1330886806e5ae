/// Drives the index entry codec from outside the module, for the fuzzer (`Sources/CardboxFuzz`):
/// entries made from a deck must read back as the same cards, and entries with arbitrary bytes
/// (their checksum made valid, so the reader goes past it) must be refused or read safely.
public enum IndexEntryProbe {
    /// Checks both on `deck`, the bytes of a deck file, with `noise` as hostile entry content.
    /// Traps (a fuzzer finding) when a sound entry reads back differently; returns how many
    /// hostile entries were accepted, whose cards were then read without harm.
    @discardableResult
    public static func check(deck: [UInt8], noise: [UInt8]) -> Int {
        let path = "/fuzz/deck.md"
        let stamp: UInt64 = 0x5EED
        let hash = FastHash.hash(deck)
        var parsed = DeckParser.parse(bytes: deck, path: path)
        guard DeckSource.deferSides(of: &parsed, bytes: deck),
            let entry = DeckIndexCodec.encode(parsed, contentHash: hash, contentLength: deck.count, stamp: stamp)
        else { return 0 }
        guard
            let decoded = DeckIndexCodec.decode(
                entry, entryPath: "/nonexistent/entry.idx", path: path, content: deck, contentHash: hash, stamp: stamp)
        else { preconditionFailure("a sound entry was refused") }
        let original = CollectionBuilder.build(files: [parsed])
        let restored = CollectionBuilder.build(files: [decoded])
        precondition(original.cards == restored.cards, "an entry reads back as other cards")
        precondition(original.diagnostics == restored.diagnostics, "an entry reads back other diagnostics")
        var accepted = 0
        // Hostile entries: the sound one with bytes overwritten from `noise`, and the sound header
        // followed by `noise`, each with a valid checksum.
        let body = Array(entry.dropLast(8))
        var overwritten = body
        for (offset, byte) in noise.enumerated() where !overwritten.isEmpty {
            let at = (Int(byte) &* 131 &+ offset &* 31) % overwritten.count
            overwritten[at] ^= byte
        }
        let headerLength = min(body.count, DeckIndexCodec.fixedHeaderSize + 4 + path.utf8.count)
        for candidate in [overwritten, Array(body[..<headerLength]) + noise] {
            let hostile = DeckIndexCodec.sealed(candidate)
            guard
                let file = DeckIndexCodec.decode(
                    hostile, entryPath: "/nonexistent/entry.idx", path: path, content: deck, contentHash: hash,
                    stamp: stamp)
            else { continue }
            accepted += 1
            for card in CollectionBuilder.build(files: [file]).cards {
                _ = card.question.plainText
                _ = card.answer.plainText
                _ = card.searchText
            }
        }
        return accepted
    }
}
