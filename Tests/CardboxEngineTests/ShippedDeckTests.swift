import CardboxEngine
import Foundation
import XCTest

/// The deck that ships in Content/ loads cleanly and is complete enough to study.
final class ShippedDeckTests: XCTestCase {
    private var contentFolder: String { DeckPaths.content.path }

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

    func testTopLevelTopicsAreTheExamDomainsAfterTheRetirementCard() {
        let collection = ContentLoader.load(paths: [contentFolder])
        let problems = DeckEditionChecks.structureProblems(
            collection, deck: ExamBlueprint.deckTitle, domains: ExamBlueprint.domains.map(\.title),
            firstCardMentions: ExamBlueprint.retirementMentions)
        XCTAssertTrue(problems.isEmpty, "\n" + problems.joined(separator: "\n"))
        let deck = collection.decks.first { $0.title == ExamBlueprint.deckTitle }
        let onDeck = collection.cards.filter { $0.topic == deck?.id }
        XCTAssertTrue(
            onDeck.contains { ($0.question.plainText + $0.answer.plainText).contains(ExamBlueprint.successorExam) },
            "no card before the first heading names the successor exam \(ExamBlueprint.successorExam)")
    }

    func testCardCountAndDomainSharesFollowTheExamWeights() {
        let collection = ContentLoader.load(paths: [contentFolder])
        let problems = DeckEditionChecks.shareProblems(
            collection, deck: ExamBlueprint.deckTitle, domains: ExamBlueprint.domains,
            minimumCards: ExamBlueprint.minimumCards, tolerance: ExamBlueprint.shareTolerance)
        XCTAssertTrue(problems.isEmpty, "\n" + problems.joined(separator: "\n"))
    }

    func testEveryTopicNamesItsAWSSource() {
        let problems = DeckEditionChecks.sourceProblems(folder: DeckPaths.content)
        XCTAssertTrue(problems.isEmpty, "\n" + problems.joined(separator: "\n"))
    }
}
