import XCTest

@testable import CardboxEngine

final class StartConformancesTests: XCTestCase {
    func testEveryConformanceLookedUpHolds() {
        XCTAssertEqual(StartConformances.lookUp(.decks), StartConformances.expectedCount(.decks))
        XCTAssertEqual(StartConformances.lookUp(.files), StartConformances.expectedCount(.files))
        XCTAssertEqual(StartConformances.lookUp(.frame), StartConformances.expectedCount(.frame))
    }
}
