import CCmarkGFM

/// Turns cmark-gfm block nodes (lists, code, quotes, paragraphs, tables) into `TextBlock`s.
///
/// Blocks nested deeper than `InlineConverter.maxDepth` become one plain paragraph, and `flattened`
/// is set so the caller can say so.
enum BlockConverter {
    static func convert(_ node: OpaquePointer, flattened: inout Bool) -> [TextBlock] {
        convert(node, listDepth: 0, nesting: 0, flattened: &flattened)
    }

    private static func convert(
        _ node: OpaquePointer, listDepth: Int, nesting: Int, flattened: inout Bool
    ) -> [TextBlock] {
        guard nesting < InlineConverter.maxDepth else {
            flattened = true
            let text = DeepNesting.plainText(of: node)
            return text.hasVisibleText ? [TextBlock(.paragraph, [TextSpan(text)])] : []
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
            var converter = InlineConverter()
            converter.convertChildren(of: node, style: [])
            if converter.flattened { flattened = true }
            return InlineConverter.paragraph(from: converter.lines).map { [$0] } ?? []
        case CMARK_NODE_CODE_BLOCK:
            var text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            while text.hasSuffix("\n") { text.removeLast() }
            text = InlineConverter.restoringEscapes(text, keepBackslash: true)
            return text.isEmpty ? [] : [TextBlock(.code, [TextSpan(text, style: .code)])]
        case CMARK_NODE_LIST:
            return convertList(node, depth: listDepth, nesting: nesting, flattened: &flattened)
        case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_ITEM:
            var blocks: [TextBlock] = []
            for child in children(of: node) {
                blocks += convert(child, listDepth: listDepth, nesting: nesting + 1, flattened: &flattened)
            }
            return blocks
        case cardbox_node_table():
            return convertTable(node, flattened: &flattened)
        default:
            return []
        }
    }

    /// One `.tableCell` block per cell, row by row. Rows shorter than the header are filled with
    /// empty cells, so every row has the table's column count.
    private static func convertTable(_ node: OpaquePointer, flattened: inout Bool) -> [TextBlock] {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        guard columns > 0 else { return [] }
        var alignments = [TableAlignment](repeating: .none, count: columns)
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for column in 0..<columns {
                switch raw[column] {
                case UInt8(ascii: "l"): alignments[column] = .left
                case UInt8(ascii: "c"): alignments[column] = .center
                case UInt8(ascii: "r"): alignments[column] = .right
                default: break
                }
            }
        }
        var blocks: [TextBlock] = []
        for (row, rowNode) in children(of: node).enumerated() {
            let cells = children(of: rowNode)
            for column in 0..<columns {
                var spans: [TextSpan] = []
                if column < cells.count {
                    var converter = InlineConverter()
                    converter.convertChildren(of: cells[column], style: [])
                    if converter.flattened { flattened = true }
                    spans = InlineConverter.paragraph(from: converter.lines)?.spans ?? []
                }
                let cell = TableCell(row: row, column: column, columns: columns, alignment: alignments[column])
                blocks.append(TextBlock(.tableCell(cell), spans))
            }
        }
        return blocks
    }

    private static func convertList(
        _ node: OpaquePointer, depth: Int, nesting: Int, flattened: inout Bool
    ) -> [TextBlock] {
        let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        var number = Int(cmark_node_get_list_start(node))
        var blocks: [TextBlock] = []
        for item in children(of: node) {
            let marker = ordered ? "\(number)." : "•"
            number += 1
            var first = true
            for child in children(of: item) {
                for block in convert(child, listDepth: depth + 1, nesting: nesting + 1, flattened: &flattened) {
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
