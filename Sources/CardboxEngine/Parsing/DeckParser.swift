import CCmarkGFM
import Foundation

/// Reads one Markdown deck file with cmark-gfm into headings and raw cards, reporting problems by line.
///
/// `Q:`, `R:`, `A:` and `C:` start a side when they open a line; a side runs until the next marker,
/// heading or end of file, and may hold paragraphs, lists, code blocks and tables.
public enum DeckParser {
    /// Deepest heading level that forms a topic; deeper headings are folded into this level.
    public static let maxTopicLevel = 4

    /// Private-use stand-ins for the escaped brackets `\[` and `\]`, so cloze parsing can tell them apart.
    static let escapedOpen: Character = "\u{E000}"
    static let escapedClose: Character = "\u{E001}"

    /// Parses the bytes of a file. Invalid UTF-8 is reported and replaced; parsing goes on.
    public static func parse(bytes: [UInt8], path: String) -> ParsedDeckFile {
        var diagnostics: [Diagnostic] = []
        if let line = UTF8Check.firstInvalidLine(bytes) {
            diagnostics.append(
                Diagnostic(SourceLocation(path: path, line: line), "invalid UTF-8 (bytes replaced with U+FFFD)"))
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return parse(text: text, path: path, diagnostics: diagnostics)
    }

    /// Parses decoded text.
    public static func parse(text: String, path: String, diagnostics: [Diagnostic] = []) -> ParsedDeckFile {
        var diagnostics = diagnostics
        if let line = firstNULLine(text) {
            // cmark-gfm reads a NUL as U+FFFD, as CommonMark says; the rest of the file is kept.
            diagnostics.append(
                Diagnostic(SourceLocation(path: path, line: line), "NUL byte (replaced with U+FFFD)"))
        }
        let front = FrontMatter.read(text[...])
        var body = text
        if front.lineCount > 0 {
            // Blank out the front matter but keep its lines so source positions stay right.
            let rest = text.split(
                maxSplits: front.lineCount, omittingEmptySubsequences: false, whereSeparator: \.isLineEnd)
            body =
                String(repeating: "\n", count: front.lineCount)
                + (rest.count > front.lineCount ? String(rest[front.lineCount]) : "")
        }
        if body.containsUTF8Byte(UInt8(ascii: "\\")) {
            body = body.replacingOccurrences(of: "\\[", with: String(escapedOpen))
                .replacingOccurrences(of: "\\]", with: String(escapedClose))
        }
        // The whole buffer, NUL bytes included (cmark-gfm reads them as U+FFFD).
        let source = Array(body.utf8)
        var builder = FileBuilder(path: path, diagnostics: diagnostics, source: source)
        MarkdownDocument.forEachBlock(in: source) { node, lineOffset in
            builder.visitBlock(node, lineOffset: lineOffset)
        }
        builder.finishCard()
        builder.dropUnusedPin()
        builder.reportFootnotes()
        diagnostics = builder.diagnostics
        let items = builder.items.map { item -> ParsedDeckFile.Item in
            switch item {
            case let .heading(level, title, line):
                return .heading(level: level, title: title, line: line)
            case let .card(raw):
                return .cards(
                    line: raw.line,
                    CollectionBuilder.makeCards(
                        raw, deck: "", topic: 0, location: SourceLocation(path: path, line: raw.line),
                        diagnostics: &diagnostics))
            }
        }
        return ParsedDeckFile(
            path: path, title: front.title, items: items, diagnostics: diagnostics,
            cardLinesExact: builder.linesExact)
    }

    /// `<!-- id: x -->` → .some(x); a malformed id → .some(nil); other HTML → nil.
    static func pinnedID(in html: String) -> String?? {
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") else { return nil }
        let inner = trimmed.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix("id:") else { return nil }
        let id = inner.dropFirst(3).trimmingCharacters(in: .whitespaces)
        let allowed = id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "." || $0 == "_"
                || $0 == "-"
        }
        return .some(allowed && !id.isEmpty ? id : nil)
    }

    /// The 1-based line of the first NUL byte in `text`, counting lines as cmark-gfm does.
    static func firstNULLine(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { buffer -> Int? in
            guard let base = buffer.baseAddress, let nul = memchr(base, 0, buffer.count) else { return nil }
            let offset = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
            let lines = SourceLines(Array(buffer[..<offset]))
            return lines.count
        }
    }
}

/// Walks the top-level blocks of one document, keeping the card being written.
private struct FileBuilder {
    /// A heading or a card as found, before its cards are made.
    enum Item {
        case heading(level: Int, title: String, line: Int)
        case card(RawCard)
    }

    let path: String
    var diagnostics: [Diagnostic]
    var items: [Item] = []
    /// False when a side marker's source line could not be told for sure (see `markerLines`).
    private(set) var linesExact = true
    private let source: [UInt8]
    private let lines: SourceLines
    private var pending: PendingCard?
    private var pinnedID: String?
    private var pinnedLine = 0
    /// The line after the last block read, for a block whose position cmark-gfm left unset.
    private var followingLine = 1

    init(path: String, diagnostics: [Diagnostic], source: [UInt8]) {
        self.path = path
        self.diagnostics = diagnostics
        self.source = source
        self.lines = SourceLines(source)
    }

    /// The marker a card was started with.
    private enum CardForm {
        case basic, reverse, cloze
    }

    private struct PendingCard {
        var form: CardForm
        var line: Int
        var question: [TextBlock]
        var answer: [TextBlock]?
        var answerLine: Int
        var pinnedID: String?
    }

    private func location(_ line: Int) -> SourceLocation { SourceLocation(path: path, line: line) }

    private mutating func report(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(location(line), message))
    }

    /// Text nested too deeply is kept, flat; the file is told where.
    private mutating func reportDeepNesting(_ line: Int) {
        diagnostics.append(Diagnostic(location(line), DeepNesting.message, severity: .warning))
    }

    /// Reads one top-level block; `lineOffset` turns its line numbers into lines of the file.
    mutating func visitBlock(_ node: OpaquePointer, lineOffset: Int) {
        // cmark-gfm leaves the position of a paragraph that its table extension cut short unset (0);
        // such a block starts after the block before it.
        let reported = Int(cmark_node_get_start_line(node))
        let line = reported > 0 ? reported + lineOffset : max(followingLine, lineOffset + 1)
        let reportedEnd = Int(cmark_node_get_end_line(node))
        defer { followingLine = max(followingLine, (reportedEnd > 0 ? reportedEnd + lineOffset : line) + 1) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            finishCard()
            dropUnusedPin()
            let level = min(Int(cmark_node_get_heading_level(node)), DeckParser.maxTopicLevel)
            var converter = InlineConverter()
            converter.convertChildren(of: node, style: [])
            if converter.flattened { reportDeepNesting(line) }
            let title = InlineConverter.restoringEscapes(
                converter.lines.map { $0.map(\.text).joined() }.joined(separator: " ")
            )
            .trimmingCharacters(in: .whitespaces)
            items.append(.heading(level: level, title: title.isEmpty ? "(untitled)" : title, line: line))
        case CMARK_NODE_PARAGRAPH:
            visitParagraph(node, line: line, lastLine: max(line, reportedEnd + lineOffset))
        case CMARK_NODE_HTML_BLOCK:
            let html = String(cString: cmark_node_get_literal(node))
            if let id = DeckParser.pinnedID(in: html) {
                finishCard()
                dropUnusedPin()
                if let id {
                    pinnedID = id
                    pinnedLine = line
                } else {
                    report(line, "card id must be letters, digits, '.', '_' or '-'")
                }
            } else if pending != nil, !html.trimmingCharacters(in: .whitespaces).hasPrefix("<!--") {
                diagnostics.append(
                    Diagnostic(
                        location(line), "raw HTML is not shown in the app (write it as Markdown)", severity: .warning))
            }
        case CMARK_NODE_THEMATIC_BREAK:
            break
        default:
            var flattened = false
            let blocks = BlockConverter.convert(node, flattened: &flattened)
            if flattened { reportDeepNesting(line) }
            appendToSide(blocks)
        }
    }

    private mutating func visitParagraph(_ node: OpaquePointer, line: Int, lastLine: Int) {
        var converter = InlineConverter()
        converter.convertChildren(of: node, style: [])
        if converter.flattened { reportDeepNesting(line) }
        let markers = converter.lines.map { Self.marker(of: $0) }
        let sourceLines = markerLines(markers.compactMap { $0?.0 }, from: line, to: lastLine)
        // Split the paragraph where a line opens with a side marker.
        var segment: [[TextSpan]] = []
        var segmentMarker: Character?
        var segmentLine = line
        var markerIndex = 0
        for (offset, spans) in converter.lines.enumerated() {
            if let (marker, rest) = markers[offset] {
                flushSegment(segment, marker: segmentMarker, line: segmentLine)
                segment = [rest]
                segmentMarker = marker
                segmentLine = sourceLines?[markerIndex] ?? line + offset
                markerIndex += 1
            } else {
                segment.append(spans)
            }
        }
        flushSegment(segment, marker: segmentMarker, line: segmentLine)
    }

    /// The source lines of a paragraph's side markers, found by reading the paragraph's own lines.
    ///
    /// A rendered line is not always a source line (a code span may join two), so counting rendered
    /// lines can point at the wrong line. When the source's marker lines do not match the rendered
    /// markers one for one (an escaped or entity-written marker, say), the lines are not exact.
    private mutating func markerLines(_ letters: [Character], from first: Int, to last: Int) -> [Int]? {
        guard !letters.isEmpty else { return nil }
        var found: [Int] = []
        var letterBytes: [UInt8] = []
        for number in first...max(first, last) {
            if let letter = lines.marker(onLine: number, in: source) {
                found.append(number)
                letterBytes.append(letter)
            }
        }
        guard letterBytes.elementsEqual(letters.map { $0.asciiValue ?? 0 }) else {
            linesExact = false
            return nil
        }
        return found
    }

    /// The side marker opening a line (`Q:`, `R:`, `A:`, `C:` in plain text) and the spans after it.
    static func marker(of spans: [TextSpan]) -> (Character, [TextSpan])? {
        guard let first = spans.first, first.style.isEmpty else { return nil }
        let text = first.text
        // Checked on bytes: this runs for every line of every paragraph.
        var bytes = text.utf8.makeIterator()
        guard let byte = bytes.next(), SourceLines.isMarkerLetter(byte), bytes.next() == UInt8(ascii: ":")
        else { return nil }
        let letter = Character(Unicode.Scalar(byte))
        var rest = spans
        let remainder = String(text.dropFirst(2).drop { $0 == " " || $0 == "\t" })
        if remainder.isEmpty { rest.removeFirst() } else { rest[0].text = remainder }
        return (letter, rest)
    }

    private mutating func flushSegment(_ lines: [[TextSpan]], marker: Character?, line: Int) {
        let block = InlineConverter.paragraph(from: lines)
        let blocks = block.map { [$0] } ?? []
        switch marker {
        case nil:
            if !lines.isEmpty { appendToSide(blocks) }
        case "Q":
            finishCard()
            startCard(.basic, line: line, blocks: blocks)
        case "R":
            finishCard()
            startCard(.reverse, line: line, blocks: blocks)
        case "C":
            finishCard()
            startCard(.cloze, line: line, blocks: blocks)
        default:  // "A"
            if var card = pending, card.form != .cloze, card.answer == nil {
                card.answer = blocks
                card.answerLine = line
                pending = card
            } else if let card = pending, card.form != .cloze {
                report(line, "second A: for the question at line \(card.line)")
            } else {
                finishCard()
                report(line, "A: without Q:")
            }
        }
    }

    private mutating func startCard(_ form: CardForm, line: Int, blocks: [TextBlock]) {
        let id = pinnedID
        pinnedID = nil
        pending = PendingCard(form: form, line: line, question: blocks, answer: nil, answerLine: line, pinnedID: id)
    }

    private mutating func appendToSide(_ blocks: [TextBlock]) {
        guard var card = pending, !blocks.isEmpty else { return }
        if card.answer != nil {
            card.answer!.append(contentsOf: blocks)
        } else {
            card.question.append(contentsOf: blocks)
        }
        pending = card
    }

    /// Warns of footnote definitions (`[^1]: …` opening a line), which the app does not show: without
    /// the footnote extension they are link reference definitions, and vanish from the card.
    mutating func reportFootnotes() {
        guard source.contains(UInt8(ascii: "^")) else { return }
        for line in 1...max(1, lines.count) {
            var index = SourceLines.skippingBlanks(source, from: lines.start(ofLine: line))
            guard index + 1 < source.count, source[index] == UInt8(ascii: "["), source[index + 1] == UInt8(ascii: "^")
            else { continue }
            index += 2
            while index < source.count, source[index] != UInt8(ascii: "]"), source[index] != 0x0A,
                source[index] != 0x0D
            {
                index += 1
            }
            guard index + 1 < source.count, source[index] == UInt8(ascii: "]"), source[index + 1] == UInt8(ascii: ":")
            else { continue }
            diagnostics.append(
                Diagnostic(
                    location(line), "footnotes are not shown in the app (write the note into the card)",
                    severity: .warning))
        }
    }

    /// Reports an id line that no card followed (a heading, another id or the end of file came first).
    mutating func dropUnusedPin() {
        if pinnedID != nil { report(pinnedLine, "card id is not followed by a card") }
        pinnedID = nil
    }

    mutating func finishCard() {
        guard let card = pending else { return }
        pending = nil
        var question = StyledText(card.question)
        if let limited = SideSizeLimit.limited(question) {
            question = limited.text
            diagnostics.append(
                Diagnostic(
                    location(card.line),
                    SideSizeLimit.message(side: card.form == .cloze ? "cloze" : "question", size: limited.size),
                    severity: .warning))
        }
        if card.form == .cloze {
            if question.isBlank {
                report(card.line, "empty cloze")
                return
            }
            items.append(.card(RawCard(body: .cloze(question), line: card.line, pinnedID: card.pinnedID)))
            return
        }
        guard let answerBlocks = card.answer else {
            report(card.line, card.form == .reverse ? "R: without A:" : "Q: without A:")
            return
        }
        var answer = StyledText(answerBlocks)
        if let limited = SideSizeLimit.limited(answer) {
            answer = limited.text
            diagnostics.append(
                Diagnostic(
                    location(card.answerLine), SideSizeLimit.message(side: "answer", size: limited.size),
                    severity: .warning))
        }
        if question.isBlank {
            report(card.line, "empty question")
            return
        }
        if answer.isBlank {
            report(card.answerLine, "empty answer")
            return
        }
        let body: RawCard.Body =
            card.form == .reverse
            ? .reverse(question: question, answer: answer) : .basic(question: question, answer: answer)
        items.append(.card(RawCard(body: body, line: card.line, pinnedID: card.pinnedID)))
    }
}
