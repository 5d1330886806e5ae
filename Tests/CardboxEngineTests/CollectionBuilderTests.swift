import CardboxEngine
import Foundation
import XCTest

/// Merging files into decks: tree order, subtree ranges and duplicates, at sizes that matter.
final class CollectionBuilderTests: XCTestCase {
    func testATopicContinuedInAnotherFileStaysOneContiguousRange() {
        let collection = Fixtures.collection([
            (path: "a.md", text: "---\ntitle: D\n---\n# One\nQ: a1\nA: x\n# Two\nQ: b1\nA: x\n"),
            (path: "other.md", text: "# Elsewhere\nQ: e1\nA: x\n"),
            (
                path: "b.md",
                text: "---\ntitle: D\n---\n# One\nQ: a2\nA: x\n## Deeper\nQ: c1\nA: x\n# Two\nQ: b2\nA: x\n"
            ),
        ])
        XCTAssertTrue(collection.diagnostics.isEmpty, "\(collection.diagnostics)")
        XCTAssertEqual(collection.cards.map(\.question.plainText), ["a1", "a2", "c1", "b1", "b2", "e1"])
        for node in collection.nodes {
            for index in node.cardRange {
                var topic: Int? = collection.cards[index].topic
                while let id = topic, id != node.id { topic = collection.nodes[id].parent }
                XCTAssertEqual(topic, node.id, "card \(index) lies in the range of node \(node.title) but not under it")
            }
            let under = collection.cards.indices.filter { index in
                var topic: Int? = collection.cards[index].topic
                while let id = topic, id != node.id { topic = collection.nodes[id].parent }
                return topic == node.id
            }
            XCTAssertEqual(under.count, node.cardRange.count, node.title)
        }
    }

    func testManyGapsAndDuplicatesInOneFile() {
        let gaps = (1...60).map { "[g\($0)]" }.joined(separator: " ")
        var text = "# T\nC: \(gaps)\n\nC: \(gaps)\n"
        for index in 0..<300 { text += "\nQ: question \(index % 150)\nA: answer\n" }
        let collection = Fixtures.collection(text)
        XCTAssertEqual(collection.cards.count, 60 + 150)
        XCTAssertEqual(collection.diagnostics.count, 60 + 150)
        XCTAssertTrue(
            collection.diagnostics.allSatisfy {
                $0.message.hasPrefix("duplicate question in deck 'deck' (first at deck.md:")
            })
        XCTAssertEqual(Set(collection.cards.map(\.key)).count, collection.cards.count)
    }
}
