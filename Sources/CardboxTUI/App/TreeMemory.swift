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
        var tree = TreeState()
        tree.expanded = Set(expanded.compactMap { Self.node(at: $0, in: collection) })
        tree.expanded.insert(0)
        if let cursor = Self.node(at: selected, in: collection) { tree.reveal(cursor, in: collection) }
        return tree
    }

    /// The node whose path (`CardCollection.path(of:)`) is `path`, found by walking down from the root
    /// through the children with each title: a start remembers a few paths, and making every node's
    /// path to look them up cost more than the rest of the first frame at 100,000 cards. Where several
    /// nodes have one path (a collection not made by the builder, which merges equal titles), the last
    /// of them, as a table of every node's path would keep.
    static func node(at path: [String], in collection: CardCollection) -> Int? {
        var found = [0]
        for title in path {
            found = found.flatMap { collection.nodes[$0].children.filter { collection.nodes[$0].title == title } }
            if found.isEmpty { return nil }
        }
        return found.max()
    }
}
