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
        result: String = "got", mode: String = "study", repeatField: String = "0", duration: String = "4.500",
        box: String = ""
    ) -> String {
        line([
            "1", "R", id ?? "\(device)-7", time, deck, key, "0123456789abcdef", result, mode, repeatField, duration,
            box,
        ])
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
            answer(mode: "imported", box: "3"), answer(mode: "imported", box: ""), answer(mode: "imported", box: "10"),
            answer(box: "2"),
            line([
                "1", "U", "\(device)-8", "2026-03-01T09:00:01.000Z", "Deck", "q-1", "", "\(device)-7", "", "", "", "",
            ]),
            line(["1", "S", "\(device)-9", "2026-03-01T09:00:02.000Z", "Deck", "q-1", "", "1", "", "", "", ""]),
            line(["1", "M", "\(device)-10", "2026-03-01T09:00:03.000Z", "Deck", "q-1", "", "q-2", "", "", "", ""]),
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

    func testTheImportersModeTextsAreTheModesRawValues() {
        for mode in StudyMode.allCases {
            XCTAssertEqual(JournalImporter.modeText(mode).description, mode.rawValue)
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

/// A bulk import (indexes dropped and built again) gives what an ordinary one gives.
final class JournalBulkImportTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))

    func testABulkImportGivesWhatAnOrdinaryOneGivesAndKeepsTheIndexes() throws {
        var random = SplitMix(seed: 7)
        var lines: [JournalLine] = []
        let start = Fixtures.date("2026-03-01 09:00")
        for seq in 1...400 {
            let device = seq % 3 == 0 ? "00000000000000aa" : "00000000000000bb"
            var line = JournalLine(
                kind: .review, id: JournalID(device: device, seq: Int64(seq)),
                time: start.addingTimeInterval(Double(random.next() % (30 * 86_400))),
                card: CardID(deck: "D", key: "q-\(random.next() % 25)"), questionHash: "0123456789abcdef")
            line.answer = random.next() % 4 == 0 ? .missed : .gotIt
            line.duration = Double(random.next() % 20)
            lines.append(line)
        }
        let now = Fixtures.date("2026-04-01 09:00")
        let bulk = try ProgressStore()
        let ordinary = try ProgressStore()
        _ = try bulk.importJournal(
            JournalLines(lines), positions: [:], scheduler: scheduler, now: now, bulkThreshold: 1)
        _ = try ordinary.importJournal(
            JournalLines(lines), positions: [:], scheduler: scheduler, now: now, bulkThreshold: .max)
        XCTAssertEqual(try bulk.storedStates(), try ordinary.storedStates())
        XCTAssertEqual(try bulk.activityBuckets(), try ordinary.activityBuckets())
        XCTAssertEqual(try bulk.allReviews().map(\.boxAfter), try ordinary.allReviews().map(\.boxAfter))
        let indexes = try bulk.dbWriter.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE tbl_name = 'review' AND sql IS NOT NULL")
        }
        let expected = try ordinary.dbWriter.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE tbl_name = 'review' AND sql IS NOT NULL")
        }
        XCTAssertEqual(Set(indexes), Set(expected))
        XCTAssertEqual(try bulk.integrityCheck(), "ok")
        // The rebuilt unique index still turns duplicates away.
        let again = try bulk.importJournal(
            JournalLines(lines), positions: [:], scheduler: scheduler, now: now, bulkThreshold: 1)
        XCTAssertEqual(again.imported, 0)
        XCTAssertEqual(try bulk.reviewCount(), lines.count)
    }
}
