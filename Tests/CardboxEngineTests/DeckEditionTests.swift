import CardboxEngine
import Foundation
import XCTest

/// The shipped deck's current edition keeps every fact of its seed list and every learner's progress
/// from the first edition.
final class DeckEditionTests: XCTestCase {
    private var current: CardCollection { ContentLoader.load(paths: [DeckPaths.content.path]) }
    private var retired: RetiredKeys { RetiredKeys.read(folder: DeckPaths.secondEdition) }

    func testEverySeedItemIsTaughtByACurrentCard() {
        let map = SeedMap.read(DeckPaths.secondEdition.appendingPathComponent("seed-map.tsv"))
        let problems = DeckEditionChecks.seedMapProblems(
            map, retired: retired, cardKeys: Set(current.cards.map(\.key)),
            numberedItems: ExamBlueprint.numberedSeedItems)
        XCTAssertTrue(problems.isEmpty, "\n" + problems.joined(separator: "\n"))
    }

    func testRetiredKeysAreNoLongerCards() {
        let problems = DeckEditionChecks.retiredProblems(retired, cardKeys: Set(current.cards.map(\.key)))
        XCTAssertTrue(problems.isEmpty, "\n" + problems.joined(separator: "\n"))
    }

    func testFirstEditionProgressCarriesOver() throws {
        let firstEdition = ContentLoader.load(paths: [DeckPaths.firstEdition.path])
        XCTAssertEqual(firstEdition.diagnostics.map(\.description), [])
        XCTAssertEqual(firstEdition.cards.count, 259, "the first-edition fixture must stay as it was")
        let problems = try DeckEditionChecks.progressProblems(
            earlier: firstEdition, later: current, retired: retired)
        XCTAssertTrue(problems.isEmpty, "\n" + problems.joined(separator: "\n"))
    }
}
