import CardboxEngine
import Foundation

/// The search overlay: the query, the matching cards (topic and question, matches highlighted) and a
/// preview of the selected card's answer.
public enum SearchPane {
    /// Rows of the preview at the bottom of the overlay (0 when the overlay is short).
    static func previewRows(layout: Layout) -> Int { layout.search.height >= 14 ? 4 : 0 }

    /// Rows of hits the overlay shows.
    public static func listRows(layout: Layout) -> Int {
        let preview = previewRows(layout: layout)
        return max(0, layout.search.height - 4 - (preview > 0 ? preview + 1 : 0))
    }

    /// What every row of hits is drawn with: a new one empties the cache of rows.
    struct RowContext: Equatable {
        var theme: Theme
        var width: Int
        var decksVersion: Int
        var cards: Int
    }

    /// Everything one row of hits is drawn from beyond its `RowContext`.
    struct RowKey: Hashable {
        var card: Int
        var selected: Bool
        var terms: [String]

        /// The card and the words' length in bytes: cheaper than hashing the words, and rows of one
        /// card for queries of one length are few.
        func hash(into hasher: inout Hasher) {
            hasher.combine(card)
            hasher.combine(terms.reduce(0) { $0 + $1.utf8.count })
        }
    }

    /// What the preview of a card's answer is drawn from beyond its `RowContext`.
    struct PreviewKey: Hashable {
        var card: Int
        var rows: Int
    }

    /// Draws this pane for `state` into `rect` of `surface`; rows of hits and previews drawn before
    /// for the same inputs are pasted from `cache`.
    public static func render<S: Surface>(
        _ state: AppState, search: SearchState, into surface: inout S, rect: Rect,
        theme: Theme, cache: ScreenCache? = nil
    ) {
        guard rect.width >= 4, rect.height >= 4 else { return }
        surface.fill(rect)
        surface.drawBox(rect, title: "Search", focused: true, theme: theme)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let layout = state.layout

        // Query line.
        let count = search.hits.isEmpty ? "no match" : "\(search.selection + 1) of \(search.hits.count)"
        var x = surface.put("/ ", x: inner.x, y: inner.y, style: theme.style(.statusKey), clip: inner)
        let queryRoom = max(0, inner.width - DisplayWidth.width(of: count) - 4)
        let query = String(search.query.reversed()).reversedPrefix(fitting: queryRoom)
        x = surface.put(query, x: x, y: inner.y, style: theme.style(.strong), clip: inner)
        surface.put(theme.glyphs.cursor, x: x, y: inner.y, style: theme.style(.accent), clip: inner)
        surface.put(
            count, x: inner.maxX - DisplayWidth.width(of: count), y: inner.y, style: theme.style(.muted), clip: inner)
        separator(y: inner.y + 1, box: rect, theme: theme, into: &surface)

        // Hits.
        let rows = listRows(layout: layout)
        let terms = search.query.split(whereSeparator: \.isWhitespace).map(String.init)
        let topicWidth = min(28, inner.width / 3)
        if search.hits.isEmpty {
            surface.put("No card matches.", x: inner.x, y: inner.y + 2, style: theme.style(.muted), clip: inner)
        }
        // Neighbouring hits often share a topic: its column is made once per frame.
        var topics: [Int: String] = [:]
        // What the rows of hits and the preview are both drawn with.
        let context = RowContext(
            theme: theme, width: inner.width, decksVersion: state.decksVersion, cards: state.collection.cards.count)
        cache?.searchRows.begin(context)
        for line in 0..<rows where search.scroll + line < search.hits.count {
            let index = search.hits[search.scroll + line]
            let y = inner.y + 2 + line
            let selected = search.scroll + line == search.selection
            let rowRect = Rect(x: inner.x - 1, y: y, width: inner.width + 2, height: 1)
            let key = RowKey(card: index, selected: selected, terms: terms)
            if let kept = cache?.searchRows.part(for: key) {
                surface.paste(kept.snapshot, x: rowRect.x, y: y)
                continue
            }
            defer { cache?.searchRows.keep(surface.snapshot(of: rowRect), extra: (), for: key) }
            let card = state.collection.cards[index]
            let base = selected ? theme.style(.selection) : CellStyle()
            if selected { surface.fill(rowRect, style: base) }
            // Innermost heading first, as in the card pane: the deck's title would fill the column.
            let topic =
                topics[card.topic]
                ?? DisplayWidth.padRight(
                    CardPane.ownTopic(state, card: card), to: topicWidth, ellipsis: theme.glyphs.ellipsis)
            topics[card.topic] = topic
            var column = surface.put(topic, x: inner.x, y: y, style: selected ? base : theme.style(.muted), clip: inner)
            column += 2
            let question = oneLine(card.question.plainText)
            let shown = DisplayWidth.truncate(
                question, to: max(0, inner.maxX - column), ellipsis: theme.glyphs.ellipsis)
            for (text, isMatch) in highlight(shown, terms: terms) {
                let style = isMatch ? base.merged(with: theme.style(.match)) : base
                column = surface.put(text, x: column, y: y, style: style, clip: inner)
            }
        }

        // Preview of the selected card's answer.
        let preview = previewRows(layout: layout)
        if preview > 0, let selected = search.selectedCard {
            let top = rect.maxY - 2 - preview
            separator(y: top, box: rect, theme: theme, into: &surface)
            let area = Rect(x: inner.x, y: top + 1, width: inner.width, height: preview)
            let key = PreviewKey(card: selected, rows: preview)
            cache?.previews.begin(context)
            if let kept = cache?.previews.part(for: key) {
                surface.paste(kept.snapshot, x: area.x, y: area.y)
                return
            }
            defer { cache?.previews.keep(surface.snapshot(of: area), extra: (), for: key) }
            let label = "Answer  "
            let wrapper = TextWrapper(glyphs: theme.glyphs)
            let lines = wrapper.wrap(state.collection.cards[selected].answer, width: max(1, area.width - label.count))
                .filter { !$0.spans.isEmpty }
            surface.put(label, x: area.x, y: area.y, style: theme.style(.muted), clip: area)
            let textArea = Rect(
                x: area.x + label.count, y: area.y, width: area.width - label.count, height: area.height)
            PaneText.draw(
                lines.map { PaneText.runs($0, theme: theme) }, in: textArea, scroll: 0, box: nil, theme: theme,
                into: &surface)
        }
    }

    private static func separator<S: Surface>(y: Int, box: Rect, theme: Theme, into surface: inout S) {
        let g = theme.glyphs.focusedBox
        surface.drawRule(
            left: g.teeLeft, fill: g.horizontal, right: g.teeRight, x: box.x, y: y, width: box.width,
            style: theme.style(.borderFocused))
    }

    /// `text` with each line break made a space.
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(0x0A) else { return text }
        return String(decoding: text.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Splits `text` into pieces that do or do not match one of `terms` (case and accents ignored).
    static func highlight(_ text: String, terms: [String]) -> [(String, Bool)] {
        asciiHighlight(text, terms: terms) ?? foundationHighlight(text, terms: terms)
    }

    /// `highlight` with Foundation's comparison, for any text.
    static func foundationHighlight(_ text: String, terms: [String]) -> [(String, Bool)] {
        var marked = Array(repeating: false, count: text.count)
        let characters = Array(text)
        for term in terms where !term.isEmpty {
            var searchRange = text.startIndex..<text.endIndex
            while let found = text.range(
                of: term, options: [.caseInsensitive, .diacriticInsensitive], range: searchRange)
            {
                let start = text.distance(from: text.startIndex, to: found.lowerBound)
                let end = text.distance(from: text.startIndex, to: found.upperBound)
                for i in start..<end { marked[i] = true }
                searchRange = found.upperBound..<text.endIndex
                if found.isEmpty { break }
            }
        }
        var pieces: [(String, Bool)] = []
        for (character, isMatch) in zip(characters, marked) {
            if let last = pieces.last, last.1 == isMatch {
                pieces[pieces.count - 1].0.append(character)
            } else {
                pieces.append((String(character), isMatch))
            }
        }
        return pieces
    }
}

extension SearchPane {
    /// `highlight` for printable ASCII text and terms, where ignoring case and accents is comparing
    /// bytes with A–Z lowered; nil for anything else.
    static func asciiHighlight(_ text: String, terms: [String]) -> [(String, Bool)]? {
        func isPrintableASCII(_ string: String) -> Bool { string.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        guard isPrintableASCII(text), terms.allSatisfy(isPrintableASCII) else { return nil }
        func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let bytes = text.utf8.map(lowered)
        var marked = [Bool](repeating: false, count: bytes.count)
        for term in terms where !term.isEmpty {
            let needle = term.utf8.map(lowered)
            var start = 0
            while start + needle.count <= bytes.count {
                guard bytes[start..<(start + needle.count)].elementsEqual(needle) else {
                    start += 1
                    continue
                }
                for index in start..<(start + needle.count) { marked[index] = true }
                start += needle.count
            }
        }
        var pieces: [(String, Bool)] = []
        var start = 0
        let utf8 = Array(text.utf8)
        while start < utf8.count {
            var end = start + 1
            while end < utf8.count, marked[end] == marked[start] { end += 1 }
            pieces.append((String(decoding: utf8[start..<end], as: UTF8.self), marked[start]))
            start = end
        }
        return pieces
    }
}

extension String {
    /// For a reversed string: the longest prefix that fits `cells`, reversed back (the end of the original).
    fileprivate func reversedPrefix(fitting cells: Int) -> String {
        String(DisplayWidth.prefix(of: self, fitting: cells).text.reversed())
    }
}
