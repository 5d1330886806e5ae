import XCTest

@testable import CardboxEngine

final class StartConformancesTests: XCTestCase {
    /// GRDB's types are named by their mangled names: a renamed one would no longer be looked up ahead.
    func testEveryNamedTypeIsFoundAndHashable() {
        for name in StartConformances.hashableByName {
            let type = _typeByName(name)
            XCTAssertNotNil(type, name)
            XCTAssertTrue(type.map { $0 is any Hashable.Type } ?? false, name)
        }
    }

    func testEveryConformanceLookedUpHolds() {
        XCTAssertEqual(StartConformances.lookUp(.decks), StartConformances.expectedCount(.decks))
        XCTAssertEqual(StartConformances.lookUp(.files), StartConformances.expectedCount(.files))
        XCTAssertEqual(StartConformances.lookUp(.frame), StartConformances.expectedCount(.frame))
    }
}
