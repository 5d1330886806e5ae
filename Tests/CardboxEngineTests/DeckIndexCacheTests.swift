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
        for index in stride(from: 0, to: good.count, by: 7) {
            var damaged = good
            damaged[index] ^= 0x5A
            XCTAssertNil(
                DeckIndexCodec.decode(
                    damaged, entryPath: entry, path: file.path, content: bytes, contentHash: hash,
                    stamp: BuildStamp.current))
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
        damaged[damaged.count / 2] ^= 0xFF
        XCTAssertTrue(FileBytes.writeReplacing(entry, with: damaged))
        assertSame(fresh, ContentLoader.load(paths: [file.path], cache: cache))
        XCTAssertEqual(FileBytes.read(entry), good, "the damaged entry was replaced")
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
