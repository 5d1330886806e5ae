import CardboxEngine
import Foundation
import XCTest

/// The deck that ships in Content/ loads cleanly and is complete enough to study.
final class ShippedDeckTests: XCTestCase {
    private var contentFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Content").path
    }

    func testShippedDeckIsCleanAndComplete() throws {
        let collection = ContentLoader.load(paths: [contentFolder])
        XCTAssertEqual(collection.diagnostics.map(\.description), [])
        XCTAssertGreaterThanOrEqual(collection.cards.count, 150)
        XCTAssertEqual(collection.decks.map(\.title), ["AWS Certified Machine Learning – Specialty"])
        for card in collection.cards {
            XCTAssertFalse(card.question.isBlank, "\(card.source)")
            XCTAssertFalse(card.answer.isBlank, "\(card.source)")
        }
        for node in collection.nodes where node.kind == .heading && node.isLeaf {
            XCTAssertGreaterThanOrEqual(
                node.cardRange.count, 3, "leaf \(collection.path(of: node.id)) has too few cards")
        }
    }
}
