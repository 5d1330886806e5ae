import CardboxEngine
import Foundation

/// The tree's expanded topics and selection, by topic path, kept between runs.
///
/// Paths (deck, then headings) rather than node ids, so that edits to the decks keep what still exists.
public struct TreeMemory: Codable, Hashable, Sendable {
    public var expanded: [[String]]
    public var selected: [String]

    public init(expanded: [[String]], selected: [String]) {
        self.expanded = expanded
        self.selected = selected
    }

    /// What `tree` shows of `collection`.
    public init(_ tree: TreeState, in collection: CardCollection) {
        expanded = tree.expanded.sorted().map { collection.path(of: $0) }
        selected = collection.path(of: tree.cursor)
    }

    /// The tree state this memory describes in `collection`; paths that no longer exist are skipped.
    public func apply(to collection: CardCollection) -> TreeState {
        var ids: [[String]: Int] = [:]
        for node in collection.nodes { ids[collection.path(of: node.id)] = node.id }
        var tree = TreeState()
        tree.expanded = Set(expanded.compactMap { ids[$0] })
        tree.expanded.insert(0)
        if let cursor = ids[selected] { tree.reveal(cursor, in: collection) }
        return tree
    }
}
