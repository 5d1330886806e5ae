import ArgumentParser
import CardboxEngine
import Foundation

/// Resolves a `--topic "Deck / Topic"` option to a node of the loaded collection.
enum TopicOption {
    /// The node whose path, segments joined by ` / ` as the tree shows them, is `topic`; the whole
    /// collection (node 0) when `topic` is nil. An unknown topic is one line on stderr and exit 1.
    static func scope(_ topic: String?, in collection: CardCollection) throws -> Int {
        guard let topic else { return 0 }
        let wanted = topic.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let node = collection.nodes.indices.first(where: { $0 != 0 && collection.path(of: $0) == wanted })
        else {
            printError(
                "cardbox: no topic \"\(topic)\" in the loaded decks; `cardbox stats` lists them (write \"Deck / Topic\")"
            )
            throw ExitCode(1)
        }
        return node
    }
}
