import Foundation

/// Which cards teach each fact of the deck's seed list.
///
/// One line per seed item: `ITEM<TAB>KEY[,KEY…]<TAB>short paraphrase`. Numbered items are `1`, `2`, …;
/// the bullet facts of the seed's unnumbered sections are `section-1`, `section-2`, …
struct SeedMap {
    /// One seed item and the card keys that teach it.
    struct Item: Equatable {
        var id: String
        var keys: [String]
        var paraphrase: String
        /// `file:line` of the item.
        var location: String
    }

    var items: [Item] = []
    /// `file:line: what is wrong` for every malformed line.
    var problems: [String] = []

    /// Reads the map at `url`.
    static func read(_ url: URL) -> SeedMap {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return SeedMap(problems: ["\(DeckPaths.display(url)): cannot read the seed map"])
        }
        return parse(text, file: DeckPaths.display(url))
    }

    /// Parses a map's `text`, named `file` in messages.
    static func parse(_ text: String, file: String) -> SeedMap {
        var map = SeedMap()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let location = "\(file):\(index + 1)"
            let line = line.trimmingCharacters(in: .init(charactersIn: "\r"))
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                map.problems.append("\(location): expected ITEM<TAB>KEY[,KEY…]<TAB>paraphrase")
                continue
            }
            let keys = fields[1].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard Self.isItemID(fields[0]) else {
                map.problems.append("\(location): item '\(fields[0])' must be a number or section-number")
                continue
            }
            guard !keys.contains(where: \.isEmpty) else {
                map.problems.append("\(location): item \(fields[0]) has an empty card key")
                continue
            }
            guard !fields[2].trimmingCharacters(in: .whitespaces).isEmpty else {
                map.problems.append("\(location): item \(fields[0]) has no paraphrase")
                continue
            }
            map.items.append(Item(id: fields[0], keys: keys, paraphrase: fields[2], location: location))
        }
        return map
    }

    /// `12` or `pca-3`.
    static func isItemID(_ id: String) -> Bool {
        id.wholeMatch(of: /[1-9][0-9]*|[a-z]+(-[a-z]+)*-[1-9][0-9]*/) != nil
    }

    /// The section of an item id (nil for a numbered item) and its number.
    static func split(_ id: String) -> (section: String?, number: Int)? {
        if let number = Int(id) { return (nil, number) }
        guard let dash = id.lastIndex(of: "-"), let number = Int(id[id.index(after: dash)...]) else { return nil }
        return (String(id[..<dash]), number)
    }
}
