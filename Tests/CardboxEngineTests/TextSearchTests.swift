import CardboxEngine
import Foundation
import XCTest

/// Byte search over folded text agrees with String search, and narrowing is only claimed when true.
final class TextSearchTests: XCTestCase {
    func testAgreesWithStringContains() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcab é日本 ")
        for _ in 0..<3_000 {
            let text = String(
                (0..<Int.random(in: 0...30, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let needle = String(
                (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let expected =
                text.utf8.count >= needle.utf8.count
                && (0...(text.utf8.count - needle.utf8.count)).contains {
                    Array(text.utf8).dropFirst($0).starts(with: Array(needle.utf8))
                }
            XCTAssertEqual(TextSearch.contains(text, all: [Array(needle.utf8)]), expected, "\(text) / \(needle)")
        }
        XCTAssertTrue(TextSearch.contains("anything", all: []))
        XCTAssertTrue(TextSearch.contains("sagemaker endpoint", all: TextSearch.terms(of: "ENDPOINT Sage")))
        XCTAssertFalse(TextSearch.contains("sagemaker endpoint", all: TextSearch.terms(of: "endpoint glue")))
        XCTAssertTrue(TextSearch.contains(SearchFolding.fold("Café ＦＵＬＬ"), all: TextSearch.terms(of: "cafe full")))
    }

    func testNarrowing() {
        XCTAssertTrue(TextSearch.narrows("", to: "a"))
        XCTAssertTrue(TextSearch.narrows("sag", to: "sage"))
        XCTAssertTrue(TextSearch.narrows("sage", to: "sage "))
        XCTAssertTrue(TextSearch.narrows("sage ", to: "sage e"))
        XCTAssertTrue(TextSearch.narrows("sage e", to: "sage"), "\"e\" lies within \"sage\"")
        XCTAssertFalse(TextSearch.narrows("sage x", to: "sage"))
        XCTAssertFalse(TextSearch.narrows("ab", to: "xy"))
    }
}
