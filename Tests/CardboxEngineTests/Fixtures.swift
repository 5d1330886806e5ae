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

    static func utc() -> TimeZone { FixedClock.utc }

    /// A date from `yyyy-MM-dd HH:mm` in `zone`.
    static func date(_ text: String, _ zone: TimeZone = utc()) -> Date { FixedClock.date(text, zone) }

    /// A fresh temporary folder, removed at the end of the test.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        try TemporaryFolder.create { test.addTeardownBlock($0) }
    }
}
