import Foundation
import XCTest

@testable import CardboxEngine

/// Cards read from a deck file are rows of the file's card table (`DeckSource`): they read the same
/// as cards made from values, stay small to copy, and become cards of their own when a field is set.
final class CardTableTests: XCTestCase {
    private let deck = """
        ---
        title: Tables
        ---
        # Topic

        Q: Alpha question
        A: alpha answer

        <!-- id: pinned-one -->
        R: Beta forward
        A: beta back

        ## Deeper

        C: A [first] and a [second] gap
        """

    private func load(_ test: XCTestCase) throws -> (fresh: CardCollection, warm: CardCollection, file: String) {
        let folder = try Fixtures.temporaryFolder(test)
        let file = folder.appendingPathComponent("deck.md").path
        try deck.write(toFile: file, atomically: true, encoding: .utf8)
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("cache").path)
        let fresh = ContentLoader.load(paths: [file], cache: cache)
        let warm = ContentLoader.load(paths: [file], cache: cache)
        return (fresh, warm, file)
    }

    func testCardsOfATableReadLikeCardsMadeFromValues() throws {
        let (fresh, warm, file) = try load(self)
        XCTAssertEqual(warm.cards.count, 5)
        XCTAssertEqual(warm.cards, fresh.cards)
        for card in warm.cards {
            guard case .stored = card.storage else { return XCTFail("\(card.key) is not a row of its file's table") }
            let copy = Card(
                key: card.key, deck: card.deck, topic: card.topic, kind: card.kind, source: card.source,
                sides: card.sides)
            XCTAssertEqual(copy, card)
            XCTAssertEqual(card.withKeyBytes { Array($0) }, Array(card.key.utf8))
            XCTAssertEqual(card.deck, "Tables")
            XCTAssertEqual(card.source.path, file)
        }
        XCTAssertEqual(warm.cards.map(\.key)[1...2], ["pinned-one", "pinned-one-r"])
        XCTAssertEqual(warm.cards.map(\.kind)[3...], [.cloze(gap: 0, gapCount: 2), .cloze(gap: 1, gapCount: 2)])
        XCTAssertEqual(warm.cards.map(\.source.line), [6, 10, 10, 15, 15])
        XCTAssertEqual(warm.cards.map(\.question.plainText), fresh.cards.map(\.question.plainText))
        XCTAssertEqual(warm.cards.map(\.answer.plainText), fresh.cards.map(\.answer.plainText))
        XCTAssertLessThanOrEqual(MemoryLayout<Card>.size, 16, "a card is a reference and two numbers")
    }

    func testSettingAFieldKeepsTheOthers() throws {
        let (_, warm, _) = try load(self)
        var card = warm.cards[3]
        let before = card
        card.key = "renamed"
        XCTAssertEqual(card.key, "renamed")
        XCTAssertEqual(card.kind, before.kind)
        XCTAssertEqual(card.source, before.source)
        XCTAssertEqual(card.normalizedQuestion, before.normalizedQuestion)
        XCTAssertEqual(card.question, before.question)
        XCTAssertEqual(card.topic, before.topic)
        XCTAssertEqual(warm.cards[3].key, before.key, "the table is not changed")
        var moved = warm.cards[0]
        moved.deck = "Elsewhere"
        XCTAssertEqual(moved.deck, "Elsewhere")
        XCTAssertEqual(moved.key, warm.cards[0].key)
        moved.topic = 42
        XCTAssertEqual(moved.topic, 42)
    }

    func testTableFilesGiveTheItemsTheyWereMadeFrom() throws {
        let bytes = Array(deck.utf8)
        let full = ContentLoader.fullParse(bytes: bytes, path: "deck.md")
        let structural = try XCTUnwrap(StructuralPass.parse(bytes: bytes, path: "deck.md"))
        XCTAssertNotNil(full.table)
        XCTAssertNotNil(structural.table)
        XCTAssertNil(StructuralCheck.mismatch(bytes, path: "deck.md"))
        let summary = structural.items.map { item -> String in
            switch item {
            case let .heading(level, title, line): "h\(level) \(title)@\(line)"
            case let .cards(line, cards): "\(cards.count)@\(line)"
            }
        }
        XCTAssertEqual(summary, ["h1 Topic@4", "1@6", "2@10", "h2 Deeper@13", "2@15"])
        let encoded = try XCTUnwrap(
            DeckIndexCodec.encode(structural, contentHash: 1, contentLength: bytes.count, stamp: 7))
        var fromItems = structural
        fromItems.items = structural.items
        XCTAssertNil(fromItems.table)
        XCTAssertEqual(
            DeckIndexCodec.encode(fromItems, contentHash: 1, contentLength: bytes.count, stamp: 7), encoded,
            "a table and the items it makes are written alike")
    }

    func testATableIsWrittenAsItsItemsAreWithDiagnosticsAndTheFilesStamp() throws {
        // A title-less file with problems reported, a CJK cloze, an item after the last heading.
        let bytes = Array(
            """
            Q: Lone question
            A: lone answer

            Q: No answer here

            # 見出し

            C: 東京は[日本]の[首都]です
            A: not for a cloze

            <!-- id: left-over -->
            """.utf8)
        let structural = try XCTUnwrap(StructuralPass.parse(bytes: bytes, path: "/decks/problems.md"))
        XCTAssertNotNil(structural.table)
        XCTAssertFalse(structural.diagnostics.isEmpty)
        let stamp = FileStamp(
            size: Int64(bytes.count), modified: 11, changed: 12, inode: 13, device: 14, isFolder: false)
        let encoded = try XCTUnwrap(
            DeckIndexCodec.encode(
                structural, contentHash: 3, contentLength: bytes.count, stamp: 9, fileStamp: stamp, readAt: 15))
        var fromItems = structural
        fromItems.items = structural.items
        XCTAssertEqual(
            DeckIndexCodec.encode(
                fromItems, contentHash: 3, contentLength: bytes.count, stamp: 9, fileStamp: stamp, readAt: 15),
            encoded)
        let decoded = try XCTUnwrap(
            DeckIndexCodec.decode(
                encoded, entryPath: "/cache/e.idx", path: "/decks/problems.md", content: bytes, contentHash: 3,
                stamp: 9))
        let key = IndexSealKey(k0: 0x0706_0504_0302_0100, k1: 0x0F0E_0D0C_0B0A_0908)
        let sealed = try XCTUnwrap(
            DeckIndexCodec.encode(
                structural, contentHash: 3, contentLength: bytes.count, stamp: 9, fileStamp: stamp, readAt: 15,
                sealKey: key))
        XCTAssertNotEqual(sealed, encoded)
        XCTAssertEqual(
            DeckIndexCodec.encode(
                fromItems, contentHash: 3, contentLength: bytes.count, stamp: 9, fileStamp: stamp, readAt: 15,
                sealKey: key),
            sealed, "sealed alike")
        XCTAssertEqual(decoded.diagnostics, structural.diagnostics)
        XCTAssertEqual(decoded.cardList.count, structural.cardList.count)
        // A marker that wrote no card (an empty cloze) keeps the file out of the index either way.
        let empty = Array("# T\n\nC: no gaps [ ] here\n".utf8)
        let emptyParse = try XCTUnwrap(StructuralPass.parse(bytes: empty, path: "empty.md"))
        XCTAssertNil(DeckIndexCodec.encode(emptyParse, contentHash: 1, contentLength: empty.count, stamp: 7))
        var emptyItems = emptyParse
        emptyItems.items = emptyParse.items
        XCTAssertNil(DeckIndexCodec.encode(emptyItems, contentHash: 1, contentLength: empty.count, stamp: 7))
    }

    func testAKeyMatchesOnlyTheHashOfItsQuestionInLowerCaseHex() throws {
        let question = Array("alpha question".utf8)
        let key = CardKey.basic(normalizedQuestion: "alpha question", pinnedID: nil)
        let content = DeckContent(path: "deck.md", bytes: Array("Q: Alpha question\nA: a\n".utf8))
        func matches(_ key: String, _ question: [UInt8], _ form: DeckIndexCodec.KeyForm = .basic) -> Bool {
            Array(key.utf8).withUnsafeBytes { key in
                question.withUnsafeBytes { DeckIndexCodec.keyMatches(key, question: $0, form: form, content: content) }
            }
        }
        XCTAssertTrue(matches(key, question))
        XCTAssertFalse(matches(key.uppercased().replacingOccurrences(of: "Q-", with: "q-"), question))
        XCTAssertFalse(matches(String(key.dropLast()) + (key.last == "0" ? "1" : "0"), question))
        XCTAssertFalse(matches(String(key.dropLast()), question))
        XCTAssertFalse(matches(key, Array("beta question".utf8)))
        XCTAssertFalse(matches("r" + key.dropFirst(), question))
        let cloze = CardKey.cloze(normalizedText: "a gap", gap: 11, pinnedID: nil)
        XCTAssertTrue(matches(cloze, Array("a gap #12".utf8), .cloze(gap: 11)))
        XCTAssertFalse(matches(cloze, Array("a gap #12".utf8), .cloze(gap: 1)))
        XCTAssertFalse(matches(cloze, Array("a gap #2".utf8), .cloze(gap: 11)))
        let reversed = CardKey.reversed(normalizedQuestion: "alpha question", pinnedID: nil)
        XCTAssertTrue(matches(reversed, Array("alpha question #r".utf8), .reversed))
        XCTAssertFalse(matches(reversed, question, .reversed))
    }

    func testSixteenHexDigitsAreReadAsTheKeyWritesThem() {
        /// A digit at a time, as the key is written.
        func reference(_ digits: [UInt8]) -> UInt64? {
            let alphabet = Array("0123456789abcdef".utf8)
            var value: UInt64 = 0
            for byte in digits {
                guard let nibble = alphabet.firstIndex(of: byte) else { return nil }
                value = value << 4 | UInt64(nibble)
            }
            return digits.count == 16 ? value : nil
        }
        let written = Array(CardKey.hex(0x0123_4567_89ab_cdef).utf8)
        XCTAssertEqual(written.withUnsafeBytes(DeckIndexCodec.lowerHex), 0x0123_4567_89ab_cdef)
        // Every byte value at every place, the other digits kept.
        for place in 0..<16 {
            for byte in 0...255 {
                var digits = written
                digits[place] = UInt8(byte)
                XCTAssertEqual(
                    digits.withUnsafeBytes(DeckIndexCodec.lowerHex), reference(digits), "\(byte) at \(place)")
            }
        }
        for value: UInt64 in [0, .max, 0xffff_0000_ffff_0000, 0x8000_0000_0000_0001] {
            XCTAssertEqual(Array(CardKey.hex(value).utf8).withUnsafeBytes(DeckIndexCodec.lowerHex), value)
        }
        XCTAssertNil(Array(written.dropLast()).withUnsafeBytes(DeckIndexCodec.lowerHex))
    }
}
