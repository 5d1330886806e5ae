import Foundation
import Synchronization

/// One deck file's bytes, kept so that a card's text is parsed only when the card is shown.
///
/// A collection keeps each file's Markdown (about 130 bytes a card) and every card's normalized
/// question instead of every card's styled text. Parsing one card again from its own lines costs
/// tens of microseconds; the cards read most recently are remembered.
public final class DeckSource: Sendable {
    public let path: String
    /// The file's bytes, which a file read through its index entry reads on first use.
    let content: DeckContent
    /// Every card's normalized question, back to back (see `DeferredSides.normalizedStart`).
    let questions: [UInt8]
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

    convenience init(path: String, bytes: [UInt8], questions: [UInt8], searchTexts: SearchTexts) {
        self.init(
            path: path, content: DeckContent(path: path, bytes: bytes),
            questions: questions, searchTexts: searchTexts)
    }

    init(path: String, content: DeckContent, questions: [UInt8], searchTexts: SearchTexts, entryPath: String? = nil) {
        self.path = path
        self.entryPath = entryPath
        self.content = content
        self.questions = questions
        self.searchTexts = Mutex(searchTexts)
    }

    func normalizedQuestion(of card: DeferredSides) -> String {
        String(decoding: questions[Int(card.normalizedStart)..<Int(card.normalizedEnd)], as: UTF8.self)
    }

    func searchText(of card: DeferredSides) -> String {
        let texts = loadedSearchTexts()
        let range = Int(card.searchStart)..<Int(card.searchEnd)
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
        let source = DeckSource(path: file.path, bytes: bytes, questions: questions, searchTexts: .loaded(searchTexts))
        var offset = 0
        var searchOffset = 0
        var next = 0
        var deferredItems: [(index: Int, line: Int, cards: [Card])] = []
        for (index, range) in ranges.enumerated() {
            guard let range, case .cards(let line, var cards) = file.items[index] else { continue }
            let insideParagraph = line > 1 && !lines.isBlank(line: line - 1, in: bytes)
            for gap in cards.indices {
                let (length, searchLength) = lengths[next]
                next += 1
                let place = DeferredSides(
                    source: source, start: UInt32(range.lowerBound), end: UInt32(range.upperBound), gap: UInt32(gap),
                    normalizedStart: UInt32(offset), normalizedEnd: UInt32(offset + length),
                    searchStart: UInt32(searchOffset), searchEnd: UInt32(searchOffset + searchLength))
                if insideParagraph {
                    let held = cards[gap].sides.resolved
                    let own = source.parse(place)
                    guard own.question == held.question, own.answer == held.answer else { return false }
                }
                cards[gap].sides = .deferred(place)
                offset += length
                searchOffset += searchLength
            }
            deferredItems.append((index, line, cards))
        }
        for item in deferredItems { file.items[item.index] = .cards(line: item.line, item.cards) }
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
            for index in 1..<buffer.count
            where buffer[index] == UInt8(ascii: ":") && buffer[index - 1] == UInt8(ascii: "]") {
                return true
            }
            return false
        }
    }
}
