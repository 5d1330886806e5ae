import Foundation
import XCTest

@testable import CardboxEngine

/// Index entries are only a shortcut: one crafted with a valid checksum (huge, keys swapped, places
/// swapped, rows no writer makes) is never trusted into a crash or into another card's text, and entries no start can use
/// are removed.
final class CraftedIndexEntryTests: XCTestCase {
    private let deck =
        "# T\n\nQ: Alpha question\nA: alpha answer\n\nQ: Beta question\nA: beta answer\n\nC: A [cloze] here\n"

    private struct Setup {
        var file: String
        var cache: DeckIndexCache
        var entry: String
        var bytes: [UInt8]
        var fresh: CardCollection
    }

    private func setUp(_ test: XCTestCase) throws -> Setup {
        let folder = try Fixtures.temporaryFolder(test)
        let file = folder.appendingPathComponent("deck.md").path
        try deck.write(toFile: file, atomically: true, encoding: .utf8)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let fresh = ContentLoader.load(paths: [file], cache: cache)
        let entry = cache.entryPath(for: file)
        XCTAssertTrue(FileManager.default.fileExists(atPath: entry))
        return Setup(file: file, cache: cache, entry: entry, bytes: try XCTUnwrap(FileBytes.read(file)), fresh: fresh)
    }

    /// The entry as decoded, changed by `change`, and encoded again with a valid checksum.
    private func craft(_ setup: Setup, _ change: (inout [ParsedDeckFile.Item]) -> Void) throws -> [UInt8] {
        let good = try XCTUnwrap(FileBytes.read(setup.entry))
        let hash = FastHash.hash(setup.bytes)
        var file = try XCTUnwrap(
            DeckIndexCodec.decode(
                good, entryPath: setup.entry, path: setup.file, content: setup.bytes, contentHash: hash,
                stamp: BuildStamp.current))
        change(&file.items)
        return try XCTUnwrap(
            DeckIndexCodec.encode(file, contentHash: hash, contentLength: setup.bytes.count, stamp: BuildStamp.current))
    }

    private func basicCards(_ items: [ParsedDeckFile.Item]) -> [(index: Int, line: Int, card: Card)] {
        items.enumerated().compactMap { index, item in
            guard case let .cards(line, cards) = item, cards.count == 1, cards[0].kind == .basic else { return nil }
            return (index, line, cards[0])
        }
    }

    func testSwappedKeysAreRefused() throws {
        let setup = try setUp(self)
        let crafted = try craft(setup) { items in
            let basics = basicCards(items)
            var first = basics[0].card
            var second = basics[1].card
            swap(&first.key, &second.key)
            items[basics[0].index] = .cards(line: basics[0].line, [first])
            items[basics[1].index] = .cards(line: basics[1].line, [second])
        }
        XCTAssertNil(
            DeckIndexCodec.decode(
                crafted, entryPath: setup.entry, path: setup.file, content: setup.bytes,
                contentHash: FastHash.hash(setup.bytes), stamp: BuildStamp.current))
        XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: crafted))
        let loaded = ContentLoader.load(paths: [setup.file], cache: setup.cache)
        XCTAssertEqual(loaded.cards, setup.fresh.cards)
        XCTAssertEqual(loaded.cards.map(\.question.plainText), setup.fresh.cards.map(\.question.plainText))
    }

    func testSwappedPlacesShowANoticeNotAnotherCardsTextAndDropTheEntry() throws {
        let setup = try setUp(self)
        let crafted = try craft(setup) { items in
            let basics = basicCards(items)
            guard case let .deferred(a) = basics[0].card.sides, case let .deferred(b) = basics[1].card.sides else {
                return XCTFail("cards are not deferred")
            }
            var first = basics[0].card
            var second = basics[1].card
            first.sides = .deferred(
                DeferredSides(
                    source: a.source, start: b.start, end: b.end, gap: 0, normalizedStart: a.normalizedStart,
                    normalizedEnd: a.normalizedEnd, searchStart: a.searchStart, searchEnd: a.searchEnd))
            second.sides = .deferred(
                DeferredSides(
                    source: b.source, start: a.start, end: a.end, gap: 0, normalizedStart: b.normalizedStart,
                    normalizedEnd: b.normalizedEnd, searchStart: b.searchStart, searchEnd: b.searchEnd))
            items[basics[0].index] = .cards(line: basics[0].line, [first])
            items[basics[1].index] = .cards(line: basics[1].line, [second])
        }
        XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: crafted))
        let loaded = ContentLoader.load(paths: [setup.file], cache: setup.cache)
        let alpha = try XCTUnwrap(loaded.cards.first { $0.normalizedQuestion == "alpha question" })
        XCTAssertNotEqual(alpha.question.plainText, "Beta question", "another card's text under this card's key")
        XCTAssertNotEqual(alpha.answer.plainText, "beta answer")
        XCTAssertTrue(alpha.question.plainText.contains("could not be read"), alpha.question.plainText)
        XCTAssertFalse(FileManager.default.fileExists(atPath: setup.entry), "the entry that lied is removed")
        let again = ContentLoader.load(paths: [setup.file], cache: setup.cache)
        XCTAssertEqual(again.cards.map(\.question.plainText), setup.fresh.cards.map(\.question.plainText))
    }

    func testCountsAreBoundedByWhatTheEntrysBytesCanHold() throws {
        let setup = try setUp(self)
        let body = Array(try XCTUnwrap(FileBytes.read(setup.entry)).dropLast(8))
        let hash = FastHash.hash(setup.bytes)
        XCTAssertNotNil(
            DeckIndexCodec.decode(
                DeckIndexCodec.sealed(body), entryPath: setup.entry, path: setup.file, content: setup.bytes,
                contentHash: hash, stamp: BuildStamp.current),
            "sealing again keeps a sound entry sound")
        // Where the entry's counts sit: the diagnostics', the headings' and the rows'.
        var counts: [Int] = []
        try body.withUnsafeBytes { bytes in
            var reader = ByteReader(bytes, offset: DeckIndexCodec.fixedHeaderSize)
            _ = try reader.stringBytes()
            if try reader.u8() == 1 { _ = try reader.stringBytes() }
            counts.append(reader.offset)
            for _ in 0..<(try reader.u32()) {
                _ = try reader.u32()
                _ = try reader.u8()
                _ = try reader.stringBytes()
            }
            counts.append(reader.offset)
            XCTAssertGreaterThan(try reader.u32(), 0, "the deck has headings")
            reader = ByteReader(bytes, offset: counts[1])
            for _ in 0..<(try reader.u32()) {
                _ = try reader.u8()
                _ = try reader.u32()
                _ = try reader.u32()
                _ = try reader.stringBytes()
            }
            _ = try reader.stringBytes()
            _ = try reader.stringBytes()
            counts.append(reader.offset)
            XCTAssertEqual(Int(try reader.u32()), setup.fresh.cards.count)
        }
        for offset in counts {
            // More than the bytes left could hold, fewer than the bytes left; and the largest count.
            for huge in [UInt32(body.count - offset - 100), UInt32.max] {
                var crafted = body
                withUnsafeBytes(of: huge.littleEndian) { crafted.replaceSubrange(offset..<(offset + 4), with: $0) }
                XCTAssertNil(
                    DeckIndexCodec.decode(
                        DeckIndexCodec.sealed(crafted), entryPath: setup.entry, path: setup.file, content: setup.bytes,
                        contentHash: hash, stamp: BuildStamp.current),
                    "a count of \(huge) at \(offset)")
            }
        }
    }

    func testRowsThatNoWriterMakesAreRefusedWhereTheyLie() throws {
        let setup = try setUp(self)
        let body = Array(try XCTUnwrap(FileBytes.read(setup.entry)).dropLast(8))
        // Where the first heading's card count and the rows sit.
        var headingCardsBefore = 0
        var rowsStart = 0
        try body.withUnsafeBytes { bytes in
            var reader = ByteReader(bytes, offset: DeckIndexCodec.fixedHeaderSize)
            _ = try reader.stringBytes()
            if try reader.u8() == 1 { _ = try reader.stringBytes() }
            for _ in 0..<(try reader.u32()) {
                _ = try reader.u32()
                _ = try reader.u8()
                _ = try reader.stringBytes()
            }
            XCTAssertEqual(try reader.u32(), 1, "one heading")
            _ = try reader.u8()
            _ = try reader.u32()
            headingCardsBefore = reader.offset
            _ = try reader.u32()
            _ = try reader.stringBytes()
            _ = try reader.stringBytes()
            _ = try reader.stringBytes()
            XCTAssertEqual(try reader.u32(), 3, "two basic cards and a cloze")
            rowsStart = DeckIndexCodec.rowsStart(after: reader.offset)
        }
        func field(_ row: Int, _ path: KeyPath<CardRow, UInt32>) -> Int {
            rowsStart + row * MemoryLayout<CardRow>.stride + MemoryLayout<CardRow>.offset(of: path)!
        }
        func formOffset(_ row: Int) -> Int {
            rowsStart + row * MemoryLayout<CardRow>.stride + MemoryLayout<CardRow>.offset(of: \CardRow.form)!
        }
        let changes: [(String, Int, UInt32)] = [
            ("a reverse card leading a marker", formOffset(1), 2),
            ("a second card of a basic card that is not its reverse", field(1, \.gap), 1),
            ("a cloze claiming a gap it does not have", field(2, \.gapCount), 2),
            ("a place past the file's end", field(0, \.end), UInt32(setup.bytes.count + 1)),
            ("an empty place", field(0, \.start), 10_000),
            ("keys out of order", field(1, \.keyEnd), 1),
            ("a question past the questions", field(2, \.normalizedEnd), 1 << 20),
            ("a search text past the search texts", field(2, \.searchEnd), 1 << 20),
            ("a heading after the last card", headingCardsBefore, 4),
        ]
        let hash = FastHash.hash(setup.bytes)
        XCTAssertNotNil(
            DeckIndexCodec.decode(
                DeckIndexCodec.sealed(body), entryPath: setup.entry, path: setup.file, content: setup.bytes,
                contentHash: hash, stamp: BuildStamp.current))
        for (what, offset, value) in changes {
            var crafted = body
            if offset == formOffset(1) {
                crafted[offset] = UInt8(value)
            } else {
                withUnsafeBytes(of: value.littleEndian) { crafted.replaceSubrange(offset..<(offset + 4), with: $0) }
            }
            let entry = DeckIndexCodec.sealed(crafted)
            XCTAssertNil(
                DeckIndexCodec.decode(
                    entry, entryPath: setup.entry, path: setup.file, content: setup.bytes, contentHash: hash,
                    stamp: BuildStamp.current), what)
            // Read through the cache (mapped, in place): refused, and the file parsed instead.
            XCTAssertTrue(FileBytes.writeReplacing(setup.entry, with: entry))
            let loaded = ContentLoader.load(paths: [setup.file], cache: setup.cache)
            XCTAssertEqual(loaded.cards, setup.fresh.cards, what)
            XCTAssertEqual(loaded.cards.map(\.question.plainText), setup.fresh.cards.map(\.question.plainText), what)
        }
    }

    func testAHugeSparseEntryIsNotRead() throws {
        let setup = try setUp(self)
        // 64 GB of nothing: reading it whole would need an allocation of that size.
        unlink(setup.entry)
        let descriptor = open(setup.entry, O_WRONLY | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        XCTAssertEqual(ftruncate(descriptor, 64 << 30), 0)
        close(descriptor)
        let loaded = ContentLoader.load(paths: [setup.file], cache: setup.cache)
        XCTAssertEqual(loaded.cards.map(\.question.plainText), setup.fresh.cards.map(\.question.plainText))
    }

    func testEntriesOfDeletedFilesOldBuildsAndStrayFilesAreRemoved() throws {
        let setup = try setUp(self)
        let folder = URL(fileURLWithPath: setup.file).deletingLastPathComponent()
        // An entry whose deck file is deleted.
        let gone = folder.appendingPathComponent("gone.md").path
        try "Q: soon gone\nA: yes\n".write(toFile: gone, atomically: true, encoding: .utf8)
        _ = ContentLoader.load(paths: [gone], cache: setup.cache)
        let goneEntry = setup.cache.entryPath(for: gone)
        XCTAssertTrue(FileManager.default.fileExists(atPath: goneEntry))
        unlink(gone)
        // An entry written by another build (its stamp differs).
        let other = folder.appendingPathComponent("other.md").path
        try "Q: other build\nA: yes\n".write(toFile: other, atomically: true, encoding: .utf8)
        _ = ContentLoader.load(paths: [other], cache: setup.cache)
        let otherEntry = setup.cache.entryPath(for: other)
        var bytes = try XCTUnwrap(FileBytes.read(otherEntry))
        bytes[8] ^= 0xFF
        XCTAssertTrue(FileBytes.writeReplacing(otherEntry, with: bytes))
        // A temporary file a killed writer left an hour ago, and one being written now.
        let oldTemporary = setup.cache.folder + "/0000000000000001.idx.tmp-1-2"
        let newTemporary = setup.cache.folder + "/0000000000000002.idx.tmp-1-2"
        try Data("x".utf8).write(to: URL(fileURLWithPath: oldTemporary))
        try Data("x".utf8).write(to: URL(fileURLWithPath: newTemporary))
        var times = [timeval(tv_sec: time(nil) - 3600, tv_usec: 0), timeval(tv_sec: time(nil) - 3600, tv_usec: 0)]
        XCTAssertEqual(utimes(oldTemporary, &times), 0)

        _ = ContentLoader.load(paths: [setup.file], cache: setup.cache)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: setup.cache.folder))
        XCTAssertEqual(
            left,
            [URL(fileURLWithPath: setup.entry).lastPathComponent, URL(fileURLWithPath: newTemporary).lastPathComponent]
        )
        XCTAssertFalse(left.contains(URL(fileURLWithPath: goneEntry).lastPathComponent))
        XCTAssertFalse(left.contains(URL(fileURLWithPath: otherEntry).lastPathComponent))
    }
}
