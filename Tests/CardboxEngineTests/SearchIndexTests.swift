import CardboxEngine
import CardboxTestSupport
import XCTest

/// The search index finds exactly what scanning every text with `TextSearch.contains` finds, in
/// the same order, for random texts and queries.
final class SearchIndexTests: XCTestCase {
    /// Every text checked against every term: the search the index replaces.
    private func scan(_ texts: [String], _ terms: [[UInt8]], among earlier: [Int]? = nil) -> [Int] {
        (earlier ?? Array(texts.indices)).filter { TextSearch.contains(texts[$0], all: terms) }
    }

    private func randomText(
        _ alphabet: [String], length: ClosedRange<Int>, using random: inout SplitMix
    ) -> String {
        (0..<Int.random(in: length, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
    }

    func testAgreesWithScanningOnRandomTextsAndQueries() {
        // A small alphabet makes common and rare sequences, and sets kept both as lists and as bitmaps;
        // CJK and accented letters give multi-byte sequences; folding is done as the app does it.
        let alphabet = ["a", "b", "c", "d", "e", "x", " ", " ", "é", "É", "日", "本", "語", "\n", "1", "2", "-", "ß"]
        for seed in UInt64(1)...6 {
            var random = SplitMix(seed: seed)
            let cardCount = [0, 1, 7, 64, 65, 700][Int(seed - 1)]
            let texts = (0..<cardCount).map { _ in
                SearchFolding.fold(randomText(alphabet, length: 0...60, using: &random))
            }
            // The usual buckets, where most three-byte terms are answered from their bucket alone, and
            // two buckets, where both hold several sequences, so every longer term is checked in the texts.
            let indexes = [SearchIndex(texts: texts), SearchIndex(texts: texts, trigramBits: 1)]
            XCTAssertEqual(indexes.map(\.count), [texts.count, texts.count])
            for index in indexes {
                for _ in 0..<200 {
                    // Queries of one and two letters, longer ones, ones longer than any text, several words.
                    let length = [1, 1, 2, 2, 3, 4, 6, 9, 70].randomElement(using: &random)!
                    let query = randomText(alphabet, length: 1...length, using: &random)
                    let terms = TextSearch.terms(of: query)
                    let expected = scan(texts, terms)
                    XCTAssertEqual(index.matches(terms), expected, "seed \(seed), query \(query.debugDescription)")
                    // Narrowed from the hits of a shorter query, as typing does.
                    let shorter = String(query.dropLast())
                    if TextSearch.narrows(shorter, to: query) {
                        let earlier = scan(texts, TextSearch.terms(of: shorter))
                        XCTAssertEqual(
                            index.matches(terms, among: earlier), expected,
                            "seed \(seed), query \(query.debugDescription) after \(shorter.debugDescription)")
                    }
                }
            }
        }
    }

    func testCardsOfAFewThousand() {
        // Enough cards for sets of every kind, with words as cards have them.
        var random = SplitMix(seed: 42)
        let words = ["sagemaker", "endpoint", "glue", "kinesis", "stream", "東京", "首都圏", "café", "s3", "ml", "a", "I"]
        let texts = (0..<3_000).map { _ in
            SearchFolding.fold(
                (0..<Int.random(in: 0...12, using: &random)).map { _ in words.randomElement(using: &random)! }
                    .joined(separator: " "))
        }
        for index in [SearchIndex(texts: texts), SearchIndex(texts: texts, trigramBits: 3)] {
            let queries = [
                "s", "e", "東", "a", "sa", "ge", "京", "sage", "maker end", "kinesis glue s3", "CAFE", "café 首都",
                "endpointendpoint", "zzz", "ml ml", "streamsagemaker", String(repeating: "glue ", count: 40),
            ]
            for query in queries {
                let terms = TextSearch.terms(of: query)
                XCTAssertEqual(index.matches(terms), scan(texts, terms), query)
            }
            XCTAssertEqual(index.matches([]), Array(texts.indices))
            XCTAssertGreaterThan(index.memoryBytes, texts.reduce(0) { $0 + $1.utf8.count })
        }
    }
}
