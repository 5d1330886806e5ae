import Foundation
import XCTest

@testable import CardboxEngine

/// The deck index cache gives the same collection as parsing, is used only for unchanged files,
/// and survives damaged or unwritable cache folders.
final class DeckIndexCacheTests: XCTestCase {
    private let deck = """
        ---
        title: Cached
        ---
        # One

        Q: First question
        A: First answer

        C: A cloze with [two] [gaps]

        ## Two

        Q: Needs an answer

        Q: First question
        A: A duplicate, reported

        Q: Last question
        A: Last answer
        """

    private func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    private func assertSame(
        _ a: CardCollection, _ b: CardCollection, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(a.nodes, b.nodes, file: file, line: line)
        XCTAssertEqual(a.cards, b.cards, file: file, line: line)
        XCTAssertEqual(a.diagnostics, b.diagnostics, file: file, line: line)
        XCTAssertEqual(a.fileCount, b.fileCount, file: file, line: line)
    }

    func testASecondLoadReadsTheIndexAndGivesTheSameCollection() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        try write(deck, to: decks.appendingPathComponent("a.md"))
        try write("# Other\n\nQ: Elsewhere\nA: here\n", to: decks.appendingPathComponent("b.md"))
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)

        let fresh = ContentLoader.load(paths: [decks.path])
        let first = ContentLoader.load(paths: [decks.path], cache: cache)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.folder)
        XCTAssertEqual(entries.filter { $0.hasSuffix(".idx") }.count, 2)
        let second = ContentLoader.load(paths: [decks.path], cache: cache)
        assertSame(fresh, first)
        assertSame(fresh, second)
        XCTAssertEqual(second.cards.count, 5)
        XCTAssertEqual(second.diagnostics.map(\.description).sorted(), fresh.diagnostics.map(\.description).sorted())
        XCTAssertEqual(second.diagnostics.count, 2)

        let path = decks.appendingPathComponent("a.md").path
        let bytes = try XCTUnwrap(FileBytes.read(path))
        XCTAssertNotNil(
            cache.load(path: path, content: bytes, contentHash: FastHash.hash(bytes)), "the entry is current")
    }

    /// The duplicates found across files of one deck read from their entries are the ones parsing
    /// finds.
    func testDuplicatesAcrossFilesOfADeckAreFoundTheSameFromTheEntries() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        let shared = "---\ntitle: Shared\n---\n# T\n\nQ: Same question\nA: one\n\n<!-- id: pin -->\nQ: Pinned\nA: p\n"
        try write(shared, to: decks.appendingPathComponent("a.md"))
        try write(shared + "\nQ: Only here\nA: b\n", to: decks.appendingPathComponent("b.md"))
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let fresh = ContentLoader.load(paths: [decks.path])
        XCTAssertEqual(fresh.diagnostics.count, 2, fresh.diagnostics.map(\.description).joined(separator: "\n"))
        _ = ContentLoader.load(paths: [decks.path], cache: cache)
        assertSame(fresh, ContentLoader.load(paths: [decks.path], cache: cache))
        let path = decks.appendingPathComponent("b.md").path
        let bytes = try XCTUnwrap(FileBytes.read(path))
        XCTAssertNotNil(
            cache.load(path: path, content: bytes, contentHash: FastHash.hash(bytes)), "the entry is current")
    }

    func testAnEditedFileIsParsedAgainEvenWithTheSameSize() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md")
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        try write("Q: Capital of France?\nA: Paris\n", to: file)
        XCTAssertEqual(ContentLoader.load(paths: [file.path], cache: cache).cards[0].answer.plainText, "Paris")
        try write("Q: Capital of France?\nA: PARIS\n", to: file)
        let edited = ContentLoader.load(paths: [file.path], cache: cache)
        XCTAssertEqual(edited.cards[0].answer.plainText, "PARIS")
        try write("Q: Capital of Italy??\nA: PARIS\n", to: file)
        let again = ContentLoader.load(paths: [file.path], cache: cache)
        XCTAssertEqual(again.cards[0].question.plainText, "Capital of Italy??")
        assertSame(again, ContentLoader.load(paths: [file.path]))
    }

    /// The deck file's content as `ContentLoader` keeps it for the first card of `collection`.
    private func content(of collection: CardCollection) throws -> DeckContent {
        guard case let .deferred(place) = try XCTUnwrap(collection.cards.first).sides else {
            throw XCTSkip("the card is not read from its file")
        }
        return place.source.content
    }

    /// Reads `bytes` as the content of `path` through `cache` as a start opened at `readAt` (ns since
    /// 1970) would, writing or updating the file's entry.
    private func remember(_ bytes: [UInt8], of path: String, readAt: Int64, cache: DeckIndexCache) {
        _ = ContentLoader.parse(bytes: bytes, path: path, cache: DeckIndexCache(folder: cache.folder, openedAt: readAt))
    }

    /// Writes an entry for `bytes` as the content of `path` that records the file's `stat` now, read
    /// at `readAt`, whatever the margin (as a crafted entry could).
    private func craft(_ bytes: [UInt8], of path: String, readAt: Int64, cache: DeckIndexCache) throws {
        var parsed = DeckParser.parse(bytes: bytes, path: path)
        XCTAssertTrue(DeckSource.deferSides(of: &parsed, bytes: bytes))
        let entry = try XCTUnwrap(
            DeckIndexCodec.encode(
                parsed, contentHash: FastHash.hash(bytes), contentLength: bytes.count, stamp: BuildStamp.current,
                fileStamp: try XCTUnwrap(FileStamp(path)), readAt: readAt))
        try FileManager.default.createDirectory(atPath: cache.folder, withIntermediateDirectories: true)
        XCTAssertTrue(FileBytes.writeReplacing(cache.entryPath(for: path), with: entry))
    }

    /// The latest of the file's modification and change times (ns).
    private func lastWrite(_ path: String) throws -> Int64 {
        let file = try XCTUnwrap(FileStamp(path))
        return max(file.modified, file.changed)
    }

    func testAnUnchangedFileIsNotReadAndAnEditKeepingSizeMtimeAndInodeIsNotMissed() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("deck.md").path
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        try write("Q: Capital of France?\nA: Paris\n", to: URL(fileURLWithPath: path))
        // As a start well after the file's last write would record it.
        let bytes = try XCTUnwrap(FileBytes.read(path))
        remember(bytes, of: path, readAt: try lastWrite(path) + 10_000_000_000, cache: cache)
        let unread = ContentLoader.load(paths: [path], cache: cache)
        XCTAssertTrue(try content(of: unread).isUnread, "an unchanged file is read from its entry alone")
        XCTAssertEqual(unread.cards[0].normalizedQuestion, "capital of france?")
        XCTAssertEqual(unread.cards[0].answer.plainText, "Paris", "its bytes are read when a card is shown")
        XCTAssertFalse(try content(of: unread).isUnread)
        XCTAssertEqual(unread.cards, ContentLoader.load(paths: [path]).cards)

        // The same size, the same mtime to the nanosecond and the same inode: only the ctime, which
        // no tool can set, tells the edit.
        let before = try XCTUnwrap(FileStamp(path))
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        let edited = Array("Q: Capital of France?\nA: PARIS\n".utf8)
        XCTAssertEqual(edited.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }, edited.count)
        close(descriptor)
        var times = [info.st_atim, info.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        let after = try XCTUnwrap(FileStamp(path))
        XCTAssertEqual([after.size, after.modified], [before.size, before.modified])
        XCTAssertEqual(after.inode, before.inode)
        let reloaded = ContentLoader.load(paths: [path], cache: cache)
        XCTAssertEqual(reloaded.cards[0].answer.plainText, "PARIS")
    }

    func testAFileReadWithinTheRacyMarginOfItsLastWriteIsHashedAtTheNextStart() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("deck.md").path
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        try write("Q: One\nA: first\n", to: URL(fileURLWithPath: path))
        // Entries for other content of the same size recorded with the file's stat now: what a write
        // in the same clock tick as the read that made the entry would leave.
        let other = Array("Q: Two\nA: first\n".utf8)
        let written = try lastWrite(path)
        try craft(other, of: path, readAt: written + 1_000_000_000, cache: cache)
        let hashed = ContentLoader.load(paths: [path], cache: cache)
        XCTAssertEqual(hashed.cards.map(\.normalizedQuestion), ["one"], "a racily recorded stat is not trusted")
        // Recorded safely after the write, the same stat is trusted: the margin is what decides.
        try craft(other, of: path, readAt: written + DeckIndexCache.racyMargin + 1_000_000_000, cache: cache)
        XCTAssertEqual(ContentLoader.load(paths: [path], cache: cache).cards.map(\.normalizedQuestion), ["two"])
        XCTAssertTrue(DeckIndexCache.isSafelyOlder(try XCTUnwrap(FileStamp(path)), than: written + 2_000_000_001))
        XCTAssertFalse(DeckIndexCache.isSafelyOlder(try XCTUnwrap(FileStamp(path)), than: written + 2_000_000_000))
    }

    func testAnEntryRecordedTooSoonIsWrittenAgainOnceTheFileIsSafelyOlder() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("deck.md").path
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        try write(deck, to: URL(fileURLWithPath: path))
        let bytes = try XCTUnwrap(FileBytes.read(path))
        let written = try lastWrite(path)
        try craft(bytes, of: path, readAt: written, cache: cache)
        XCTAssertFalse(try content(of: ContentLoader.load(paths: [path], cache: cache)).isUnread)
        // A start too soon after the write records no stat; a later one reads and hashes the file,
        // finds the entry current and records its stat anew.
        remember(bytes, of: path, readAt: written + 1_000_000_000, cache: cache)
        XCTAssertFalse(try content(of: ContentLoader.load(paths: [path], cache: cache)).isUnread)
        remember(bytes, of: path, readAt: written + 10_000_000_000, cache: cache)
        let unread = ContentLoader.load(paths: [path], cache: cache)
        XCTAssertTrue(try content(of: unread).isUnread)
        assertSame(unread, ContentLoader.load(paths: [path]))
        XCTAssertEqual(unread.cards.map(\.searchText), ContentLoader.load(paths: [path]).cards.map(\.searchText))
    }

    func testAFileChangedAfterAnUnreadStartShowsANoticeNotTheNewText() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("deck.md").path
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        try write("Q: Capital of France?\nA: Paris\n", to: URL(fileURLWithPath: path))
        remember(
            try XCTUnwrap(FileBytes.read(path)), of: path, readAt: try lastWrite(path) + 10_000_000_000, cache: cache)
        let unread = ContentLoader.load(paths: [path], cache: cache)
        XCTAssertTrue(try content(of: unread).isUnread)
        // Changed before any card was shown: the bytes no longer hash to what the cards were read from.
        try write("Q: Capital of Spain??\nA: Madrid\n", to: URL(fileURLWithPath: path))
        XCTAssertTrue(unread.cards[0].answer.plainText.contains("could not be read"), unread.cards[0].answer.plainText)
        XCTAssertEqual(unread.cards[0].searchText, "", "no search text from other content")
        XCTAssertEqual(ContentLoader.load(paths: [path], cache: cache).cards[0].answer.plainText, "Madrid")
    }

    func testEveryKindOfCardAndPinnedIDIsReadFromTheIndex() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md")
        try write(
            """
            # Forms

            Q: A basic card
            A: one

            R: A card asked both ways
            A: its other side

            <!-- id: pinned-reverse -->
            R: A pinned card asked both ways
            A: the pinned other side

            <!-- id: pinned-basic -->
            Q: A pinned basic card
            A: two

            C: A cloze of [ten] [gaps] [here] and [there], [one] [two] [three] [four] [five] [six]

            <!-- id: pinned-cloze -->
            C: A pinned [cloze]
            """, to: file)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let fresh = ContentLoader.load(paths: [file.path])
        XCTAssertEqual(fresh.diagnostics, [])
        XCTAssertTrue(
            Set(fresh.cards.map(\.key)).isSuperset(of: ["pinned-reverse", "pinned-reverse-r", "pinned-basic"]))
        _ = ContentLoader.load(paths: [file.path], cache: cache)
        let bytes = try XCTUnwrap(FileBytes.read(file.path))
        let remembered = try XCTUnwrap(
            cache.load(path: file.path, content: bytes, contentHash: FastHash.hash(bytes)),
            "an entry with reverse cards, ten gaps and pinned ids is used")
        XCTAssertEqual(remembered.items.count, 7, "a heading and six cards' items")
        assertSame(fresh, ContentLoader.load(paths: [file.path], cache: cache))
    }

    func testADamagedEntryIsIgnoredAndWrittenAgain() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md")
        try write(deck, to: file)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let fresh = ContentLoader.load(paths: [file.path], cache: cache)
        let entry = cache.entryPath(for: file.path)
        let good = try XCTUnwrap(FileBytes.read(entry))
        let bytes = try XCTUnwrap(FileBytes.read(file.path))
        let hash = FastHash.hash(bytes)

        // Every truncation and a flipped byte anywhere are refused, never trusted or crashed on.
        for length in 0..<good.count {
            XCTAssertNil(
                DeckIndexCodec.decode(
                    Array(good[..<length]), entryPath: entry, path: file.path, content: bytes, contentHash: hash,
                    stamp: BuildStamp.current))
        }
        // A flipped byte before the search texts refuses the entry; one in them, its search texts
        // (read on the first search, and then made again from the deck file).
        let searchStart = try XCTUnwrap(good.withUnsafeBytes { DeckIndexCodec.Header($0) }).searchStart
        XCTAssertNotNil(
            DeckIndexCodec.searchTexts(in: good, path: file.path, contentHash: hash, stamp: BuildStamp.current))
        for index in stride(from: 0, to: good.count, by: 7) {
            var damaged = good
            damaged[index] ^= 0x5A
            if index < searchStart || index >= good.count - 8 {
                XCTAssertNil(
                    DeckIndexCodec.decode(
                        damaged, entryPath: entry, path: file.path, content: bytes, contentHash: hash,
                        stamp: BuildStamp.current))
            }
            XCTAssertNil(
                DeckIndexCodec.searchTexts(in: damaged, path: file.path, contentHash: hash, stamp: BuildStamp.current))
        }
        XCTAssertNil(
            DeckIndexCodec.decode(
                good, entryPath: entry, path: file.path, content: bytes, contentHash: hash,
                stamp: BuildStamp.current &+ 1),
            "an entry from another build")
        XCTAssertNil(
            DeckIndexCodec.decode(
                good, entryPath: entry, path: file.path + "x", content: bytes, contentHash: hash,
                stamp: BuildStamp.current),
            "an entry for another path")

        var damaged = good
        damaged[searchStart / 2] ^= 0xFF
        XCTAssertTrue(FileBytes.writeReplacing(entry, with: damaged))
        assertSame(fresh, ContentLoader.load(paths: [file.path], cache: cache))
        // The same entry, but for when the file was read (its stamp and read time) and so its checksum.
        let replaced = try XCTUnwrap(FileBytes.read(entry))
        XCTAssertEqual(
            replaced[72..<(replaced.count - 8)], good[72..<(good.count - 8)], "the damaged entry was replaced")
        XCTAssertNotNil(
            DeckIndexCodec.decode(
                replaced, entryPath: entry, path: file.path, content: bytes, contentHash: hash,
                stamp: BuildStamp.current))
    }

    func testAnEntryFileCutShortAnywhereIsRefusedThroughItsMapping() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md")
        try write(deck, to: file)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        _ = ContentLoader.load(paths: [file.path], cache: cache)
        let entry = cache.entryPath(for: file.path)
        let good = try XCTUnwrap(FileBytes.read(entry))
        let searchStart = try XCTUnwrap(good.withUnsafeBytes { DeckIndexCodec.Header($0) }).searchStart
        XCTAssertEqual(
            DeckIndexCache.readMain(entry, limit: .max) { Array($0.main) }, Array(good[..<searchStart]),
            "the mapped bytes are the entry's, up to its search texts")
        // The file itself cut short (not a copy in memory): refused, never read past its end.
        let cut = folder.appendingPathComponent("cut.idx").path
        for length in 0..<good.count {
            XCTAssertTrue(FileBytes.writeReplacing(cut, with: Array(good[..<length])))
            XCTAssertNil(DeckIndexCache.readMain(cut, limit: .max) { _ in true }, "cut to \(length) bytes")
        }
    }

    func testAMappingIsRefusedBeyondTheEndOfItsFileAndKeepsTheBytesAskedFor() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("bytes").path
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        XCTAssertTrue(FileBytes.writeReplacing(path, with: bytes))
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        XCTAssertEqual(FileMapping(descriptor, count: 5000).map { Array($0.bytes) }, bytes)
        XCTAssertEqual(FileMapping(descriptor, count: 10).map { Array($0.bytes) }, Array(bytes[..<10]))
        // Pages past the end would be mapped, but reading them would end the process: refused.
        XCTAssertNil(FileMapping(descriptor, count: 5001))
        XCTAssertNil(FileMapping(descriptor, count: 8192))
        XCTAssertNil(FileMapping(descriptor, count: 0))
        // What is kept of a mapping is the same bytes, whichever pages its ends fall in.
        for range in [0..<10, 4000..<4200, 4096..<5000, 10..<4096, 0..<5000, 4999..<5000] {
            let mapping = try XCTUnwrap(FileMapping(descriptor, count: 5000))
            let kept = TableBytes(mapping, bytes: mapping.keepOnly(range))
            XCTAssertEqual(kept.withUnsafeBytes { Array($0) }, Array(bytes[range]))
        }
    }

    func testSearchTextIsReadFromTheEntryOrMadeAgainWhenTheEntryIsGone() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md")
        try write(deck + "\n\nQ: Ünïcödé and ＦＵＬＬＷＩＤＴＨ\nA: **Bold** answer\n", to: file)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let expected = ContentLoader.load(paths: [file.path]).cards.map(\.searchText)
        XCTAssertTrue(expected.contains { $0.contains("unicode and fullwidth") }, "\(expected)")

        // First load: texts written to the entry and let go; second: never loaded until asked.
        let cold = ContentLoader.load(paths: [file.path], cache: cache)
        let warm = ContentLoader.load(paths: [file.path], cache: cache)
        XCTAssertEqual(cold.cards.map(\.searchText), expected)
        let entry = cache.entryPath(for: file.path)
        try FileManager.default.removeItem(atPath: entry)
        XCTAssertEqual(warm.cards.map(\.searchText), expected, "made again from the bytes held")

        // An entry replaced by one for other content is not used either.
        let replaced = ContentLoader.load(paths: [file.path], cache: cache)
        try write("Q: Something else entirely\nA: yes\n", to: file)
        _ = ContentLoader.load(paths: [file.path], cache: cache)
        XCTAssertEqual(replaced.cards.map(\.searchText), expected)
    }

    func testAnUnusableCacheFolderOnlyCostsSpeed() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("deck.md")
        try write(deck, to: file)
        let blocker = folder.appendingPathComponent("not-a-folder")
        try write("a file where the cache folder would be", to: blocker)
        let cache = DeckIndexCache(folder: blocker.appendingPathComponent("index").path)
        assertSame(ContentLoader.load(paths: [file.path]), ContentLoader.load(paths: [file.path], cache: cache))
        assertSame(ContentLoader.load(paths: [file.path]), ContentLoader.load(paths: [file.path], cache: cache))
    }

    func testFilesThatKeepTheirTextAreNotCached() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let file = folder.appendingPathComponent("refs.md")
        try write("Q: See [docs][d]\nA: ok\n\n[d]: https://example.com\n", to: file)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let loaded = ContentLoader.load(paths: [file.path], cache: cache)
        XCTAssertEqual(loaded.cards.count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.entryPath(for: file.path)))
    }

    func testTheDefaultFolderFollowsXDG() {
        XCTAssertEqual(
            DeckIndexCache.defaultFolder(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]), "/c/cardbox/index")
        XCTAssertEqual(
            DeckIndexCache.defaultFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]),
            "/h/.cache/cardbox/index")
        XCTAssertEqual(DeckIndexCache.defaultFolder(environment: ["HOME": "/h"]), "/h/.cache/cardbox/index")
    }
}
