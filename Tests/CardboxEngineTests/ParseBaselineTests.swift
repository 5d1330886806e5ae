import CardboxEngine
import Foundation
import XCTest

/// Every card of the shipped deck (and of the first edition kept as a fixture) parses to the same key
/// and the same text as recorded in `Tests/Fixtures/ParseBaseline/`, which was written with the
/// CommonMark parser before decks were read as GitHub-flavoured Markdown. Re-record with
/// `CARDBOX_RECORD_PARSE_BASELINE=1` only when a change of text is intended.
final class ParseBaselineTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testShippedDeckKeepsEveryKeyAndText() throws {
        try compare(folder: "Content", baseline: "shipped-deck.txt", expectedCards: 510)
    }

    func testFirstEditionKeepsEveryKeyAndText() throws {
        try compare(folder: "Tests/Fixtures/FirstEditionDeck", baseline: "first-edition.txt", expectedCards: nil)
    }

    private func compare(folder: String, baseline: String, expectedCards: Int?) throws {
        let collection = ContentLoader.load(paths: [Self.root.appendingPathComponent(folder).path])
        XCTAssertEqual(collection.diagnostics.map(\.description), [])
        if let expectedCards { XCTAssertEqual(collection.cards.count, expectedCards) }
        let lines = collection.cards.map { card in
            let relative = card.source.path.replacingOccurrences(of: Self.root.path + "/", with: "")
            return [
                card.key, card.deck, "\(relative):\(card.source.line)", Self.describe(card.question),
                Self.describe(card.answer),
            ].joined(separator: "\t")
        }
        let file = Self.root.appendingPathComponent("Tests/Fixtures/ParseBaseline/\(baseline)")
        if ProcessInfo.processInfo.environment["CARDBOX_RECORD_PARSE_BASELINE"] == "1" {
            try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(recorded.count, lines.count, "card count")
        let recordedKeys = recorded.map { $0.prefix { $0 != "\t" } }
        XCTAssertEqual(recordedKeys, lines.map { $0.prefix { $0 != "\t" } }, "keys differ")
        for (old, new) in zip(recorded, lines) where old != new {
            XCTFail("card reads differently:\n  before: \(old)\n  after:  \(new)")
        }
    }

    /// Blocks and spans as one line: kind, then each span's style bits and text, escaped.
    static func describe(_ text: StyledText) -> String {
        text.blocks.map { block in
            let kind: String
            switch block.kind {
            case .paragraph: kind = "P"
            case let .listItem(depth, marker): kind = "L\(depth)\(marker)"
            case .code: kind = "C"
            default: kind = "?"
            }
            let spans = block.spans.map { "\($0.style.rawValue):\($0.text)" }.joined(separator: "\u{1F}")
            return kind + "|" + spans
        }
        .joined(separator: "\u{1E}")
        .replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\n", with: "\\n")
        .replacingOccurrences(of: "\t", with: "\\t")
        .replacingOccurrences(of: "\u{1F}", with: "\\s")
        .replacingOccurrences(of: "\u{1E}", with: "\\b")
    }
}
