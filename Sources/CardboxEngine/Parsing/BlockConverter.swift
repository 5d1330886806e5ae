import CCmarkGFM

/// Turns cmark-gfm block nodes (lists, code, quotes, paragraphs, tables) into `TextBlock`s.
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
        case cardbox_node_table():
            return convertTable(node)
        default:
            return []
        }
    }

    /// One `.tableCell` block per cell, row by row. Rows shorter than the header are filled with
    /// empty cells, so every row has the table's column count.
    private static func convertTable(_ node: OpaquePointer) -> [TextBlock] {
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
                    spans = InlineConverter.paragraph(from: converter.lines)?.spans ?? []
                }
                let cell = TableCell(row: row, column: column, columns: columns, alignment: alignments[column])
                blocks.append(TextBlock(.tableCell(cell), spans))
            }
        }
        return blocks
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
