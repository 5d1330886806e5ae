import CardboxTestSupport
import Foundation
import XCTest

@testable import CardboxEngine

/// The build from per-file layouts (`FileLayout`, merged by `CollectionBuilder`) against the build
/// that places every card on one thread (`ReferenceCollectionBuilder`): the same topics, cards in
/// the same order and topics, the same duplicates with the same messages, on random collections of
/// several files that share decks, headings and keys.
final class CollectionMergeTests: XCTestCase {
    func testRandomMultiFileCollectionsBuildAsBefore() {
        var generator = SplitMix(seed: 20_261_201)
        let collections = Int(ProcessInfo.processInfo.environment["MERGE_COLLECTIONS"] ?? "") ?? 400
        var duplicatesSeen = 0
        var sharedTopics = 0
        for round in 0..<collections {
            let files = (0..<Int(generator.next() % 6 + 1)).map { index in
                Self.randomFile(index: index, generator: &generator)
            }
            // Each file read both ways: by the parser (cards held as values) and as a card table.
            for useTables in [false, true] {
                let parsed = files.map { file in
                    useTables
                        ? ContentLoader.parse(bytes: Array(file.text.utf8), path: file.path)
                        : DeckParser.parse(text: file.text, path: file.path)
                }
                let expected = ReferenceCollectionBuilder.build(files: parsed)
                let built = CollectionBuilder.build(files: parsed)
                let context =
                    "collection \(round), tables \(useTables):\n"
                    + files.map { "--- \($0.path)\n\($0.text)" }
                    .joined()
                XCTAssertEqual(built.nodes, expected.nodes, context)
                XCTAssertEqual(built.cards, expected.cards, context)
                XCTAssertEqual(built.cards.map(\.topic), expected.cards.map(\.topic), context)
                XCTAssertEqual(built.diagnostics, expected.diagnostics, context)
                XCTAssertEqual(built.keysPlainAndDistinct, expected.keysPlainAndDistinct, context)
                XCTAssertEqual(built.fileCount, expected.fileCount)
                if built.nodes != expected.nodes || built.diagnostics != expected.diagnostics { return }
                duplicatesSeen += expected.diagnostics.filter { $0.message.contains("first at") }.count
                sharedTopics += expected.nodes.count
            }
        }
        // The comparison means something only if the collections repeat keys and share topics.
        XCTAssertGreaterThan(duplicatesSeen, collections)
        XCTAssertGreaterThan(sharedTopics, collections)
    }

    func testLargeCollectionFilledOnSeveralThreadsBuildsAsBefore() {
        // Above `CollectionBuilder.concurrentFillCards`, the cards are made on several threads.
        var files: [(path: String, text: String)] = []
        for file in 0..<6 {
            var text = "---\ntitle: Deck \(file % 2)\n---\n"
            for card in 0..<2_000 {
                if card % 100 == 0 { text += "# Part \(card / 300)\n" }
                if card % 25 == 0 { text += "## Section \(card / 25 % 7)\n" }
                // Every seventh question repeats one of another file of the same deck.
                let question = card % 7 == 0 ? "shared \(card % 50)" : "question \(file) \(card)"
                text += "\nQ: \(question)?\nA: answer\n"
            }
            files.append(("deck-\(file).md", text))
        }
        let parsed = files.map { ContentLoader.parse(bytes: Array($0.text.utf8), path: $0.path) }
        let expected = ReferenceCollectionBuilder.build(files: parsed)
        XCTAssertGreaterThan(expected.cards.count, CollectionBuilder.concurrentFillCards)
        let built = CollectionBuilder.build(files: parsed)
        XCTAssertEqual(built.nodes, expected.nodes)
        XCTAssertEqual(built.cards, expected.cards)
        XCTAssertEqual(built.cards.map(\.topic), expected.cards.map(\.topic))
        XCTAssertEqual(built.diagnostics, expected.diagnostics)
        XCTAssertGreaterThan(expected.diagnostics.count, 100)
    }

    /// A file of a few decks' worth of titles, headings that repeat and nest at random levels, and
    /// cards whose questions and pinned ids repeat within and across files.
    private static func randomFile(index: Int, generator: inout SplitMix) -> (path: String, text: String) {
        let titles = ["Alpha", "Beta", "Caf\u{E9}", "Cafe\u{301}", nil, nil]
        let headings = ["One", "Two", "Three", "\u{C9}t\u{E9}", "E\u{301}te\u{301}"]
        let questions = ["what is a", "what is b", "What  is A", "c", "d", "東京", "e\u{301}"]
        var text = ""
        if let title = titles[Int(generator.next() % UInt64(titles.count))] {
            text += "---\ntitle: \(title)\n---\n"
        }
        for _ in 0..<Int(generator.next() % 16) {
            switch generator.next() % 9 {
            case 0, 1:
                let level = Int(generator.next() % 4) + 1
                text += "\n" + String(repeating: "#", count: level) + " "
                text += headings[Int(generator.next() % UInt64(headings.count))] + "\n"
            case 2:
                text += "\nR: \(questions[Int(generator.next() % UInt64(questions.count))])\nA: answer\n"
            case 3:
                let word = questions[Int(generator.next() % UInt64(questions.count))]
                text += "\nC: the [\(word)] and [gap \(generator.next() % 3)]\n"
            case 4:
                text += "\n<!-- id: pin-\(generator.next() % 3) -->\nQ: pinned \(generator.next() % 50)\nA: answer\n"
            default:
                text += "\nQ: \(questions[Int(generator.next() % UInt64(questions.count))])\nA: answer\n"
            }
        }
        // Two files may share a name in different folders: their decks are one when untitled.
        return ("set\(generator.next() % 2)/file\(index % 3).md", text)
    }
}
