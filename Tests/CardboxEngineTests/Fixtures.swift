import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

/// Builds collections from deck text held in the test.
enum Fixtures {
    static func collection(_ files: [(path: String, text: String)]) -> CardCollection {
        CollectionBuilder.build(files: files.map { DeckParser.parse(text: $0.text, path: $0.path) })
    }

    static func collection(_ text: String, path: String = "deck.md") -> CardCollection {
        collection([(path, text)])
    }

    /// A deck of `count` basic cards in one topic, "question 0?" first.
    static func basicDeck(_ count: Int) -> CardCollection {
        collection("# T\n" + (0..<count).map { "Q: question \($0)?\nA: answer\n" }.joined(separator: "\n"))
    }

    /// The study queues of `states` over `deck` (a basic deck of matching size when not given).
    static func queues(
        _ scheduler: LeitnerScheduler, _ states: [CardState?], now: Date, deck: CardCollection? = nil
    ) -> StudyQueue {
        StudyQueue(
            scheduler: scheduler, cards: (deck ?? basicDeck(states.count)).cards, states: states, suspended: [],
            now: now)
    }

    static func utc() -> TimeZone { FixedClock.utc }

    /// A date from `yyyy-MM-dd HH:mm` in `zone`.
    static func date(_ text: String, _ zone: TimeZone = utc()) -> Date { FixedClock.date(text, zone) }

    /// A fresh temporary folder, removed at the end of the test.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        try TemporaryFolder.create { test.addTeardownBlock($0) }
    }
}
