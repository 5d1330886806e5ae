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

/// A big file is parsed in two halves at once; what it gives is what one pass gives.
final class JournalParallelParseTests: XCTestCase {
    func testTwoHalvesGiveTheLinesTextsAndWarningsOfOnePass() throws {
        let device = "00000000000000ab"
        var texts: [String] = []
        for seq in 1...300 {
            var line = JournalLine(
                kind: .review, id: JournalID(device: seq % 7 == 0 ? "00000000000000cd" : device, seq: Int64(seq)),
                time: Fixtures.date("2026-03-01 09:00").addingTimeInterval(Double(seq) * 61.5),
                card: CardID(deck: seq % 5 == 0 ? "Tab\there" : "Deck", key: "q-\(seq % 17)"),
                questionHash: "0123456789abcdef")
            line.answer = seq % 3 == 0 ? .missed : .gotIt
            line.duration = seq % 4 == 0 ? nil : Double(seq % 9) + 0.25
            switch seq % 50 {
            case 11: texts.append("not a journal line")
            case 23:
                var undo = JournalLine(
                    kind: .undo, id: JournalID(device: device, seq: 10_000 + Int64(seq)),
                    time: line.time, card: line.card)
                undo.cancels = JournalID(device: device, seq: Int64(seq - 1))
                texts.append(undo.text)
            case 37: texts.append("")
            default: texts.append(line.text)
            }
        }
        let bytes = Array((texts.joined(separator: "\n") + "\r\n").utf8)
        let end = bytes.count - 1
        let whole = JournalReader.parse(bytes, through: end, path: "f.tsv", firstLine: 40, parallelBytes: .max)
        for split in [1, 100, bytes.count / 3, bytes.count / 2, end] {
            let halves = JournalReader.parse(bytes, through: end, path: "f.tsv", firstLine: 40, parallelBytes: split)
            XCTAssertEqual(halves.lastLine, whole.lastLine)
            XCTAssertEqual(halves.lastLine, 40 + texts.count)
            XCTAssertEqual(halves.warnings, whole.warnings)
            XCTAssertEqual(halves.lines.count, whole.lines.count)
            XCTAssertEqual(halves.lines.others, whole.lines.others)
            XCTAssertEqual(
                halves.lines.answers.indices.map(halves.lines.line(ofAnswer:)),
                whole.lines.answers.indices.map(whole.lines.line(ofAnswer:)))
            XCTAssertEqual(halves.lines.strings.count, whole.lines.strings.count, "each text kept once")
        }
        XCTAssertEqual(whole.warnings.count, 6)
        XCTAssertTrue(whole.warnings[0].hasPrefix("f.tsv:51: "), whole.warnings[0])
    }
}

/// The totals an import adds up in memory equal a pass over the log it wrote, over many buckets.
final class JournalImportTotalsTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))

    func testTotalsOfAnImportOverThousandsOfBucketsEqualAPassOverTheLog() throws {
        var random = SplitMix(seed: 11)
        var lines: [JournalLine] = []
        let start = Fixtures.date("2026-03-01 09:00")
        for seq in 1...3_000 {
            var line = JournalLine(
                kind: .review, id: JournalID(device: "00000000000000bb", seq: Int64(seq)),
                time: start.addingTimeInterval(Double(random.next() % (200 * 86_400))),
                card: CardID(deck: random.next() % 3 == 0 ? "B" : "A", key: "q-\(random.next() % 40)"))
            line.answer = random.next() % 4 == 0 ? .missed : .gotIt
            line.mode = random.next() % 5 == 0 ? .cram : .study
            line.duration = random.next() % 6 == 0 ? nil : Double(random.next() % 20)
            lines.append(line)
        }
        let now = Fixtures.date("2026-10-01 09:00")
        for threshold in [1, Int.max] {
            let store = try ProgressStore()
            _ = try store.importJournal(
                JournalLines(lines), positions: [:], scheduler: scheduler, now: now, bulkThreshold: threshold)
            let reviews = try store.allReviews()
            XCTAssertEqual(reviews.count, lines.count)
            var answers: [Int: ActivityTotal] = [:]
            var recall: [[Int]: (reviews: Int, got: Int)] = [:]
            for review in reviews {
                answers[ActivityTotals.bucket(of: review.time), default: ActivityTotal()].add(ActivityTotal(review))
                guard review.measuresRecall else { continue }
                let key = [ActivityTotals.bucket(of: review.time), review.boxBefore]
                let old = recall[key] ?? (0, 0)
                recall[key] = (old.reviews + 1, old.got + (review.answer == .gotIt ? 1 : 0))
            }
            XCTAssertGreaterThan(answers.count, 1_000, "enough buckets to grow the in-memory table")
            XCTAssertEqual(
                try store.activityBuckets(),
                answers.keys.sorted().map { ActivityBucket(bucket: $0, totals: answers[$0]!) })
            let stored = try store.recallBuckets(since: .distantPast)
            XCTAssertEqual(stored.reduce(0) { $0 + $1.reviews }, recall.values.reduce(0) { $0 + $1.reviews })
            for bucket in stored {
                let expected = recall[[bucket.bucket, bucket.box]]
                XCTAssertEqual(bucket.reviews, expected?.reviews, "\(bucket)")
                XCTAssertEqual(bucket.got, expected?.got, "\(bucket)")
            }
        }
    }
}
