import CardboxEngine
import Foundation
import XCTest

/// Bad content never crashes or hangs the parser: every input the fuzzer ever kept is replayed, and
/// adversarial shapes grow linearly (or close to it) with their size.
final class ParserRobustnessTests: XCTestCase {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// Files under FuzzRegressions/ (crashes, hangs and slow inputs `make fuzz` found) and the fuzz seeds.
    func testFuzzRegressionsAndSeedsParse() throws {
        let folders = [
            Self.testsFolder.appendingPathComponent("FuzzRegressions"),
            Self.testsFolder.deletingLastPathComponent().appendingPathComponent("FuzzSeeds"),
        ]
        var replayed = 0
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && name != "README.md" {
                let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
                let start = Date()
                let parsed = DeckParser.parse(bytes: bytes, path: name)
                let collection = CollectionBuilder.build(files: [parsed])
                let seconds = Date().timeIntervalSince(start)
                XCTAssertLessThan(seconds, 2, "\(name) took \(seconds) s")
                for card in collection.cards { XCTAssertTrue(collection.nodes.indices.contains(card.topic), name) }
                for diagnostic in collection.diagnostics {
                    XCTAssertGreaterThanOrEqual(diagnostic.location.line, 1, name)
                }
                let deferred = CollectionBuilder.build(files: [ContentLoader.parse(bytes: bytes, path: name)])
                XCTAssertEqual(deferred.cards, collection.cards, name)
                XCTAssertEqual(deferred.diagnostics, collection.diagnostics, name)
                XCTAssertNil(StructuralCheck.mismatch(bytes, path: name), name)
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 0, "no seeds found next to the tests")
    }

    /// One adversarial shape at a given size.
    struct Shape: Sendable {
        var name: String
        var make: @Sendable (Int) -> String
        var unit: Int
    }

    static let shapes: [Shape] = [
        Shape(name: "cloze with n '['", make: { "C: " + String(repeating: "[", count: $0) + " x\n" }, unit: 10_000),
        Shape(name: "cloze with n '[a]'", make: { "C: " + String(repeating: "[a] ", count: $0) + "\n" }, unit: 2_000),
        Shape(
            name: "n clozes of 100 gaps",
            make: { n in
                String(repeating: "C: " + String(repeating: "[a] ", count: 100) + "\n\n", count: n)
            }, unit: 20),
        Shape(
            name: "n-deep blockquote", make: { String(repeating: ">", count: $0) + " Q: deep\nA: yes\n" }, unit: 1_000),
        Shape(name: "n-deep list", make: { String(repeating: "- ", count: $0) + "Q: deep\nA: yes\n" }, unit: 1_000),
        Shape(
            name: "n nested lists by indent",
            make: { n in
                (0..<n).map { String(repeating: " ", count: $0 * 2) + "- item \($0)" }.joined(separator: "\n")
                    + "\nQ: x\nA: y\n"
            }, unit: 1_000),
        Shape(
            name: "n headings",
            make: { n in
                (0..<n).map { String(repeating: "#", count: $0 % 6 + 1) + " H\($0)\nQ: q\($0)\nA: a\n" }.joined(
                    separator: "\n")
            }, unit: 1_000),
        Shape(
            name: "single line of n bytes", make: { "Q: " + String(repeating: "a", count: $0) + "\nA: b\n" },
            unit: 1_000_000),
        Shape(
            name: "n '*' and '_' runs",
            make: { "Q: " + String(repeating: "*a_", count: $0) + "\nA: " + String(repeating: "_*", count: $0) + "\n" },
            unit: 40_000),
        Shape(
            name: "n link openers", make: { "Q: " + String(repeating: "[a](", count: $0) + "\nA: b\n" }, unit: 10_000),
        Shape(name: "n backticks", make: { "Q: " + String(repeating: "`a``", count: $0) + "\nA: b\n" }, unit: 10_000),
        Shape(name: "n Q: lines", make: { n in String(repeating: "Q: q\n", count: n) + "A: a\n" }, unit: 10_000),
        Shape(
            name: "n escaped brackets", make: { "C: [gap] " + String(repeating: "\\[", count: $0) + "\n" }, unit: 20_000
        ),
    ]

    /// Best of three wall-clock times of parse + build for `text`.
    /// The processor time this thread spent parsing `text`, the least of three runs. Processor time
    /// of the thread, not wall-clock time: other programs on a busy machine do not add to it.
    static func parseSeconds(_ text: String) -> Double {
        let bytes = Array(text.utf8)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = threadCPUSeconds()
            let collection = CollectionBuilder.build(files: [DeckParser.parse(bytes: bytes, path: "adversarial.md")])
            withExtendedLifetime(collection) {}
            best = min(best, threadCPUSeconds() - start)
        }
        return best
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Parse time at 1×, 2× and 4× size: a quadratic blow-up makes 4× take about 16 times as long.
    func testAdversarialInputsScaleLinearly() {
        var report: [String] = []
        for shape in Self.shapes {
            let texts = [1, 2, 4].map { shape.make(shape.unit * $0) }
            let times = texts.map(Self.parseSeconds)
            let bytes = texts.map { Double($0.utf8.count) }
            // Time per byte at 4× over time per byte at 1×: 1 when linear in the input, 4 when quadratic.
            let ratio = (times[2] / bytes[2]) / (max(times[0], 0.000_5) / bytes[0])
            report.append(
                String(
                    format: "%@: n=%d (%d bytes)  %.4f s  2n %.4f s  4n %.4f s  (per-byte 4n/n %.1f)",
                    shape.name, shape.unit, Int(bytes[0]), times[0], times[1], times[2], ratio))
            // Only the growth is judged, never the time itself, so a slow or busy machine cannot fail
            // this: per-byte cost at 4× stays near 1 when linear and reaches 4 when quadratic. Below
            // 20 ms of processor time the ratio is mostly noise and says nothing either way.
            if times[2] > 0.02 { XCTAssertLessThan(ratio, 2.5, "\(shape.name) grows faster than linearly: \(times)") }
        }
        print(report.joined(separator: "\n"))
    }
}

extension ParserRobustnessTests {
    /// A line flooded with emphasis delimiters is read as plain characters; other lines keep emphasis.
    func testALineFloodedWithEmphasisDelimitersIsReadAsTyped() throws {
        let flood = String(repeating: "*a_", count: 600)
        let deck = Fixtures.collection("# T\nQ: \(flood)\nA: **bold** answer\n\nQ: *normal* emphasis\nA: yes\n")
        XCTAssertEqual(deck.diagnostics, [])
        XCTAssertEqual(deck.cards.count, 2)
        XCTAssertEqual(deck.cards[0].question.plainText, flood, "every star and underscore shown as typed")
        let answer = try XCTUnwrap(deck.cards[0].answer.blocks.first)
        XCTAssertTrue(answer.spans.contains { $0.text == "bold" && $0.style.contains(.bold) }, "\(answer.spans)")
        XCTAssertEqual(deck.cards[1].question.plainText, "normal emphasis")
        // Just under the limit, emphasis is still read.
        let many = String(repeating: "*a* ", count: 500)  // 1,000 delimiters: the limit itself
        let kept = Fixtures.collection("# T\nQ: \(many)\nA: b\n")
        XCTAssertFalse(kept.cards[0].question.plainText.contains("*"))
    }

    /// A cloze with thousands of gaps once took minutes (every gap's card repeats the whole text);
    /// past 100 gaps it is now reported and skipped, and 100 gaps still make 100 cards.
    func testClozeWithThousandsOfGapsIsReportedNotExpanded() throws {
        let huge = Fixtures.collection("# T\nC: " + String(repeating: "[a] ", count: 8_000) + "\n\nQ: fine\nA: yes\n")
        XCTAssertEqual(huge.cards.count, 1)
        XCTAssertEqual(
            huge.diagnostics.map(\.description),
            ["deck.md:2: cloze has 8000 gaps; at most 100 (split it into several clozes)"])
        let hundred = Fixtures.collection("# T\nC: " + (1...100).map { "[g\($0)]" }.joined(separator: " ") + "\n")
        XCTAssertEqual(hundred.cards.count, 100)
        XCTAssertEqual(hundred.diagnostics, [])
    }
}
