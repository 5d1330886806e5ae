import CardboxTestSupport
import Foundation
import XCTest

@testable import CardboxEngine

/// The import's own reading of answer lines agrees with `JournalLine.parse` on every line.
final class JournalLinesTests: XCTestCase {
    private let device = "00000000000000ab"

    private func line(_ fields: [String]) -> String { fields.joined(separator: "\t") }

    private func answer(
        id: String? = nil, time: String = "2026-03-01T09:00:00.250Z", deck: String = "Deck", key: String = "q-1",
        result: String = "got", mode: String = "study", repeatField: String = "0", duration: String = "4.500"
    ) -> String {
        line(["1", "R", id ?? "\(device)-7", time, deck, key, "0123456789abcdef", result, mode, repeatField, duration])
    }

    private func read(_ text: String) -> Result<JournalLine, JournalLine.Malformed> {
        var lines = JournalLines()
        var bytes = Array(text.utf8)
        do {
            try bytes.withUnsafeMutableBytes { try lines.parse(UnsafeRawBufferPointer($0)) }
        } catch let error as JournalLine.Malformed {
            return .failure(error)
        } catch {
            XCTFail("\(error)")
        }
        XCTAssertEqual(lines.count, 1)
        return .success(lines.answers.isEmpty ? lines.others[0] : lines.line(ofAnswer: 0))
    }

    private func parsed(_ text: String) -> Result<JournalLine, JournalLine.Malformed> {
        Result { () throws(JournalLine.Malformed) in try JournalLine.parse(Substring(text)) }
    }

    func testTheImportReadsEveryLineAsJournalLineParseDoes() {
        let texts = [
            answer(), answer(result: "missed", mode: "cram", repeatField: "1"), answer(duration: ""),
            answer(duration: "12"), answer(duration: "0.125"), answer(duration: "7.5"), answer(duration: "1e2"),
            answer(duration: "4.1234"), answer(duration: "+4"), answer(duration: "-1"), answer(duration: "4."),
            answer(duration: ".5"), answer(deck: "Tab\\there", key: "back\\\\slash"), answer(deck: "é Deck ✓"),
            answer(key: "q\rx"), answer(id: "\(device)-0"), answer(id: "\(device)-+3"),
            answer(id: "00000000000000AB-3"),
            answer(id: "\(device)-99999999999999999999"), answer(time: "2026-02-30T09:00:00.000Z"),
            answer(time: "2026-03-01T24:00:00.000Z"), answer(time: "2026-03-01 09:00:00.000Z"), answer(result: "maybe"),
            answer(mode: "later"), answer(repeatField: "2"), answer(deck: ""), answer(key: "bad\\q"),
            line(["1", "U", "\(device)-8", "2026-03-01T09:00:01.000Z", "Deck", "q-1", "", "\(device)-7", "", "", ""]),
            line(["1", "S", "\(device)-9", "2026-03-01T09:00:02.000Z", "Deck", "q-1", "", "1", "", "", ""]),
            line(["1", "M", "\(device)-10", "2026-03-01T09:00:03.000Z", "Deck", "q-1", "", "q-2", "", "", ""]),
            line(["2", "R", "\(device)-7"]), answer() + "\textra", "", "1\tR",
        ]
        for text in texts {
            switch (read(text), parsed(text)) {
            case (.success(let fast), .success(let slow)): XCTAssertEqual(fast, slow, text)
            case (.failure(let fast), .failure(let slow)): XCTAssertEqual(fast, slow, text)
            case (let fast, let slow): XCTFail("\(text): \(fast) but JournalLine.parse gave \(slow)")
            }
        }
    }

    func testDurationsAreCappedAsTheLogKeepsThem() throws {
        XCTAssertEqual(try read(answer(duration: "900")).get().duration, Review.longestAnswer)
        XCTAssertEqual(try read(answer(duration: "9e2")).get().duration, Review.longestAnswer)
        XCTAssertEqual(try read(answer(duration: "299.5")).get().duration, 299.5)
    }

    func testTextsAreKeptOnce() {
        var strings = JournalStrings()
        let first = strings.intern("Deck")
        XCTAssertEqual(strings.intern("q-1"), first + 1)
        for index in 0..<2_000 { _ = strings.intern("key \(index)") }
        XCTAssertEqual(strings.intern("Deck"), first)
        XCTAssertEqual(strings[strings.intern("key 1999")], "key 1999")
        XCTAssertEqual(strings.strings.count, 2_002)
        strings.withBytes(first) { XCTAssertEqual(Array($0), Array("Deck".utf8)) }
    }
}
