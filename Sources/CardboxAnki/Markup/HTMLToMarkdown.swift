import CLibXML2
import Foundation

/// Turns an Anki field's HTML into deck Markdown: bold, italic, underline (as emphasis), strikethrough,
/// line breaks, paragraphs, lists, code, links, images and tables; scripts and styles are dropped.
///
/// The HTML is parsed by libxml2's forgiving HTML parser, which reads `<br>`, unclosed `<li>` and
/// entities such as `&nbsp;` as a browser would. Text is escaped so that nothing in it reads as
/// Markdown, a card marker or a cloze gap.
public struct HTMLToMarkdown {
    /// Gives the Markdown address for an image's `src`, or nil to keep the address as written.
    public typealias ImageResolver = (String) -> String?

    private struct Block {
        var text: String
        var isListItem: Bool
    }

    private var blocks: [Block] = []
    private var current = ""
    private var listDepth = 0
    private let resolveImage: ImageResolver
    private let xml: LibXML2

    private init(resolveImage: @escaping ImageResolver, xml: LibXML2) {
        self.resolveImage = resolveImage
        self.xml = xml
    }

    /// The Markdown for `html`.
    public static func convert(_ html: String, resolveImage: @escaping ImageResolver = { _ in nil }) -> String {
        guard !html.isEmpty else { return "" }
        // The commands check for the library first (`LibXML2.loaded()`), with a message saying what to install.
        guard let xml = try? LibXML2.loaded() else { return escape(html) }
        var converter = HTMLToMarkdown(resolveImage: resolveImage, xml: xml)
        // The whole field as one document: a field is a fragment, which libxml2 puts in html/body (and
        // scripts and styles in head).
        let bytes = Array(html.utf8)
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xml.readMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return escape(html) }
        defer { xml.freeDoc(document) }
        var node = document.pointee.children
        while let child = node {
            converter.visit(child)
            node = child.pointee.next
        }
        converter.flush()
        return converter.blocks.enumerated().map { index, block in
            index == 0
                ? block.text : (block.isListItem && converter.blocks[index - 1].isListItem ? "\n" : "\n\n") + block.text
        }.joined()
    }

    // MARK: - Tree walk

    private static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    private func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xml.getProp(node, name) else { return nil }
        defer { xml.free(value) }
        return String(cString: value)
    }

    private static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let next = child {
            result.append(next)
            child = next.pointee.next
        }
        return result
    }

    /// The text under `node`, as written (for code).
    private func rawText(_ node: xmlNodePtr) -> String {
        guard let content = xml.nodeGetContent(node) else { return "" }
        defer { xml.free(content) }
        return String(cString: content)
    }

    private static let dropped: Set<String> = [
        "script", "style", "head", "title", "meta", "link", "noscript", "template",
    ]
    private static let blockElements: Set<String> = [
        "p", "div", "blockquote", "section", "article", "header", "footer", "center", "dl", "dt", "dd", "figure",
        "figcaption", "address", "main", "nav", "aside", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "li", "pre", "table", "body", "html",
    ]

    private static func containsBlock(_ node: xmlNodePtr) -> Bool {
        children(node).contains { child in
            child.pointee.type == XML_ELEMENT_NODE
                && (blockElements.contains(name(child)) || containsBlock(child))
        }
    }

    private mutating func visitChildren(_ node: xmlNodePtr) {
        for child in Self.children(node) { visit(child) }
    }

    private mutating func visit(_ node: xmlNodePtr) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            guard let content = node.pointee.content else { return }
            current += Self.escape(Self.collapse(String(cString: content)))
        case XML_ELEMENT_NODE:
            visitElement(node)
        default:
            break
        }
    }

    private mutating func visitElement(_ node: xmlNodePtr) {
        let name = Self.name(node)
        switch name {
        case _ where Self.dropped.contains(name):
            return
        case "br":
            current += "\\\n"
        case "ul", "ol":
            flush()
            listDepth += 1
            var number = 1
            for child in Self.children(node) {
                if child.pointee.type == XML_ELEMENT_NODE, Self.name(child) == "li" {
                    listItem(child, marker: name == "ol" ? "\(number)." : "-")
                    number += 1
                } else {
                    visit(child)
                }
            }
            flush()
            listDepth -= 1
        case "li":
            listItem(node, marker: "-")
        case "pre":
            flush()
            let code = rawText(node).trimmingCharacters(in: .newlines)
            let fence = code.contains("```") ? "~~~~" : "```"
            blocks.append(Block(text: "\(fence)\n\(code)\n\(fence)", isListItem: false))
        case "table":
            flush()
            table(node)
        case "hr":
            flush()
        case "h1", "h2", "h3", "h4", "h5", "h6":
            // A heading in a field is emphasis in the card: in a deck a heading would start a topic.
            flush()
            styled(node, delimiter: "**")
            flush()
        case _ where Self.blockElements.contains(name):
            flush()
            visitChildren(node)
            flush()
        case "img":
            image(node)
        case "b", "strong":
            styledOrBlock(node, delimiter: "**")
        case "i", "em", "u", "ins", "cite", "var", "dfn":
            styledOrBlock(node, delimiter: "*")
        case "s", "strike", "del":
            styledOrBlock(node, delimiter: "~~")
        case "code", "kbd", "samp", "tt":
            code(node)
        case "a":
            link(node)
        default:
            visitChildren(node)
        }
    }

    /// One list item: its text after the marker, then any list nested in it, indented under it.
    private mutating func listItem(_ node: xmlNodePtr, marker: String) {
        flush()
        let indent = String(repeating: "    ", count: max(0, listDepth - 1))
        var emitted = false
        func emit(_ converter: inout HTMLToMarkdown) {
            let text = Self.tidy(converter.current)
            converter.current = ""
            let body = text.replacingOccurrences(
                of: "\n", with: "\n" + indent + String(repeating: " ", count: marker.count + 1))
            converter.blocks.append(Block(text: indent + marker + " " + body, isListItem: true))
            emitted = true
        }
        for child in Self.children(node) {
            let name = child.pointee.type == XML_ELEMENT_NODE ? Self.name(child) : ""
            if name == "ul" || name == "ol" {
                if !emitted { emit(&self) }
                visit(child)
            } else if name == "p" || name == "div" {
                if !current.isEmpty { current += "\\\n" }
                visitChildren(child)
            } else {
                visit(child)
            }
        }
        if !emitted { emit(&self) } else { flush() }
    }

    /// Renders the inline content of `node` on its own and returns it.
    private mutating func inline(_ node: xmlNodePtr) -> String {
        let saved = current
        current = ""
        visitChildren(node)
        let result = current
        current = saved
        return result
    }

    private mutating func styledOrBlock(_ node: xmlNodePtr, delimiter: String) {
        if Self.containsBlock(node) {
            visitChildren(node)
        } else {
            styled(node, delimiter: delimiter)
        }
    }

    /// `**text**` with the spaces around the text kept outside the delimiters, as Markdown needs.
    private mutating func styled(_ node: xmlNodePtr, delimiter: String) {
        let inner = inline(node)
        let trimmed = inner.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            current += inner
            return
        }
        if inner.first == " " { current += " " }
        current += delimiter + trimmed + delimiter
        if inner.last == " " { current += " " }
    }

    private mutating func code(_ node: xmlNodePtr) {
        let text = Self.collapse(rawText(node))
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            current += text
            return
        }
        let ticks = text.contains("`") ? "``" : "`"
        let pad = text.first == "`" || text.last == "`" ? " " : ""
        current += ticks + pad + text + pad + ticks
    }

    private mutating func link(_ node: xmlNodePtr) {
        let text = inline(node).trimmingCharacters(in: .whitespaces)
        guard let href = attribute(node, "href")?.trimmingCharacters(in: .whitespaces), !href.isEmpty,
            !href.lowercased().hasPrefix("javascript:")
        else {
            current += text
            return
        }
        current += "[\(text.isEmpty ? Self.escape(href) : text)](\(Self.destination(href)))"
    }

    private mutating func image(_ node: xmlNodePtr) {
        guard let source = attribute(node, "src"), !source.isEmpty else { return }
        let alt = Self.escape(Self.collapse(attribute(node, "alt") ?? ""))
        current += "![\(alt)](\(Self.destination(resolveImage(source) ?? source)))"
    }

    private mutating func table(_ node: xmlNodePtr) {
        var rows: [[String]] = []
        func collectRows(_ parent: xmlNodePtr) {
            for child in Self.children(parent) where child.pointee.type == XML_ELEMENT_NODE {
                switch Self.name(child) {
                case "tr":
                    var cells: [String] = []
                    for cell in Self.children(child) where cell.pointee.type == XML_ELEMENT_NODE {
                        let cellName = Self.name(cell)
                        guard cellName == "td" || cellName == "th" else { continue }
                        cells.append(
                            Self.tidy(inline(cell)).replacingOccurrences(of: "\\\n", with: " ")
                                .replacingOccurrences(of: "\n", with: " "))
                    }
                    rows.append(cells)
                case "thead", "tbody", "tfoot":
                    collectRows(child)
                default:
                    break
                }
            }
        }
        collectRows(node)
        let width = rows.map(\.count).max() ?? 0
        guard width > 0 else { return }
        let padded = rows.map { $0 + Array(repeating: "", count: width - $0.count) }
        var lines = ["| " + padded[0].joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: " --- |", count: width))
        lines += padded.dropFirst().map { "| " + $0.joined(separator: " | ") + " |" }
        blocks.append(Block(text: lines.joined(separator: "\n"), isListItem: false))
    }

    /// Ends the paragraph being written.
    private mutating func flush() {
        let text = Self.tidy(current)
        current = ""
        guard !text.isEmpty else { return }
        blocks.append(Block(text: text, isListItem: false))
    }

    // MARK: - Text

    /// White space as a browser shows it: runs folded into one space; a no-break space is a space.
    static func collapse(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isSpace =
                scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{A0}"
                || scalar == "\u{0C}"
            if isSpace {
                if !lastWasSpace { result.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return result
    }

    /// Backslash-escapes what Markdown or the deck format would read as syntax.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>#|~&".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// Trims each line, drops a trailing hard break, and escapes what would start a block or a card.
    static func tidy(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        while let last = lines.last, last.isEmpty || last == "\\" { lines.removeLast() }
        while let first = lines.first, first.isEmpty || first == "\\" { lines.removeFirst() }
        if var last = lines.last, last.hasSuffix("\\"), !last.hasSuffix("\\\\") {
            last.removeLast()
            lines[lines.count - 1] = last.trimmingCharacters(in: .whitespaces)
        }
        return lines.map(guardLineStart).joined(separator: "\n")
    }

    /// A line that would open a list, a setext underline or a card marker is made plain text.
    static func guardLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "-+=".contains(first) { return "\\" + line }
        if let dot = line.firstIndex(where: { !$0.isNumber }), dot != line.startIndex,
            line[dot] == "." || line[dot] == ")"
        {
            return String(line[..<dot]) + "\\" + String(line[dot...])
        }
        // `Q:`, `R:`, `A:` and `C:` would start a card, escaped or not: an invisible word joiner
        // (U+2060) between the letter and the colon keeps the text as written.
        let scalars = Array(line.unicodeScalars.prefix(2))
        if scalars.count == 2, "QRAC".unicodeScalars.contains(scalars[0]), scalars[1] == ":" {
            return String(line.prefix(1)) + "\u{2060}" + line.dropFirst()
        }
        return line
    }

    /// A link destination, in angle brackets when it holds spaces or parentheses.
    static func destination(_ address: String) -> String {
        if address.contains(where: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" }) {
            return "<" + address.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
                + ">"
        }
        return address
    }
}

extension HTMLToMarkdown {
    /// The text of `html` without tags, for Anki's sort field.
    static func plainText(_ html: String) -> String {
        guard !html.isEmpty else { return "" }
        guard let xml = try? LibXML2.loaded() else { return html }
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xml.readMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return html }
        defer { xml.freeDoc(document) }
        guard let root = xml.docGetRootElement(document), let content = xml.nodeGetContent(root) else { return "" }
        defer { xml.free(content) }
        return collapse(String(cString: content)).trimmingCharacters(in: .whitespaces)
    }
}
