import CardboxEngine
import Foundation

extension StatsReport {
    /// An aligned text table: one row per topic, indented by depth, then a totals row named
    /// `scopeName` (the whole collection's when nil).
    func table(scopeName: String? = nil) -> String {
        let topDepth = topics.map(\.path.count).min() ?? 1
        let boxHeaders = boxes.indices.map { "B\($0 + 1)" }
        let headers = ["Topic", "New"] + boxHeaders + ["Due", "Missed", "Cards"]
        func row(_ name: String, _ new: Int, _ boxes: [Int], _ due: Int, _ missed: Int, _ cards: Int) -> [String] {
            [name, String(new)] + boxes.map(String.init) + [String(due), String(missed), String(cards)]
        }
        var rows = topics.map { topic in
            row(
                String(repeating: "  ", count: topic.path.count - topDepth) + (topic.path.last ?? ""), topic.new,
                topic.boxes,
                topic.due, topic.missed, topic.cards)
        }
        rows.append(row(scopeName ?? "All decks", new, boxes, due, missed, cards))
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [format(headers)]
        lines += rows.dropLast().map(format)
        lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        lines.append(format(rows[rows.count - 1]))
        lines.append("\(CheckCommand.count(reviews, "review")) logged")
        return lines.joined(separator: "\n")
    }
}
