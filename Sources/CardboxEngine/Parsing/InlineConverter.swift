import CCmarkGFM
import Foundation

/// Turns cmark-gfm inline nodes into styled spans, one array per source line.
struct InlineConverter {
    /// Nesting deeper than this is kept as plain text in its parent's style (guards the stack on
    /// hostile input); `flattened` tells that it happened.
    static let maxDepth = 64

    private(set) var lines: [[TextSpan]] = [[]]
    /// True when some text was nested deeper than `maxDepth` and kept as plain text.
    private(set) var flattened = false

    mutating func convertChildren(of node: OpaquePointer, style: TextStyle, url: String? = nil, depth: Int = 0) {
        var child = cmark_node_first_child(node)
        while let current = child {
            convert(current, style: style, url: url, depth: depth + 1)
            child = cmark_node_next(current)
        }
    }

    private mutating func append(_ text: String, _ style: TextStyle, _ url: String?) {
        guard !text.isEmpty else { return }
        if let last = lines[lines.count - 1].last, last.style == style, last.url == url {
            lines[lines.count - 1][lines[lines.count - 1].count - 1].text += text
        } else {
            lines[lines.count - 1].append(TextSpan(text, style: style, url: url))
        }
    }

    private mutating func convert(_ node: OpaquePointer, style: TextStyle, url: String?, depth: Int) {
        let literal = { cmark_node_get_literal(node).map { String(cString: $0) } ?? "" }
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_TEXT:
            append(literal(), style, url)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            lines.append([])
        case CMARK_NODE_CODE:
            append(Self.restoringEscapes(literal(), keepBackslash: true), style.union(.code), url)
        case CMARK_NODE_HTML_INLINE:
            break
        default:
            var inner = style
            var innerURL = url
            switch type {
            case CMARK_NODE_EMPH: inner.insert(.emphasis)
            case CMARK_NODE_STRONG: inner.insert(.bold)
            case CMARK_NODE_LINK:
                inner.insert(.link)
                innerURL = Self.destination(of: node)
            case CMARK_NODE_IMAGE:
                // An image inside a link keeps the image's own path; its alt text is what is shown.
                inner.remove(.link)
                inner.insert(.image)
                innerURL = Self.destination(of: node)
            case cardbox_node_strikethrough(): inner.insert(.strikethrough)
            default: break
            }
            if depth < Self.maxDepth {
                convertChildren(of: node, style: inner, url: innerURL, depth: depth)
            } else {
                flattened = true
                append(DeepNesting.plainText(of: node), inner, innerURL)
            }
        }
    }

    /// A link's or image's destination without control characters (C0, DEL, C1), so that a deck
    /// cannot smuggle terminal escape sequences through it.
    static func destination(of node: OpaquePointer) -> String {
        let raw = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        // The usual address is printable ASCII: nothing to take out.
        if raw.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return raw }
        return String(
            String.UnicodeScalarView(
                raw.unicodeScalars.filter { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }))
    }

    /// Joins lines into one paragraph block (lines separated by a space); nil when there is no text.
    static func paragraph(from lines: [[TextSpan]]) -> TextBlock? {
        var spans: [TextSpan] = []
        for (index, line) in lines.enumerated() {
            if index > 0 && !spans.isEmpty { spans.append(TextSpan(" ")) }
            spans.append(contentsOf: line)
        }
        let merged = merge(spans)
        guard merged.contains(where: { $0.text.hasVisibleText }) else { return nil }
        return TextBlock(.paragraph, merged)
    }

    /// Merges neighbouring spans that share a style.
    static func merge(_ spans: [TextSpan]) -> [TextSpan] {
        var out: [TextSpan] = []
        for span in spans where !span.text.isEmpty {
            if let last = out.last, last.continues(span) {
                out[out.count - 1].text += span.text
            } else {
                out.append(span)
            }
        }
        return out
    }

    /// Puts the escaped brackets back: `[`/`]` in text, `\[`/`\]` inside code where escapes are literal.
    static func restoringEscapes(_ text: String, keepBackslash: Bool = false) -> String {
        // Both stand-ins start with the UTF-8 byte 0xEE; most text has none, and bytes are quick to scan.
        guard text.containsUTF8Byte(0xEE),
            text.contains(DeckParser.escapedOpen) || text.contains(DeckParser.escapedClose)
        else { return text }
        var out = ""
        for ch in text {
            switch ch {
            case DeckParser.escapedOpen: out += keepBackslash ? "\\[" : "["
            case DeckParser.escapedClose: out += keepBackslash ? "\\]" : "]"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension StyledText {
    /// The same text with escaped-bracket stand-ins turned back into brackets.
    func restoringEscapes() -> StyledText {
        guard blocks.contains(where: { $0.spans.contains { $0.text.containsUTF8Byte(0xEE) } }) else { return self }
        return StyledText(
            blocks.map { block in
                TextBlock(
                    block.kind, block.spans.map { TextSpan(InlineConverter.restoringEscapes($0.text), style: $0.style) }
                )
            })
    }
}

extension String {
    /// Whether the UTF-8 form holds `byte`; a `memchr` over contiguous storage, far quicker than
    /// walking the UTF-8 view.
    func containsUTF8Byte(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ buffer in
            buffer.isEmpty ? false : memchr(buffer.baseAddress!, Int32(byte), buffer.count) != nil
        }) {
            return found
        }
        return utf8.contains(byte)
    }
}
