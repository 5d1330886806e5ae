import Foundation

/// Reads a deck file's headings, cards, keys, normalized questions and search texts straight from its
/// bytes, without cmark-gfm and without styled text, giving exactly what `DeckParser.parse` followed
/// by `DeckSource.deferSides` gives: the same items, keys, kinds, lines, places, search texts and
/// diagnostics, with every card's text left in the file to be parsed when it is shown.
///
/// It models the Markdown decks are usually written in: ATX headings, paragraphs, `-` lists of one
/// paragraph per item, `<!-- id: … -->` lines, and the inline forms `StructuralInline` reads. A file
/// holding anything else (a table, a fenced block, an indented line, HTML, an escape…) returns nil
/// and is read by the full parser, so the result never depends on which reader read it. Clozes are
/// expanded on bytes by `StructuralCloze` from the inline runs (styled text is built only for a cloze
/// it does not model, for `ClozeExpander`).
enum StructuralPass {
    /// The file as the full parse and `DeckSource.deferSides` would give it, or nil when the file
    /// holds Markdown this reader does not model.
    static func parse(bytes: [UInt8], path: String) -> ParsedDeckFile? {
        guard !bytes.isEmpty, bytes.count < Int(UInt32.max) / 2 else { return nil }
        let plain = bytes.withUnsafeBufferPointer { buffer -> Bool in
            // NUL, CR and a byte-order mark anywhere change how lines and markers are read.
            let base = buffer.baseAddress!
            if memchr(base, 0, buffer.count) != nil || memchr(base, 0x0D, buffer.count) != nil { return false }
            var index = 0
            while index < buffer.count, let found = memchr(base + index, 0xEF, buffer.count - index) {
                index = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                if index + 1 < buffer.count, buffer[index] == 0xBB, buffer[index + 1] == 0xBF { return false }
            }
            return true
        }
        guard plain, UTF8Check.firstInvalidLine(bytes) == nil, !DeckSource.mayDefineLinkReferences(bytes) else {
            return nil
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = StructuralReader(buffer, path: path)
            guard reader.read(), !reader.unmodelled else { return nil }
            return reader.file(bytes: bytes)
        }
    }
}

/// The state of one read: the same walk as the full parser's `FileBuilder`, over lines instead of
/// cmark-gfm's blocks.
private struct StructuralReader {
    let p: UnsafeBufferPointer<UInt8>
    let path: String
    var title: String?
    var diagnostics: [Diagnostic] = []
    /// Problems found while making the cards (cloze brackets), which the full parser reports after
    /// every other problem of the file.
    var cardDiagnostics: [Diagnostic] = []
    var items: [Item] = []
    /// Every card made, in file order; an item of cards holds a range of them.
    var madeCards: [MadeCard] = []
    /// Every card's key, back to back (`MadeCard.key` is a range of it).
    var keyBytes: [UInt8] = []
    var questions: [UInt8] = []
    var searchTexts: [UInt8] = []
    /// Set when a card turns out to need what is not modelled (a side over `SideSizeLimit`).
    private(set) var unmodelled = false

    private var pending: PendingCard?
    /// The pending card's sides, kept here rather than in the card so that each card reuses the
    /// buffers of the last one's (cleared when a card starts or gets its answer) instead of
    /// allocating its own, and so that the card is small to move.
    private var questionSide = Side()
    private var answerSide = Side()
    private var pinnedID: String?
    /// The ids pinned to cards so far; a pending card names its own by its index here, so that the
    /// card holds plain numbers only and is copied and dropped without retains and releases.
    private var pins: [String] = []
    private var pinnedLine = 0

    /// The open block: nothing, a top-level paragraph, or a list (`afterBlank` once a blank line
    /// followed its last item).
    private enum Open {
        case none, paragraph, list(afterBlank: Bool)
    }
    private var open = Open.none
    /// Runs of the paragraph segment or list item being read.
    private var runs: [InlineRun] = []
    private var openBrackets = 0
    private var segmentMarker: UInt8?
    private var segmentLine = 0
    private var segmentHasLines = false

    enum Item {
        case heading(level: Int, title: String, line: Int, start: Int)
        /// A card's marker line, where it starts and where the line after it starts, and its cards
        /// (a range of `madeCards`).
        case cards(line: Int, start: Int, nextLineStart: Int, Range<Int>)
    }

    struct MadeCard {
        /// Where its key is in `keyBytes`.
        var key: Range<Int>
        var kind: Card.Kind
        var question: Range<Int>
        var search: Range<Int>
    }

    private enum CardForm {
        case basic, reverse, cloze
    }

    /// One side's text: plain bytes (blocks joined with newlines) or, for a cloze, its blocks' spans.
    private struct Side {
        var text = SideBytes()
        var blocks = 0
        var visible = false
        /// A cloze's spans' bytes, back to back.
        var clozeText: [UInt8] = []
        var clozeBlocks: [ClozeBlock] = []
        /// Every block's spans, back to back (`ClozeBlock.spans` is a range of them).
        var clozeSpans: [ClozeSpan] = []

        /// Empties the side, keeping its buffers.
        mutating func clear() {
            text.removeAll()
            if !clozeText.isEmpty { clozeText.removeAll(keepingCapacity: true) }
            if !clozeBlocks.isEmpty { clozeBlocks.removeAll(keepingCapacity: true) }
            if !clozeSpans.isEmpty { clozeSpans.removeAll(keepingCapacity: true) }
            blocks = 0
            visible = false
        }
    }

    /// A block of a cloze's text: the spans `InlineConverter` would give it (neighbouring runs of one
    /// style and destination merged; a range of `Side.clozeSpans`), none when it has no visible text.
    private struct ClozeBlock {
        var isListItem: Bool
        var spans: Range<Int>
    }

    private struct ClozeSpan {
        /// Where its text is in its side's `clozeText`.
        var range: Range<Int>
        var style: TextStyle
        /// The link's destination (bytes of the file).
        var url: Range<Int>?
    }

    /// The card being read; its sides are the reader's `questionSide` and `answerSide`.
    private struct PendingCard {
        var form: CardForm
        var line: Int
        var start: Int
        var nextLineStart: Int
        /// Whether its `A:` was read (its text is then in `answerSide`).
        var hasAnswer: Bool
        var answerLine: Int
        /// Its pinned id's index in `pins`, -1 when it has none.
        var pin: Int
    }

    init(_ p: UnsafeBufferPointer<UInt8>, path: String) {
        self.p = p
        self.path = path
    }

    private func location(_ line: Int) -> SourceLocation { SourceLocation(path: path, line: line) }

    private mutating func report(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(location(line), message))
    }

    // MARK: Lines

    /// Reads every line; false when some line holds what is not modelled.
    mutating func read() -> Bool {
        let count = p.count
        let frontLines = frontMatterLines()
        guard frontLines >= 0 else { return false }
        var line = 0
        var offset = 0
        while offset <= count {
            line += 1
            let lineEnd: Int
            if offset < count, let found = memchr(p.baseAddress! + offset, 0x0A, count - offset) {
                lineEnd = UnsafeRawPointer(found) - UnsafeRawPointer(p.baseAddress!)
            } else {
                lineEnd = count
            }
            let next = lineEnd < count ? lineEnd + 1 : count
            if line > frontLines {
                guard readLine(line, start: offset, end: lineEnd, next: next) else { return false }
            }
            if lineEnd >= count { break }
            offset = next
        }
        closeBlock()
        finishCard()
        dropUnusedPin()
        return true
    }

    /// Lines taken by front matter (0 for none), or -1 when it is not modelled (unclosed within the
    /// lines `FrontMatter` looks at). The title is read by `FrontMatter` itself.
    private mutating func frontMatterLines() -> Int {
        func isFence(_ start: Int, _ end: Int, _ fence: UInt8) -> Bool {
            var end = end
            while end > start, p[end - 1] == 0x20 || p[end - 1] == 0x09 { end -= 1 }
            return end - start == 3 && p[start] == fence && p[start + 1] == fence && p[start + 2] == fence
        }
        var offset = 0
        var line = 0
        while offset < p.count, line < 200 {
            line += 1
            let end = (offset..<p.count).first { p[$0] == 0x0A } ?? p.count
            if line == 1 {
                guard isFence(offset, end, 0x2D) else { return 0 }
            } else if isFence(offset, end, 0x2D) || isFence(offset, end, 0x2E) {
                let front = FrontMatter.read(
                    String(decoding: UnsafeBufferPointer(rebasing: p[0..<end]), as: UTF8.self)[...])
                guard front.lineCount == line else { return -1 }
                title = front.title
                return line
            }
            offset = end + 1
        }
        return -1
    }

    /// True for a byte that may start a paragraph's line as plain text.
    private func startsBlock(_ start: Int, _ end: Int) -> Bool {
        let first = p[start]
        let second: UInt8 = start + 1 < end ? p[start + 1] : 0x20
        switch first {
        case 0x3E, 0x3C, 0x20, 0x09: return true  // > < and indentation
        case 0x2B, 0x2A, 0x2D: if second == 0x20 { return true }  // + * - items
        case 0x60: if second == 0x60 { return true }  // a fence (or a code span of two backticks)
        case 0x30...0x39:
            var index = start
            while index < end, index - start < 10, p[index] >= 0x30 && p[index] <= 0x39 { index += 1 }
            if index < end, p[index] == 0x2E || p[index] == 0x29, index + 1 == end || p[index + 1] == 0x20 {
                return true
            }
        default: break
        }
        // Thematic breaks, setext underlines and table delimiter rows are made of these alone.
        return (start..<end).allSatisfy { index in
            let byte = p[index]
            return byte == 0x2D || byte == 0x3D || byte == 0x3A || byte == 0x7C || byte == 0x2A || byte == 0x20
        }
    }

    private mutating func readLine(_ line: Int, start: Int, end lineEnd: Int, next: Int) -> Bool {
        var end = lineEnd
        while end > start, p[end - 1] == 0x20 { end -= 1 }
        if end == start {
            closeParagraph()
            if case .list = open { open = .list(afterBlank: true) }
            return true
        }
        let first = p[start]
        if first == 0x23 {
            var hashes = 0
            while start + hashes < end, p[start + hashes] == 0x23 { hashes += 1 }
            if hashes <= 6, start + hashes == end || p[start + hashes] == 0x20 {
                closeBlock()
                return heading(line, level: hashes, start: start, contentStart: start + hashes, end: end)
            }
        }
        if first == 0x3C {
            guard end - start >= 7, p[start + 1] == 0x21, p[start + 2] == 0x2D, p[start + 3] == 0x2D else {
                return false
            }
            closeBlock()
            return comment(line, start: start, end: end)
        }
        if first == 0x2D, end - start > 2, p[start + 1] == 0x20 {
            // A list item: `- ` and a paragraph that starts no block of its own.
            guard !startsBlock(start + 2, end), p[start + 2] != 0x23 else { return false }
            closeParagraph()
            if case .list = open { closeItem() }
            open = .list(afterBlank: false)
            openBrackets = 0
            return render(start + 2, end)
        }
        if startsBlock(start, end) { return false }
        switch open {
        case .list(afterBlank: false):
            // A lazy continuation line of the item's paragraph.
            runs.append(.space)
            return render(start, end)
        case .list(afterBlank: true):
            closeBlock()
        case .none, .paragraph:
            break
        }
        if case .none = open {
            open = .paragraph
            openBrackets = 0
            segmentMarker = nil
            segmentLine = line
            segmentHasLines = false
        }
        if end - start >= 2, SourceLines.isMarkerLetter(first), p[start + 1] == 0x3A {
            flushSegment()
            segmentMarker = first
            segmentLine = line
            segmentHasLines = true
            pendingMarkerLine = (start, next)
            let before = runs.count
            guard render(start, end) else { return false }
            // The marker and the blanks after it are not text (`FileBuilder.marker`).
            var textStart = start + 2
            while textStart < end, p[textStart] == 0x20 { textStart += 1 }
            guard StructuralInline.followedByBase(p, textStart, end), before < runs.count, runs[before].style.isEmpty,
                runs[before].start == start, runs[before].end >= start + 2
            else { return false }
            runs[before].start = min(textStart, runs[before].end)
            if runs[before].start == runs[before].end { runs.remove(at: before) }
            return true
        }
        if segmentHasLines && !runs.isEmpty { runs.append(.space) }
        segmentHasLines = true
        return render(start, end)
    }

    /// Where the marker line of the segment being read starts, and where the line after it starts.
    private var pendingMarkerLine = (start: 0, next: 0)
    /// Where each gap's `[` and `]` are in the side's `clozeText`, for `expandPlainCloze`.
    private var gapBrackets: [(open: Int, close: Int)] = []

    /// Records gap `gap` of a cloze as a card: its key is the first gap's stem (repeated for the
    /// later gaps), `-` and the gap's number; its question and search text end where the buffers do.
    private mutating func appendClozeCard(
        gap: Int, of gapCount: Int, stem: Range<Int>, number: Int, question questionStart: Int,
        search searchStart: Int
    ) {
        let keyStart = gap == 0 ? stem.lowerBound : keyBytes.count
        if gap > 0 {
            for index in stem { keyBytes.append(keyBytes[index]) }
        }
        keyBytes.append(UInt8(ascii: "-"))
        StructuralText.appendDecimal(number, into: &keyBytes)
        madeCards.append(
            MadeCard(
                key: keyStart..<keyBytes.count, kind: .cloze(gap: gap, gapCount: gapCount),
                question: questionStart..<questions.count, search: searchStart..<searchTexts.count))
    }

    private mutating func render(_ start: Int, _ end: Int) -> Bool {
        StructuralInline.render(p, from: start, to: end, openBrackets: &openBrackets, into: &runs)
    }

    private mutating func heading(_ line: Int, level: Int, start: Int, contentStart: Int, end: Int) -> Bool {
        finishCard()
        dropUnusedPin()
        var from = contentStart
        while from < end, p[from] == 0x20 { from += 1 }
        var to = end
        // A closing run of `#`, after a space or alone.
        var hashes = to
        while hashes > from, p[hashes - 1] == 0x23 { hashes -= 1 }
        if hashes < to, hashes == from || p[hashes - 1] == 0x20 {
            to = hashes
            while to > from, p[to - 1] == 0x20 { to -= 1 }
        }
        var brackets = 0
        runs.removeAll(keepingCapacity: true)
        if from < to {
            guard StructuralInline.render(p, from: from, to: to, openBrackets: &brackets, into: &runs) else {
                return false
            }
        }
        var text: [UInt8] = []
        Self.appendText(p, runs, to: &text)
        runs.removeAll(keepingCapacity: true)
        let title: String
        if text.contains(where: { $0 >= 0x80 }) && !StructuralCloze.isSimple(text) {
            title = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        } else {
            // Only spaces and tabs are white space here (`CharacterSet.whitespaces` is tab and Zs).
            let first = text.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? text.count
            let last = text.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { $0 + 1 } ?? first
            title = String(decoding: text[first..<max(first, last)], as: UTF8.self)
        }
        items.append(
            .heading(
                level: min(level, DeckParser.maxTopicLevel), title: title.isEmpty ? "(untitled)" : title, line: line,
                start: start))
        return true
    }

    /// A one-line HTML comment: a card id, or a comment that only ends the paragraph.
    private mutating func comment(_ line: Int, start: Int, end: Int) -> Bool {
        var found = false
        var index = start + 4
        while index + 2 < end {
            if p[index] == 0x2D, p[index + 1] == 0x2D, p[index + 2] == 0x3E {
                found = true
                break
            }
            index += 1
        }
        guard found, !(start..<end).contains(where: { p[$0] < 0x20 || p[$0] == 0x7F }) else { return false }
        let html = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self) + "\n"
        if let id = DeckParser.pinnedID(in: html) {
            finishCard()
            dropUnusedPin()
            if let id {
                pinnedID = id
                pinnedLine = line
            } else {
                report(line, "card id must be letters, digits, '.', '_' or '-'")
            }
        }
        return true
    }

    // MARK: Blocks

    private mutating func closeBlock() {
        switch open {
        case .none: break
        case .paragraph: closeParagraph()
        case .list: closeItem()
        }
        open = .none
    }

    private mutating func closeParagraph() {
        guard case .paragraph = open else { return }
        flushSegment()
        open = .none
    }

    /// Ends the list item being read: one block, empty when it has no visible text.
    private mutating func closeItem() {
        defer { clearRuns() }
        guard let card = pending else { return }
        if card.hasAnswer {
            Self.appendItem(p, runs, to: &answerSide, cloze: false)
        } else {
            Self.appendItem(p, runs, to: &questionSide, cloze: card.form == .cloze)
        }
    }

    private mutating func clearRuns() {
        if !runs.isEmpty { runs.removeAll(keepingCapacity: true) }
    }

    private static func appendItem(
        _ p: UnsafeBufferPointer<UInt8>, _ runs: [InlineRun], to side: inout Side, cloze: Bool
    ) {
        if cloze {
            appendClozeBlock(p, runs, to: &side, isListItem: true)
            return
        }
        if side.blocks > 0 { side.text.append(0x0A) }
        side.blocks += 1
        if isVisible(p, runs) {
            side.text.append(runs: runs, of: p)
            side.visible = true
        }
    }

    /// Appends the paragraph segment read so far to its card, as `FileBuilder.flushSegment` does.
    private mutating func flushSegment() {
        defer {
            clearRuns()
            segmentMarker = nil
            segmentHasLines = false
        }
        guard segmentHasLines else { return }
        let line = segmentLine
        switch segmentMarker {
        case nil:
            guard let card = pending, Self.isVisible(p, runs) else { return }
            if card.hasAnswer {
                Self.appendParagraph(p, runs, to: &answerSide, cloze: false)
            } else {
                Self.appendParagraph(p, runs, to: &questionSide, cloze: card.form == .cloze)
            }
        case UInt8(ascii: "Q"), UInt8(ascii: "R"), UInt8(ascii: "C"):
            finishCard()
            let form: CardForm =
                segmentMarker == UInt8(ascii: "Q") ? .basic : segmentMarker == UInt8(ascii: "R") ? .reverse : .cloze
            questionSide.clear()
            if Self.isVisible(p, runs) { Self.appendParagraph(p, runs, to: &questionSide, cloze: form == .cloze) }
            pending = PendingCard(
                form: form, line: line, start: pendingMarkerLine.start, nextLineStart: pendingMarkerLine.next,
                hasAnswer: false, answerLine: line, pin: takePin())
        default:  // A
            if let form = pending?.form, form != .cloze, pending?.hasAnswer == false {
                answerSide.clear()
                if Self.isVisible(p, runs) { Self.appendParagraph(p, runs, to: &answerSide, cloze: false) }
                pending!.hasAnswer = true
                pending!.answerLine = line
            } else if let card = pending, card.form != .cloze {
                report(line, "second A: for the question at line \(card.line)")
            } else {
                finishCard()
                report(line, "A: without Q:")
            }
        }
    }

    /// Appends a visible paragraph block.
    private static func appendParagraph(
        _ p: UnsafeBufferPointer<UInt8>, _ runs: [InlineRun], to side: inout Side, cloze: Bool
    ) {
        if cloze {
            appendClozeBlock(p, runs, to: &side, isListItem: false)
            return
        }
        if side.blocks > 0 { side.text.append(0x0A) }
        side.blocks += 1
        side.visible = true
        side.text.append(runs: runs, of: p)
    }

    /// Appends the runs read as a block of a cloze, as `InlineConverter.paragraph` makes it: runs of
    /// one style and destination merged into one span. A paragraph with no visible text is left out;
    /// a list item is kept, with no spans.
    private static func appendClozeBlock(
        _ p: UnsafeBufferPointer<UInt8>, _ runs: [InlineRun], to side: inout Side, isListItem: Bool
    ) {
        let blockStart = side.clozeText.count
        let firstSpan = side.clozeSpans.count
        for run in runs {
            let start = side.clozeText.count
            let style: TextStyle
            let url: Range<Int>?
            if run.start < 0 {
                side.clozeText.append(0x20)
                style = []
                url = nil
            } else {
                guard run.end > run.start else { continue }
                side.clozeText.append(contentsOf: UnsafeBufferPointer(rebasing: p[run.start..<run.end]))
                style = run.style
                url = run.url
            }
            let end = side.clozeText.count
            if side.clozeSpans.count > firstSpan, let last = side.clozeSpans.last, last.style == style,
                sameDestination(p, last.url, url)
            {
                side.clozeSpans[side.clozeSpans.count - 1].range = last.range.lowerBound..<end
            } else {
                side.clozeSpans.append(ClozeSpan(range: start..<end, style: style, url: url))
            }
        }
        let visible = side.clozeText.withUnsafeBufferPointer { text in
            side.clozeSpans[firstSpan...].contains {
                StructuralReader.hasVisibleText(UnsafeBufferPointer(rebasing: text[$0.range]))
            }
        }
        if !visible {
            side.clozeText.removeSubrange(blockStart...)
            side.clozeSpans.removeSubrange(firstSpan...)
            guard isListItem else { return }
        }
        side.clozeBlocks.append(ClozeBlock(isListItem: isListItem, spans: firstSpan..<side.clozeSpans.count))
    }

    private static func sameDestination(_ p: UnsafeBufferPointer<UInt8>, _ a: Range<Int>?, _ b: Range<Int>?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return UnsafeBufferPointer(rebasing: p[a]).elementsEqual(UnsafeBufferPointer(rebasing: p[b]))
    }

    /// `String.hasVisibleText` of UTF-8 bytes.
    private static func hasVisibleText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var wide = false
        for byte in bytes {
            if byte >= 0x80 {
                wide = true
            } else if !(byte == 0x20 || (0x09...0x0D).contains(byte)) {
                return true
            }
        }
        return wide && String(decoding: bytes, as: UTF8.self).hasVisibleText
    }

    /// A cloze side's blocks as styled text, for `ClozeExpander`.
    private func styledText(of side: Side) -> StyledText {
        StyledText(
            side.clozeBlocks.map { block in
                let spans = side.clozeSpans[block.spans].map { span in
                    TextSpan(
                        String(decoding: side.clozeText[span.range], as: UTF8.self), style: span.style,
                        url: span.url.map { String(decoding: UnsafeBufferPointer(rebasing: p[$0]), as: UTF8.self) })
                }
                return TextBlock(block.isListItem ? .listItem(depth: 0, marker: "•") : .paragraph, spans)
            })
    }

    private static func appendText(_ p: UnsafeBufferPointer<UInt8>, _ runs: [InlineRun], to text: inout [UInt8]) {
        // Room for all of them at once: a side's text is made of a few runs, and would grow at each.
        var needed = text.count
        for run in runs { needed += run.start < 0 ? 1 : run.end - run.start }
        if needed > text.capacity { text.reserveCapacity(max(needed, 2 * text.capacity, 96)) }
        for run in runs {
            if run.start < 0 {
                text.append(0x20)
            } else {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: p[run.start..<run.end]))
            }
        }
    }

    /// True when some run holds a character that is not white space (`String.hasVisibleText`).
    private static func isVisible(_ p: UnsafeBufferPointer<UInt8>, _ runs: [InlineRun]) -> Bool {
        var wide = false
        for run in runs where run.start >= 0 {
            for index in run.start..<run.end {
                let byte = p[index]
                if byte >= 0x80 {
                    wide = true
                } else if !(byte == 0x20 || (0x09...0x0D).contains(byte)) {
                    return true
                }
            }
        }
        guard wide else { return false }
        return runs.contains { run in
            run.start >= 0
                && String(decoding: UnsafeBufferPointer(rebasing: p[run.start..<run.end]), as: UTF8.self).hasVisibleText
        }
    }

    // MARK: Cards

    /// The id pinned to the card that starts now, moved to `pins`: its index there, or -1.
    private mutating func takePin() -> Int {
        guard let id = pinnedID.take() else { return -1 }
        pins.append(id)
        return pins.count - 1
    }

    private mutating func dropUnusedPin() {
        if pinnedID != nil { report(pinnedLine, "card id is not followed by a card") }
        pinnedID = nil
    }

    /// Ends the pending card as `FileBuilder.finishCard` does, and makes its cards.
    private mutating func finishCard() {
        guard let card = pending.take() else { return }
        makeCards(of: card)
    }

    /// The cards `card` writes (none, with a problem reported, when it is not sound).
    private mutating func makeCards(of card: PendingCard) {
        if card.form == .cloze {
            let question = questionSide
            // Only blocks with visible text have spans.
            guard !question.clozeSpans.isEmpty else {
                report(card.line, "empty cloze")
                return
            }
            // `SideSizeLimit.size`: the bytes of every span.
            guard question.clozeText.count <= SideSizeLimit.bytes else {
                unmodelled = true
                return
            }
            let firstMade = madeCards.count
            if expandPlainCloze(question, pin: card.pin) {
                items.append(
                    .cards(
                        line: card.line, start: card.start, nextLineStart: card.nextLineStart,
                        firstMade..<madeCards.count))
                return
            }
            let blocks = question.clozeBlocks.map { block in
                question.clozeSpans[block.spans].map { span in
                    StructuralCloze.Span(text: question.clozeText[span.range], isCode: span.style.contains(.code))
                }
            }
            if let expansion = StructuralCloze.expand(blocks) {
                switch expansion {
                case .failure(let problem):
                    cardDiagnostics.append(Diagnostic(location(card.line), problem.description))
                case .success(let (cards, normalized)):
                    let hash = normalized.withUnsafeBytes { CardKey.fnv1a(bytes: $0) }
                    // The stem (the pinned id, or `c-` and the hash), then `-` and the gap's number.
                    let stemStart = keyBytes.count
                    appendKey(pin: card.pin, prefix: "c-", hash: hash)
                    let stem = stemStart..<keyBytes.count
                    for (gap, made_) in cards.enumerated() {
                        let questionStart = questions.count
                        questions.append(contentsOf: normalized)
                        let number = made_.number
                        questions.append(0x20)
                        questions.append(0x23)
                        StructuralText.appendDecimal(number, into: &questions)
                        let searchStart = searchTexts.count
                        StructuralText.fold(made_.question, made_.answer, into: &searchTexts)
                        appendClozeCard(
                            gap: gap, of: cards.count, stem: stem, number: number, question: questionStart,
                            search: searchStart)
                    }
                }
                items.append(
                    .cards(
                        line: card.line, start: card.start, nextLineStart: card.nextLineStart,
                        firstMade..<madeCards.count))
                return
            }
            let cards = CollectionBuilder.makeCards(
                RawCard(
                    body: .cloze(styledText(of: question)), line: card.line,
                    pinnedID: card.pin >= 0 ? pins[card.pin] : nil), deck: "",
                topic: 0,
                location: location(card.line), diagnostics: &cardDiagnostics)
            for made_ in cards {
                let questionStart = questions.count
                questions.append(contentsOf: made_.normalizedQuestion.utf8)
                let searchStart = searchTexts.count
                searchTexts.append(contentsOf: made_.searchText.utf8)
                let keyStart = keyBytes.count
                keyBytes.append(contentsOf: made_.key.utf8)
                madeCards.append(
                    MadeCard(
                        key: keyStart..<keyBytes.count, kind: made_.kind, question: questionStart..<questions.count,
                        search: searchStart..<searchTexts.count))
            }
            items.append(
                .cards(
                    line: card.line, start: card.start, nextLineStart: card.nextLineStart, firstMade..<madeCards.count))
            return
        }
        guard card.hasAnswer else {
            report(card.line, card.form == .reverse ? "R: without A:" : "Q: without A:")
            return
        }
        // The sides are read where they are (a copy of each would retain its buffers).
        // A side's plain text is never shorter than its spans' text, which the limit counts.
        guard questionSide.text.count <= SideSizeLimit.bytes, answerSide.text.count <= SideSizeLimit.bytes else {
            unmodelled = true
            return
        }
        if !questionSide.visible {
            report(card.line, "empty question")
            return
        }
        if !answerSide.visible {
            report(card.answerLine, "empty answer")
            return
        }
        let questionStart = questions.count
        StructuralText.normalize(questionSide.text, into: &questions)
        let questionEnd = questions.count
        let hash = questions.withUnsafeBytes {
            CardKey.fnv1a(bytes: UnsafeRawBufferPointer(rebasing: $0[questionStart..<questionEnd]))
        }
        let searchStart = searchTexts.count
        StructuralText.fold(questionSide.text, answerSide.text, into: &searchTexts)
        let firstMade = madeCards.count
        let keyStart = keyBytes.count
        appendKey(pin: card.pin, prefix: "q-", hash: hash)
        madeCards.append(
            MadeCard(
                key: keyStart..<keyBytes.count, kind: .basic, question: questionStart..<questionEnd,
                search: searchStart..<searchTexts.count))
        if card.form == .reverse {
            let reverseStart = questions.count
            StructuralText.appendCopy(of: questionStart..<questionEnd, in: &questions)
            questions.append(contentsOf: " #r".utf8)
            let reverseSearch = searchTexts.count
            StructuralText.fold(answerSide.text, questionSide.text, into: &searchTexts)
            let reverseKey = keyBytes.count
            appendKey(pin: card.pin, reversed: true, prefix: "r-", hash: hash)
            madeCards.append(
                MadeCard(
                    key: reverseKey..<keyBytes.count, kind: .reversed, question: reverseStart..<questions.count,
                    search: reverseSearch..<searchTexts.count))
        }
        items.append(
            .cards(line: card.line, start: card.start, nextLineStart: card.nextLineStart, firstMade..<madeCards.count))
    }

    /// Expands a cloze of the usual shape straight into `questions`, `searchTexts` and `keyBytes`,
    /// with no pieces and no text per card: every gap inside one span that is not code, with text
    /// that is not blank, and no number or hint (no `::` in it), and every span's characters ones
    /// `StructuralCloze.isSimple` reads. `StructuralCloze.expand` makes the same cards of such a cloze:
    /// the gaps numbered in order, gap n's question the text with gap n shown as `[...]` and the
    /// other gaps' brackets left out, every answer the text with no brackets, and the normalized text
    /// made from the text as written. False, with nothing written, for any other cloze.
    private mutating func expandPlainCloze(_ side: Side, pin: Int) -> Bool {
        if !gapBrackets.isEmpty { gapBrackets.removeAll(keepingCapacity: true) }
        // One pass over each span: its characters (`StructuralCloze.isSimple`), and outside code its
        // gaps' brackets and text.
        let plain = side.clozeText.withUnsafeBufferPointer { text -> Bool in
            for span in side.clozeSpans {
                let end = span.range.upperBound
                let code = span.style.contains(.code)
                var open = -1
                var visible = false
                var index = span.range.lowerBound
                while index < end {
                    let byte = text[index]
                    if byte >= 0x80 {
                        guard StructuralCloze.isSimpleCharacter(text, at: index, end: end) else { return false }
                        visible = true
                        index += 3
                        continue
                    }
                    index += 1
                    if code { continue }
                    if byte == 0x5B {
                        guard open < 0 else { return false }
                        open = index - 1
                        visible = false
                    } else if byte == 0x5D {
                        guard open >= 0, visible else { return false }
                        gapBrackets.append((open, index - 1))
                        open = -1
                    } else if open >= 0 {
                        if byte == 0x3A, index - 2 > open, text[index - 2] == 0x3A { return false }
                        if !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) { visible = true }
                    }
                }
                guard open < 0 else { return false }
            }
            return true
        }
        let gapCount = gapBrackets.count
        guard plain, gapCount > 0, gapCount <= ClozeExpander.maxGaps else { return false }
        // The first card's question: the text as written, normalized in place, then ` #1`.
        let normalizedStart = questions.count
        Self.appendClozeText(side, gapBrackets, showing: nil, into: &questions)
        StructuralText.normalizeInPlace(&questions, from: normalizedStart)
        let normalizedEnd = questions.count
        let hash = questions.withUnsafeBytes {
            CardKey.fnv1a(bytes: UnsafeRawBufferPointer(rebasing: $0[normalizedStart..<normalizedEnd]))
        }
        // The stem (the pinned id, or `c-` and the hash), then `-` and the gap's number.
        let stemStart = keyBytes.count
        appendKey(pin: pin, prefix: "c-", hash: hash)
        let stem = stemStart..<keyBytes.count
        for gap in 0..<gapCount {
            let questionStart = gap == 0 ? normalizedStart : questions.count
            if gap > 0 { StructuralText.appendCopy(of: normalizedStart..<normalizedEnd, in: &questions) }
            questions.append(0x20)
            questions.append(0x23)
            StructuralText.appendDecimal(gap + 1, into: &questions)
            // `StructuralText.fold` of the card's question and answer, both simple text.
            let searchStart = searchTexts.count
            Self.appendClozeText(side, gapBrackets, showing: gap, into: &searchTexts)
            searchTexts.append(0x0A)
            Self.appendClozeText(side, gapBrackets, showing: -1, into: &searchTexts)
            searchTexts.withUnsafeMutableBufferPointer { buffer in
                _ = ByteWords.lowercaseASCII(UnsafeMutableBufferPointer(rebasing: buffer[searchStart...]))
            }
            appendClozeCard(
                gap: gap, of: gapCount, stem: stem, number: gap + 1, question: questionStart, search: searchStart)
        }
        return true
    }

    /// Appends a plain cloze's blocks joined with newlines (`expandPlainCloze`'s `gapBrackets`): as
    /// written when `showing` is nil; else with the gap numbered `showing` (from 0) as `[...]` and the
    /// other gaps without their brackets. Static: a method would hold the reader, and with it the
    /// buffer `out` may be, so that every append copied it.
    private static func appendClozeText(
        _ side: Side, _ gapBrackets: [(open: Int, close: Int)], showing: Int?, into out: inout [UInt8]
    ) {
        side.clozeText.withUnsafeBufferPointer { text in
            var gap = 0
            for index in side.clozeBlocks.indices {
                if index > 0 { out.append(0x0A) }
                let spans = side.clozeBlocks[index].spans
                guard !spans.isEmpty else { continue }
                var from = side.clozeSpans[spans.lowerBound].range.lowerBound
                let end = side.clozeSpans[spans.upperBound - 1].range.upperBound
                if let showing {
                    while gap < gapBrackets.count, gapBrackets[gap].open < end {
                        let (open, close) = gapBrackets[gap]
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[from..<open]))
                        if gap == showing {
                            withUnsafeBytes(of: (0x5B, 0x2E, 0x2E, 0x2E, 0x5D) as (UInt8, UInt8, UInt8, UInt8, UInt8)) {
                                out.append(contentsOf: $0)
                            }
                        } else {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[(open + 1)..<close]))
                        }
                        from = close + 1
                        gap += 1
                    }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[from..<end]))
            }
        }
    }

    /// Appends a card's key to `keyBytes`: its pinned id (`pins[pin]`, and `-r` for the reversed
    /// card of an `R:` card) when it has one, else `prefix` and the hash (`StructuralText.appendKey`).
    private mutating func appendKey(pin: Int, reversed: Bool = false, prefix: StaticString, hash: UInt64) {
        guard pin >= 0 else {
            StructuralText.appendKey(prefix, hash, into: &keyBytes)
            return
        }
        keyBytes.append(contentsOf: pins[pin].utf8)
        if reversed {
            keyBytes.append(UInt8(ascii: "-"))
            keyBytes.append(UInt8(ascii: "r"))
        }
    }

    // MARK: The file

    /// The file, with each card's text left in `bytes` (`DeckSource.deferSides`' layout).
    func file(bytes: [UInt8]) -> ParsedDeckFile? {
        var table = CardTableBuilder(cardCapacity: items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case let .heading(level, title, line, _):
                table.heading(level: level, title: title, line: line)
            case let .cards(line, start, _, made):
                let end: Int
                if index + 1 < items.count {
                    switch items[index + 1] {
                    case let .heading(_, _, _, start): end = start
                    case let .cards(_, _, nextLineStart, _): end = nextLineStart
                    }
                } else {
                    end = bytes.count
                }
                guard start < end else { return nil }
                if made.isEmpty { table.noCards(line: line) }
                for (gap, card) in madeCards[made].enumerated() {
                    table.card(
                        key: keyBytes[card.key], kind: card.kind, line: line, start: UInt32(start), end: UInt32(end),
                        gap: UInt32(gap),
                        normalized: UInt32(card.question.lowerBound)..<UInt32(card.question.upperBound),
                        search: UInt32(card.search.lowerBound)..<UInt32(card.search.upperBound))
                }
            }
        }
        return table.file(
            path: path, title: title, diagnostics: diagnostics + cardDiagnostics,
            content: DeckContent(path: path, bytes: bytes), questions: TableBytes(questions),
            searchTexts: .loaded(searchTexts))
    }
}

/// Normalized questions, search texts and keys made from plain text bytes, as `CardKey` and
/// `SearchFolding` make them from strings.
enum StructuralText {
    /// `CardKey.normalize` of the text, appended as bytes.
    static func normalize(_ text: [UInt8], into out: inout [UInt8]) {
        text.withUnsafeBufferPointer { normalize($0, into: &out) }
    }

    /// `normalize` of a side's text.
    static func normalize(_ text: SideBytes, into out: inout [UInt8]) {
        text.withBytes { normalize($0, into: &out) }
    }

    /// `fold` of two sides' texts.
    static func fold(_ question: SideBytes, _ answer: SideBytes, into out: inout [UInt8]) {
        question.withBytes { q in answer.withBytes { a in fold(q, a, into: &out) } }
    }

    /// `normalize` of bytes in a buffer.
    static func normalize(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        // Text with no character that has case or is white space beyond ASCII folds byte by byte.
        guard ByteWords.isASCII(text) || StructuralCloze.isSimple(text) else {
            out.append(contentsOf: CardKey.normalize(String(decoding: text, as: UTF8.self)).utf8)
            return
        }
        // Copied, then folded in place: the result is never longer than the text, so each byte is
        // written at or before the place it is read from.
        let start = out.count
        out.append(contentsOf: text)
        normalizeInPlace(&out, from: start)
    }

    /// `normalize` of the bytes of `out` from `start`, which are ASCII or `StructuralCloze.isSimple`,
    /// in place.
    static func normalizeInPlace(_ out: inout [UInt8], from start: Int) {
        guard start < out.count else { return }
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int in
            // Most questions are single-spaced already, and are then only lowercased.
            if ByteWords.lowercaseIfSingleSpaced(UnsafeMutableBufferPointer(rebasing: buffer[start...])) {
                return buffer.count
            }
            var count = start
            var pendingSpace = false
            for index in start..<buffer.count {
                let byte = buffer[index]
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = count > start
                } else {
                    if pendingSpace {
                        buffer[count] = 0x20
                        count += 1
                    }
                    pendingSpace = false
                    buffer[count] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    count += 1
                }
            }
            return count
        }
        out.removeLast(out.count - written)
    }

    /// `SearchFolding.fold(question:answer:)` of two plain texts, appended as bytes.
    static func fold(_ question: [UInt8], _ answer: [UInt8], into out: inout [UInt8]) {
        question.withUnsafeBufferPointer { q in answer.withUnsafeBufferPointer { a in fold(q, a, into: &out) } }
    }

    /// `fold` of bytes in buffers.
    static func fold(
        _ question: UnsafeBufferPointer<UInt8>, _ answer: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]
    ) {
        // Copied and lowercased first, the pass telling whether both are ASCII (`isSimple` texts).
        let start = out.count
        out.append(contentsOf: question)
        out.append(0x0A)
        out.append(contentsOf: answer)
        let ascii = out.withUnsafeMutableBufferPointer { buffer in
            ByteWords.lowercaseASCII(UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        // Foundation's folding leaves kana and CJK ideographs as they are (a test holds it to that).
        if !ascii && !(StructuralCloze.isSimple(question) && StructuralCloze.isSimple(answer)) {
            out.removeLast(out.count - start)
            let text = String(decoding: question, as: UTF8.self) + "\n" + String(decoding: answer, as: UTF8.self)
            out.append(contentsOf: SearchFolding.fold(text).utf8)
        }
    }

    /// Appends the bytes `out[range]` to `out` again, without copying the whole buffer (appending a
    /// slice of an array to itself would: the slice holds the buffer).
    static func appendCopy(of range: Range<Int>, in out: inout [UInt8]) {
        guard !range.isEmpty else { return }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: range.count))
        out.withUnsafeMutableBufferPointer { buffer in
            (buffer.baseAddress! + start).update(from: buffer.baseAddress! + range.lowerBound, count: range.count)
        }
    }

    /// The decimal digits of `value` (not negative), appended as `String(value)` writes them.
    static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `prefix` and the hash as sixteen lower-case hex digits, as `CardKey.hex` writes them, appended.
    static func appendKey(_ prefix: StaticString, _ hash: UInt64, into out: inout [UInt8]) {
        out.append(prefix.utf8Start[0])
        out.append(prefix.utf8Start[1])
        let digits = (hexDigits(UInt32(truncatingIfNeeded: hash >> 32)), hexDigits(UInt32(truncatingIfNeeded: hash)))
        withUnsafeBytes(of: digits) { out.append(contentsOf: $0) }
    }

    /// The eight lower-case hex digits of `value`, most significant first in memory (the first in the
    /// lowest byte), made for all eight at once: every card's key is written this way.
    static func hexDigits(_ value: UInt32) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Each nibble into a byte of its own, the least significant nibble in the lowest byte.
        var nibbles = UInt64(value)
        nibbles = (nibbles | nibbles << 16) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | nibbles << 8) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | nibbles << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // The most significant digit first; bytes of 10 and over become letters (`'a' - '0' - 10`).
        nibbles = nibbles.byteSwapped
        let letters = ((nibbles &+ 0x06 &* ones) >> 4) & ones
        return (nibbles &+ 0x30 &* ones &+ letters &* 0x27).littleEndian
    }

}
