import Foundation
import Synchronization

/// One deck file's cards as a table, and its bytes, kept so that a card's text is parsed only when
/// the card is shown.
///
/// A collection keeps each file's Markdown (about 130 bytes a card), every card's normalized
/// question and key back to back in one buffer each, and a fixed-size row of numbers per card
/// (`CardRow`), instead of every card's styled text and strings. Parsing one card again from its
/// own lines costs tens of microseconds; the cards read most recently are remembered.
public final class DeckSource: Sendable {
    public let path: String
    /// The deck the file's cards belong to: its title, or its file name without the extension.
    let deck: String
    /// The file's bytes, which a file read through its index entry reads on first use.
    let content: DeckContent
    /// Every card's normalized question, back to back (see `DeferredSides.normalizedStart`): for a
    /// file read through its index entry, the entry's own bytes, kept mapped.
    let questions: TableBytes
    /// Every card's key, back to back: row `n`'s ends at `rows[n].keyEnd`, where row `n + 1`'s starts.
    let keys: TableBytes
    /// One row per card, in file order.
    let rows: TableRows
    /// Whether every key is ASCII without NUL (`StateTableScan.isPlainASCII`).
    let keysArePlainASCII: Bool
    /// Every card's folded search text, back to back (see `DeferredSides.searchStart`), once needed.
    private let searchTexts: Mutex<SearchTexts>
    private let recent = Mutex<[UInt64: ParsedSides]>([:])
    /// How many parsed cards are remembered before the memory starts over.
    static let recentLimit = 512
    /// The index entry the cards came from, if any: removed when a card's text does not match it.
    let entryPath: String?

    /// Where the search texts are: in memory, or in the file's index entry until the first search.
    enum SearchTexts {
        case loaded([UInt8])
        case inEntry(path: String, contentHash: UInt64)
    }

    init(
        path: String, deck: String, content: DeckContent, questions: TableBytes, searchTexts: SearchTexts,
        entryPath: String? = nil, keys: TableBytes = TableBytes(), rows: TableRows = TableRows()
    ) {
        self.path = path
        self.deck = deck
        self.entryPath = entryPath
        self.content = content
        self.questions = questions
        self.keys = keys
        self.rows = rows
        keysArePlainASCII = keys.withUnsafeBytes(StateTableScan.isPlainASCII)
        self.searchTexts = Mutex(searchTexts)
    }

    // MARK: The card table

    private func keyRange(of row: Int) -> Range<Int> {
        (row == 0 ? 0 : Int(rows[row - 1].keyEnd))..<Int(rows[row].keyEnd)
    }

    func key(of row: Int) -> String {
        keys.string(keyRange(of: row))
    }

    func withKeyBytes<T>(of row: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let range = keyRange(of: row)
        return try keys.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    func kind(of row: Int) -> Card.Kind {
        let card = rows[row]
        switch card.form {
        case CardRow.cloze: return .cloze(gap: Int(card.gap), gapCount: Int(card.gapCount))
        case CardRow.reversed: return .reversed
        default: return .basic
        }
    }

    func line(of row: Int) -> Int { Int(rows[row].line) }

    func place(of row: Int) -> DeferredSides {
        let card = rows[row]
        return DeferredSides(
            source: self, start: card.start, end: card.end, gap: card.gap, normalizedStart: card.normalizedStart,
            normalizedEnd: card.normalizedEnd, searchStart: card.searchStart, searchEnd: card.searchEnd)
    }

    func normalizedQuestion(ofRow row: Int) -> String {
        questions.string(Int(rows[row].normalizedStart)..<Int(rows[row].normalizedEnd))
    }

    func searchText(ofRow row: Int) -> String {
        searchText(from: rows[row].searchStart, to: rows[row].searchEnd)
    }

    func fields(of row: Int) -> CardFields {
        CardFields(
            key: key(of: row), deck: deck, kind: kind(of: row),
            source: SourceLocation(path: path, line: line(of: row)), sides: .deferred(place(of: row)))
    }

    func normalizedQuestion(of card: DeferredSides) -> String {
        questions.string(Int(card.normalizedStart)..<Int(card.normalizedEnd))
    }

    func searchText(of card: DeferredSides) -> String {
        searchText(from: card.searchStart, to: card.searchEnd)
    }

    private func searchText(from start: UInt32, to end: UInt32) -> String {
        let texts = loadedSearchTexts()
        let range = Int(start)..<Int(end)
        guard range.upperBound <= texts.count else { return "" }
        return String(decoding: texts[range], as: UTF8.self)
    }

    /// The search texts, read from the index entry on first use. An entry that no longer matches
    /// (replaced, damaged, deleted) is not trusted: the texts are made again from the file's bytes,
    /// which give the same layout because they are the same bytes (none, if the file has changed
    /// since: its cards are then stale, and a reload replaces them).
    func loadedSearchTexts() -> [UInt8] {
        searchTexts.withLock { texts in
            switch texts {
            case let .loaded(bytes):
                return bytes
            case let .inEntry(entry, contentHash):
                let read = FileBytes.read(entry).flatMap {
                    DeckIndexCodec.searchTexts(in: $0, path: path, contentHash: contentHash, stamp: BuildStamp.current)
                }
                // A damaged or foreign entry is removed, so that the next start writes it again.
                if read == nil { unlink(entry) }
                let bytes = read ?? makeSearchTexts()
                texts = .loaded(bytes)
                return bytes
            }
        }
    }

    /// Lets go of the search texts once they are safely in the index entry at `entry`.
    func keepSearchTexts(inEntry entry: String, contentHash: UInt64) {
        searchTexts.withLock { $0 = .inEntry(path: entry, contentHash: contentHash) }
    }

    /// Every card's folded search text, in file order, from a parse of the whole file.
    private func makeSearchTexts() -> [UInt8] {
        var texts: [UInt8] = []
        guard let bytes = content.bytes else { return texts }
        for case let .cards(_, cards) in DeckParser.parse(bytes: bytes, path: path).items {
            for card in cards { texts.append(contentsOf: card.searchText.utf8) }
        }
        return texts
    }

    func sides(of card: DeferredSides) -> ParsedSides {
        let key = UInt64(card.start) << 32 | UInt64(card.gap)
        if let known = recent.withLock({ $0[key] }) { return known }
        let sides = parse(card)
        recent.withLock { memory in
            if memory.count >= Self.recentLimit { memory.removeAll(keepingCapacity: true) }
            memory[key] = sides
        }
        return sides
    }

    /// Parses the card's own lines: they start at its marker and end before the next card or heading,
    /// so the first card they hold is this one. The text must still give the card's question, by which
    /// its key was made; if it does not (an index entry with crafted or swapped places), the entry is
    /// removed so the next start parses the file, and a notice is shown instead of another card's text.
    func parse(_ card: DeferredSides) -> ParsedSides {
        let expected = normalizedQuestion(of: card)
        if let bytes = content.bytes, Int(card.end) <= bytes.count {
            let file = DeckParser.parse(bytes: Array(bytes[Int(card.start)..<Int(card.end)]), path: path)
            for case let .cards(_, cards) in file.items {
                guard Int(card.gap) < cards.count, cards[Int(card.gap)].normalizedQuestion == expected else { break }
                let sides = cards[Int(card.gap)].sides.resolved
                return ParsedSides(question: sides.question, answer: sides.answer, normalizedQuestion: expected)
            }
        }
        if let entryPath { unlink(entryPath) }
        // Only a file changed under a stale index could get here; the cache is keyed by content, so say so plainly.
        let notice = StyledText(plain: "(this card's text could not be read from \(path); run cardbox check)")
        return ParsedSides(question: notice, answer: notice, normalizedQuestion: normalizedQuestion(of: card))
    }
}

extension DeckSource {
    /// Replaces the parsed sides of `file`'s cards with places in `bytes`, its content. Returns false,
    /// leaving the file as it was, when a card could not be parsed on its own the same way: its line
    /// is uncertain, the file may hold link reference definitions (which apply file-wide), or a card
    /// that starts inside a paragraph reads differently from its own lines. That last case is checked
    /// by parsing such cards once here: libcmark lets an unmatched backtick run earlier in a paragraph
    /// change how later code spans in it are read. A card after a blank line starts a block of its
    /// own, which nothing before it can change.
    static func deferSides(of file: inout ParsedDeckFile, bytes: [UInt8]) -> Bool {
        guard file.cardLinesExact, bytes.count < Int(UInt32.max), !mayDefineLinkReferences(bytes) else { return false }
        let lines = SourceLines(bytes)
        var ranges: [Range<Int>?] = []
        var questions: [UInt8] = []
        var searchTexts: [UInt8] = []
        var lengths: [(question: Int, search: Int)] = []
        for (index, item) in file.items.enumerated() {
            guard case let .cards(line, cards) = item else {
                ranges.append(nil)
                continue
            }
            guard let letter = lines.marker(onLine: line, in: bytes), letter != UInt8(ascii: "A") else { return false }
            let start = SourceLines.skippingBlanks(bytes, from: lines.start(ofLine: line))
            let end = fragmentEnd(after: index, in: file.items, lines: lines, byteCount: bytes.count)
            guard start < end else { return false }
            ranges.append(start..<end)
            for card in cards {
                let question = card.normalizedQuestion.utf8
                let search = card.searchText.utf8
                questions.append(contentsOf: question)
                searchTexts.append(contentsOf: search)
                lengths.append((question.count, search.count))
            }
        }
        guard questions.count < Int(UInt32.max), searchTexts.count < Int(UInt32.max) else { return false }
        let content = DeckContent(path: file.path, bytes: bytes)
        // Cards inside a paragraph are parsed on their own here, from a table of no rows yet.
        let checking = DeckSource(
            path: file.path, deck: "", content: content, questions: TableBytes(questions),
            searchTexts: .loaded(searchTexts))
        var table = CardTableBuilder(cardCapacity: lengths.count)
        var offset = 0
        var searchOffset = 0
        var next = 0
        for (index, item) in file.items.enumerated() {
            switch item {
            case let .heading(level, title, line):
                table.heading(level: level, title: title, line: line)
            case let .cards(line, cards):
                guard let range = ranges[index] else { return false }
                if cards.isEmpty { table.noCards(line: line) }
                let insideParagraph = line > 1 && !lines.isBlank(line: line - 1, in: bytes)
                for gap in cards.indices {
                    let (length, searchLength) = lengths[next]
                    next += 1
                    let normalized = UInt32(offset)..<UInt32(offset + length)
                    let search = UInt32(searchOffset)..<UInt32(searchOffset + searchLength)
                    if insideParagraph {
                        let place = DeferredSides(
                            source: checking, start: UInt32(range.lowerBound), end: UInt32(range.upperBound),
                            gap: UInt32(gap), normalizedStart: normalized.lowerBound,
                            normalizedEnd: normalized.upperBound, searchStart: search.lowerBound,
                            searchEnd: search.upperBound)
                        let held = cards[gap].sides.resolved
                        let own = checking.parse(place)
                        guard own.question == held.question, own.answer == held.answer else { return false }
                    }
                    table.card(
                        key: cards[gap].key, kind: cards[gap].kind, line: line, start: UInt32(range.lowerBound),
                        end: UInt32(range.upperBound), gap: UInt32(gap), normalized: normalized, search: search)
                    offset += length
                    searchOffset += searchLength
                }
            }
        }
        file = table.file(
            path: file.path, title: file.title, diagnostics: file.diagnostics, content: content,
            questions: TableBytes(questions), searchTexts: .loaded(searchTexts))
        return true
    }

    /// Where the lines parsed for the card of item `index` end. Before a heading, or at the end of the
    /// file. Before another card (one that was dropped for a problem too), the next card's marker line
    /// is included: the next card may start inside the same paragraph, and a paragraph cut short ends
    /// differently (cmark trims its last line) from one that goes on. The marker splits the paragraph
    /// there in both parses, so the first card's text is the same.
    private static func fragmentEnd(
        after index: Int, in items: [ParsedDeckFile.Item], lines: SourceLines, byteCount: Int
    ) -> Int {
        guard index + 1 < items.count else { return byteCount }
        switch items[index + 1] {
        case let .heading(_, _, line): return lines.start(ofLine: line)
        case let .cards(line, _): return lines.start(ofLine: line + 1)
        }
    }

    /// True when `]:` occurs anywhere: a cheap superset of the files with link reference definitions.
    static func mayDefineLinkReferences(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count > 1 else { return false }
            // `]` is rare in a deck: `memchr` finds each one, and the byte after it is looked at.
            let base = buffer.baseAddress!
            var index = 0
            while index < buffer.count - 1, let found = memchr(base + index, 0x5D, buffer.count - 1 - index) {
                index = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                if buffer[index] == UInt8(ascii: ":") { return true }
            }
            return false
        }
    }
}
