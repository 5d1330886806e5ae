import Foundation
import XCTest

@testable import CardboxEngine

/// Index entries sealed with the user's key: the seal is SipHash-1-3, the key file is the user's
/// alone, an entry with a right seal reads back the same cards, and one without (crafted, damaged,
/// or sealed with another key) is checked in full or refused, never trusted.
final class IndexSealTests: XCTestCase {
    private let testKey = IndexSealKey(k0: 0x0706_0504_0302_0100, k1: 0x0F0E_0D0C_0B0A_0908)
    private let otherKey = IndexSealKey(k0: 1, k1: 2)

    private let deck = """
        # Forms

        Q: Alpha question
        A: alpha answer

        Q: Beta question
        A: beta answer

        R: A card asked both ways
        A: its other side

        <!-- id: pinned-basic -->
        Q: A pinned basic card
        A: two

        C: A cloze of [one] and [two] here

        <!-- id: pinned-cloze -->
        C: A pinned [cloze]
        """

    /// SipHash-1-3 with the key 00 01 … 0f over the bytes 00 01 … (n - 1), as the reference
    /// implementation gives it (the 2-4 variant of 15 bytes is the paper's a129ca6149be45e5).
    func testSipHashMatchesTheReferenceValues() {
        let expected: [(Int, UInt64)] = [
            (0, 0xABAC_0158_050F_C4DC), (1, 0xC9F4_9BF3_7D57_CA93), (7, 0xD392_7D98_9BB1_1140),
            (8, 0x3690_9511_8D29_9A8E), (15, 0xD320_D86D_2A51_9956), (16, 0xCC4F_DD1A_7D90_8B66),
            (63, 0x9D19_9062_B7BB_B3A8),
        ]
        for (count, value) in expected {
            let bytes = (0..<count).map { UInt8($0) }
            XCTAssertEqual(bytes.withUnsafeBytes { SipHash.hash13($0, key: testKey) }, value, "\(count) bytes")
        }
    }

    func testTheZeroedWordHashesAsZeros() {
        var bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let skipping = bytes.withUnsafeBytes { SipHash.hash13($0, key: testKey, zeroedWord: 16) }
        let whole = bytes.withUnsafeBytes { SipHash.hash13($0, key: testKey) }
        bytes.replaceSubrange(16..<24, with: repeatElement(0, count: 8))
        XCTAssertEqual(skipping, bytes.withUnsafeBytes { SipHash.hash13($0, key: testKey) })
        XCTAssertNotEqual(skipping, whole)
    }

    func testTheKeyFileIsMadeOnceForItsOwnerAlone() throws {
        let folder = try Fixtures.temporaryFolder(self).appendingPathComponent("state/cardbox")
        let path = folder.appendingPathComponent("index-seal.key").path
        let made = try XCTUnwrap(IndexSealKey.loadOrCreate(at: path))
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(info.st_size, 16)
        XCTAssertEqual(IndexSealKey.loadOrCreate(at: path), made, "the key is kept, not made again")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["index-seal.key"])
        XCTAssertNotEqual(made, testKey)
    }

    func testAKeyFileOthersCouldReadOrOfTheWrongSizeIsNotUsedNorReplaced() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let open = folder.appendingPathComponent("open.key").path
        XCTAssertTrue(FileManager.default.createFile(atPath: open, contents: Data(repeating: 7, count: 16)))
        XCTAssertEqual(chmod(open, 0o644), 0)
        XCTAssertNil(IndexSealKey.loadOrCreate(at: open))
        XCTAssertEqual(FileBytes.read(open), [UInt8](repeating: 7, count: 16), "the file is left as it was")
        let short = folder.appendingPathComponent("short.key").path
        XCTAssertTrue(FileManager.default.createFile(atPath: short, contents: Data(repeating: 7, count: 15)))
        XCTAssertEqual(chmod(short, 0o600), 0)
        XCTAssertNil(IndexSealKey.loadOrCreate(at: short))
        let good = folder.appendingPathComponent("good.key").path
        XCTAssertNotNil(IndexSealKey.loadOrCreate(at: good))
        let link = folder.appendingPathComponent("link.key").path
        XCTAssertEqual(symlink(good, link), 0)
        XCTAssertNil(IndexSealKey.loadOrCreate(at: link), "a link is not followed")
    }

    private struct Setup {
        var file: String
        var entry: String
        var bytes: [UInt8]
        var fresh: CardCollection
        var folder: URL
    }

    /// The deck written, loaded without a cache, and its entry written by a cache sealing with `testKey`.
    private func makeSetup() throws -> Setup {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md").path
        try deck.write(toFile: file, atomically: true, encoding: .utf8)
        let fresh = ContentLoader.load(paths: [file])
        XCTAssertEqual(fresh.diagnostics, [])
        let cache = cache(folder, testKey)
        _ = ContentLoader.load(paths: [file], cache: cache)
        let entry = cache.entryPath(for: file)
        XCTAssertTrue(FileManager.default.fileExists(atPath: entry))
        return Setup(
            file: file, entry: entry, bytes: try XCTUnwrap(FileBytes.read(file)), fresh: fresh, folder: folder)
    }

    private func cache(_ folder: URL, _ key: IndexSealKey?) -> DeckIndexCache {
        DeckIndexCache(folder: folder.appendingPathComponent("cache").path, sealKey: key)
    }

    private func isSealed(_ entry: String, under key: IndexSealKey?) -> Bool? {
        DeckIndexCache.readMain(entry, limit: .max, key: key) { $0.sealed }
    }

    private func assertSameCards(_ loaded: CardCollection, _ fresh: CardCollection, line: UInt = #line) {
        XCTAssertEqual(loaded.cards, fresh.cards, line: line)
        XCTAssertEqual(loaded.cards.map(\.key), fresh.cards.map(\.key), line: line)
        XCTAssertEqual(loaded.cards.map(\.question.plainText), fresh.cards.map(\.question.plainText), line: line)
        XCTAssertEqual(loaded.diagnostics, fresh.diagnostics, line: line)
    }

    func testASealedEntryReadsBackTheSameCardsUnderItsKeyAndIsCheckedUnderAnother() throws {
        let setup = try makeSetup()
        XCTAssertEqual(isSealed(setup.entry, under: testKey), true)
        XCTAssertEqual(isSealed(setup.entry, under: otherKey), false, "another key finds no seal: keys are checked")
        XCTAssertEqual(isSealed(setup.entry, under: nil), false)
        for key in [testKey, otherKey, nil] {
            let cache = cache(setup.folder, key)
            let remembered = try XCTUnwrap(
                cache.load(path: setup.file, content: setup.bytes, contentHash: FastHash.hash(setup.bytes)))
            XCTAssertEqual(remembered.cardList.count, setup.fresh.cards.count)
            assertSameCards(ContentLoader.load(paths: [setup.file], cache: cache), setup.fresh)
        }
    }

    func testAnEntryWrittenWithoutAKeyIsNotSealed() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md").path
        try deck.write(toFile: file, atomically: true, encoding: .utf8)
        let unkeyed = cache(folder, nil)
        _ = ContentLoader.load(paths: [file], cache: unkeyed)
        XCTAssertEqual(isSealed(unkeyed.entryPath(for: file), under: testKey), false)
        assertSameCards(
            ContentLoader.load(paths: [file], cache: cache(folder, testKey)), ContentLoader.load(paths: [file]))
    }

    /// Two cards' keys swapped in place (same length), the checksum made valid: no seal is right,
    /// so the key check refuses the entry and the file is parsed.
    func testSwappedKeysWithAValidChecksumAreRefusedUnderTheKey() throws {
        let setup = try makeSetup()
        let good = try XCTUnwrap(FileBytes.read(setup.entry))
        let alpha = Array(try XCTUnwrap(setup.fresh.cards.first { $0.normalizedQuestion == "alpha question" }).key.utf8)
        let beta = Array(try XCTUnwrap(setup.fresh.cards.first { $0.normalizedQuestion == "beta question" }).key.utf8)
        XCTAssertEqual(alpha.count, beta.count)
        var body = Array(good.dropLast(8))
        func offset(of key: [UInt8]) throws -> Int {
            try XCTUnwrap((0..<(body.count - key.count)).first { body[$0..<($0 + key.count)].elementsEqual(key) })
        }
        let (a, b) = (try offset(of: alpha), try offset(of: beta))
        body.replaceSubrange(a..<(a + alpha.count), with: beta)
        body.replaceSubrange(b..<(b + beta.count), with: alpha)
        XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: DeckIndexCodec.sealed(body)))
        XCTAssertEqual(isSealed(setup.entry, under: testKey), false)
        let keyed = cache(setup.folder, testKey)
        XCTAssertNil(keyed.load(path: setup.file, content: setup.bytes, contentHash: FastHash.hash(setup.bytes)))
        assertSameCards(ContentLoader.load(paths: [setup.file], cache: keyed), setup.fresh)
        XCTAssertEqual(isSealed(setup.entry, under: testKey), true, "the entry is written again, sealed")
        // Sealed again with another key (as whatever holds only the index folder could): refused too.
        XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: DeckIndexCodec.sealed(body, key: otherKey)))
        XCTAssertNil(keyed.load(path: setup.file, content: setup.bytes, contentHash: FastHash.hash(setup.bytes)))
        assertSameCards(ContentLoader.load(paths: [setup.file], cache: keyed), setup.fresh)
    }

    /// An entry sealed again (as a start does when it records a deck file's new `stat`) has a checksum
    /// over its new seal: read without that key, it is checked in full and still taken.
    func testAnEntrySealedAgainKeepsAChecksumOverItsNewSeal() throws {
        let setup = try makeSetup()
        let good = try XCTUnwrap(FileBytes.read(setup.entry))
        let resealed = DeckIndexCodec.sealed(Array(good.dropLast(8)), key: otherKey)
        XCTAssertNotEqual(resealed, good)
        XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: resealed))
        XCTAssertEqual(isSealed(setup.entry, under: otherKey), true)
        let remembered = try XCTUnwrap(
            cache(setup.folder, nil).load(
                path: setup.file, content: setup.bytes, contentHash: FastHash.hash(setup.bytes)))
        XCTAssertEqual(remembered.cardList.count, setup.fresh.cards.count)
    }

    /// Crafted through the codec with other keys: an entry encoded without the key, or with another
    /// key, is refused under the key.
    func testACraftedEntryEncodedWithoutTheKeyIsRefused() throws {
        let setup = try makeSetup()
        let hash = FastHash.hash(setup.bytes)
        var file = try XCTUnwrap(
            DeckIndexCodec.decode(
                try XCTUnwrap(FileBytes.read(setup.entry)), entryPath: setup.entry, path: setup.file,
                content: setup.bytes, contentHash: hash, stamp: BuildStamp.current))
        var items = file.items
        let basics = items.enumerated().compactMap { index, item -> (Int, Int, Card)? in
            guard case let .cards(line, cards) = item, cards.count == 1, cards[0].kind == .basic else { return nil }
            return (index, line, cards[0])
        }
        var first = basics[0].2
        var second = basics[1].2
        swap(&first.key, &second.key)
        items[basics[0].0] = .cards(line: basics[0].1, [first])
        items[basics[1].0] = .cards(line: basics[1].1, [second])
        file.items = items
        let keyed = cache(setup.folder, testKey)
        for key in [nil, otherKey] {
            let crafted = try XCTUnwrap(
                DeckIndexCodec.encode(
                    file, contentHash: hash, contentLength: setup.bytes.count, stamp: BuildStamp.current, sealKey: key))
            XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: crafted))
            XCTAssertEqual(isSealed(setup.entry, under: testKey), false)
            XCTAssertNil(keyed.load(path: setup.file, content: setup.bytes, contentHash: hash))
            assertSameCards(ContentLoader.load(paths: [setup.file], cache: keyed), setup.fresh)
        }
    }

    /// A byte changed anywhere before the search texts: the seal is wrong and so is the checksum.
    func testADamagedSealedEntryIsRefused() throws {
        let setup = try makeSetup()
        let good = try XCTUnwrap(FileBytes.read(setup.entry))
        let searchStart = try XCTUnwrap(good.withUnsafeBytes { DeckIndexCodec.Header($0) }).searchStart
        let keyed = cache(setup.folder, testKey)
        for index in stride(from: 0, to: searchStart, by: 7) {
            var damaged = good
            damaged[index] ^= 0x20
            XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: damaged))
            XCTAssertNil(
                keyed.load(path: setup.file, content: setup.bytes, contentHash: FastHash.hash(setup.bytes)),
                "byte \(index)")
        }
        XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: good))
        XCTAssertNotNil(keyed.load(path: setup.file, content: setup.bytes, contentHash: FastHash.hash(setup.bytes)))
    }
}
