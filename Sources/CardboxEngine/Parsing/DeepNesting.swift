import CCmarkGFM

/// The text of a subtree nested deeper than the converters follow, read with libcmark's iterator
/// (no recursion, so no depth can exhaust the stack): kept as plain text instead of being lost.
enum DeepNesting {
    /// What a deck file is told when some of its text was nested too deeply to keep its formatting.
    static let message =
        "nesting deeper than \(InlineConverter.maxDepth) levels; the deeper text is kept as plain text"

    /// Every text, code and break of `node`'s subtree, in order; breaks and block ends become spaces.
    static func plainText(of node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let current = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(current)
            switch (event, type) {
            case (CMARK_EVENT_ENTER, CMARK_NODE_TEXT), (CMARK_EVENT_ENTER, CMARK_NODE_CODE),
                (CMARK_EVENT_ENTER, CMARK_NODE_CODE_BLOCK):
                text += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            case (CMARK_EVENT_ENTER, CMARK_NODE_SOFTBREAK), (CMARK_EVENT_ENTER, CMARK_NODE_LINEBREAK),
                (CMARK_EVENT_EXIT, CMARK_NODE_PARAGRAPH), (CMARK_EVENT_EXIT, CMARK_NODE_HEADING):
                if !text.isEmpty && !text.hasSuffix(" ") { text += " " }
            default:
                break
            }
        }
        while text.hasSuffix(" ") || text.hasSuffix("\n") { text.removeLast() }
        return InlineConverter.restoringEscapes(text)
    }
}
