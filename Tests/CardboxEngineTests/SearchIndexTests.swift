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

    /// `hits` are `expected`, read both ways: in order, and card by card.
    private func assertHits(
        _ hits: SearchHits, _ expected: [Int], cards: Int, _ message: String, line: UInt = #line
    ) {
        XCTAssertEqual(hits.count, expected.count, message, line: line)
        XCTAssertEqual(Array(hits), expected, message, line: line)
        let members = Set(expected)
        let held = (-1...cards).filter { hits.holds($0) }
        XCTAssertEqual(held, (-1...cards).filter { members.contains($0) }, message, line: line)
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
            // Small collections make every sequence in two cards or more a frequent one, with its own set.
            let indexes = [SearchIndex(texts: texts), SearchIndex(texts: texts, trigramBits: 1)]
            XCTAssertEqual(indexes.map(\.count), [texts.count, texts.count])
            for index in indexes {
                for _ in 0..<200 {
                    // Queries of one and two letters, longer ones, ones longer than any text, several words.
                    let length = [1, 1, 2, 2, 3, 4, 6, 9, 70].randomElement(using: &random)!
                    let query = randomText(alphabet, length: 1...length, using: &random)
                    let terms = TextSearch.terms(of: query)
                    let expected = scan(texts, terms)
                    let hits = index.matches(terms)
                    assertHits(hits, expected, cards: texts.count, "seed \(seed), query \(query.debugDescription)")
                    // Narrowed from the hits of a shorter query, as typing does: the index's own (a list or
                    // a bitmap) and a scan's (a list, as before the index arrives).
                    let shorter = String(query.dropLast())
                    if TextSearch.narrows(shorter, to: query) {
                        let scanned = scan(texts, TextSearch.terms(of: shorter))
                        for earlier in [index.matches(TextSearch.terms(of: shorter)), SearchHits(scanned)] {
                            assertHits(
                                index.matches(terms, among: earlier), expected, cards: texts.count,
                                "seed \(seed), query \(query.debugDescription) after \(shorter.debugDescription)")
                        }
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
                assertHits(index.matches(terms), scan(texts, terms), cards: texts.count, query)
                // Typed letter by letter, each query narrowing the last one's hits.
                var earlier = index.matches([])
                for length in 1...query.count {
                    let prefix = String(query.prefix(length))
                    let terms = TextSearch.terms(of: prefix)
                    let narrowed = index.matches(terms, among: earlier)
                    assertHits(narrowed, scan(texts, terms), cards: texts.count, "\(query) typed to \(prefix)")
                    if length < query.count, TextSearch.narrows(prefix, to: String(query.prefix(length + 1))) {
                        earlier = narrowed
                    } else {
                        earlier = index.matches([])
                    }
                }
            }
            assertHits(index.matches([]), Array(texts.indices), cards: texts.count, "no terms")
            XCTAssertGreaterThan(index.memoryBytes, texts.reduce(0) { $0 + $1.utf8.count })
        }
    }
}
