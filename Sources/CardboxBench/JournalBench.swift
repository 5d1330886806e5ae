import CardboxEngine
import Foundation

/// The journal import at scale: another device's file of `lines` answers over 10,000 cards imported into
/// a fresh progress file, then a second start with nothing new, then 1,000 more lines; then the same log
/// given the layout of `v8-compact-log` again (every row's journal id indexed) and upgraded by the app's
/// migrator (`v9-own-log-index`), then made the lean log of `v5-lean-log` and upgraded again (both).
enum JournalBench {
    struct Result: Codable {
        var lines: Int
        var fileMB: Double
        var firstImportMs: Double
        /// CPU time of the first import (user and system): the wall-clock figure grows on a busy machine.
        var firstImportCPUMs: Double
        var unchangedImportMs: Double
        var thousandMoreMs: Double
        /// CPU time of the 1,000 more lines' import.
        var thousandMoreCPUMs: Double
        var imported: Int
        /// Opening the file once its log is made the lean log again: the upgrade to the compact log,
        /// then (since `v9-own-log-index`) the index of this device's rows.
        var upgradeFromLeanLogMs: Double
        var upgradeFromLeanLogCPUMs: Double
        /// Opening the file with its log as `v8-compact-log` left it: `v9-own-log-index` alone.
        var upgradeFromCompactLogMs: Double
        var upgradeFromCompactLogCPUMs: Double
    }

    static func run(lines: Int, folder: URL) throws -> Result {
        let journal = folder.appendingPathComponent("journal")
        try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: true)
        let other = "00000000000000ff"
        let path = journal.appendingPathComponent(JournalFolder.fileName(device: other)).path
        let start = Date(timeIntervalSince1970: 1_767_258_000)
        func text(_ range: Range<Int>) -> String {
            var text = ""
            text.reserveCapacity(range.count * 110)
            for index in range {
                var line = JournalLine(
                    kind: .review, id: JournalID(device: other, seq: Int64(index + 1)),
                    time: start.addingTimeInterval(Double(index) * 30),
                    card: CardID(deck: "Bench", key: "q-\(index % 10_000)"),
                    questionHash: "0123456789abcdef")
                line.answer = index % 4 == 0 ? .missed : .gotIt
                line.duration = 4.2
                text += line.text + "\n"
            }
            return text
        }
        try text(0..<lines).write(toFile: path, atomically: false, encoding: .utf8)
        let store = try ProgressStore(path: folder.appendingPathComponent("progress.sqlite").path)
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        let now = start.addingTimeInterval(Double(lines) * 30 + 60)
        let cpuBefore = cpuMilliseconds()
        let (first, firstMs) = try Timing.measure {
            try Journal(folder: journal.path, store: store).importNew(scheduler: scheduler, now: now).0
        }
        let firstCPU = cpuMilliseconds() - cpuBefore
        // A later start: the position kept in the progress file means nothing is read again.
        let reopened = try ProgressStore(path: folder.appendingPathComponent("progress.sqlite").path)
        let (unchanged, unchangedMs) = try Timing.measure {
            try Journal(folder: journal.path, store: reopened).importNew(scheduler: scheduler, now: now).0
        }
        guard unchanged.imported == 0 else { fail("the second import read \(unchanged.imported) lines again") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text(lines..<(lines + 1000)).utf8))
        try handle.close()
        let moreCPUBefore = cpuMilliseconds()
        let (_, moreMs) = try Timing.measure {
            try Journal(folder: journal.path, store: reopened).importNew(scheduler: scheduler, now: now).0
        }
        let moreCPU = cpuMilliseconds() - moreCPUBefore
        let size = Double(JournalFileSize.of(path)) / 1_048_576
        let progress = folder.appendingPathComponent("progress.sqlite").path
        try LeanLogFile.indexEveryJournalID(progress)
        let compactCPUBefore = cpuMilliseconds()
        let (indexed, compactMs) = try Timing.measure { try ProgressStore(path: progress) }
        let compactCPU = cpuMilliseconds() - compactCPUBefore
        guard try indexed.reviewCount() == lines + 1000 else { fail("the upgraded log lost rows") }
        try LeanLogFile.make(fromCompact: progress)
        let upgradeCPUBefore = cpuMilliseconds()
        let (upgraded, upgradeMs) = try Timing.measure { try ProgressStore(path: progress) }
        let upgradeCPU = cpuMilliseconds() - upgradeCPUBefore
        let expected = lines + 1000
        guard try upgraded.reviewCount() == expected else { fail("the upgraded log lost rows") }
        return Result(
            lines: lines, fileMB: size, firstImportMs: firstMs, firstImportCPUMs: firstCPU,
            unchangedImportMs: unchangedMs, thousandMoreMs: moreMs, thousandMoreCPUMs: moreCPU,
            imported: first.imported, upgradeFromLeanLogMs: upgradeMs, upgradeFromLeanLogCPUMs: upgradeCPU,
            upgradeFromCompactLogMs: compactMs, upgradeFromCompactLogCPUMs: compactCPU)
    }
}

/// User and system CPU time of this process so far, in milliseconds.
func cpuMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func ms(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
    return ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// A file's size in bytes.
enum JournalFileSize {
    static func of(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
