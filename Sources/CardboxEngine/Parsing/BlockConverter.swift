import CCmark

/// Turns libcmark block nodes (lists, code, quotes, paragraphs) into `TextBlock`s.
enum BlockConverter {
    static func convert(_ node: OpaquePointer, listDepth: Int = 0, nesting: Int = 0) -> [TextBlock] {
        guard nesting < InlineConverter.maxDepth else { return [] }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
            var converter = InlineConverter()
            converter.convertChildren(of: node, style: [])
            return InlineConverter.paragraph(from: converter.lines).map { [$0] } ?? []
        case CMARK_NODE_CODE_BLOCK:
            var text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            while text.hasSuffix("\n") { text.removeLast() }
            text = InlineConverter.restoringEscapes(text, keepBackslash: true)
            return text.isEmpty ? [] : [TextBlock(.code, [TextSpan(text, style: .code)])]
        case CMARK_NODE_LIST:
            return convertList(node, depth: listDepth, nesting: nesting)
        case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_ITEM:
            return children(of: node).flatMap { convert($0, listDepth: listDepth, nesting: nesting + 1) }
        default:
            return []
        }
    }

    private static func convertList(_ node: OpaquePointer, depth: Int, nesting: Int) -> [TextBlock] {
        let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        var number = Int(cmark_node_get_list_start(node))
        var blocks: [TextBlock] = []
        for item in children(of: node) {
            let marker = ordered ? "\(number)." : "•"
            number += 1
            var first = true
            for child in children(of: item) {
                for block in convert(child, listDepth: depth + 1, nesting: nesting + 1) {
                    if block.kind == .paragraph {
                        blocks.append(TextBlock(.listItem(depth: depth, marker: first ? marker : ""), block.spans))
                    } else {
                        blocks.append(block)
                    }
                    first = false
                }
            }
            if first { blocks.append(TextBlock(.listItem(depth: depth, marker: marker), [])) }
        }
        return blocks
    }

    static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            out.append(current)
            child = cmark_node_next(current)
        }
        return out
    }
}
