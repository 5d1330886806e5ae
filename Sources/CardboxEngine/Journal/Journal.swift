import Foundation
import Synchronization

/// The journal folder seen from one progress file: writes this device's file and imports the others.
///
/// This device appends only to `<folder>/<device>.tsv`. `flush()` appends every event of the progress
/// file that the journal does not hold yet, so it is called right after each commit and at start
/// (a kill between the two loses nothing). `importNew` reads the lines other devices added since the
/// last call and merges them.
public final class Journal: Sendable {
    public let folder: String
    public let store: ProgressStore
    /// Held while this device's file is appended to: the app's answers and its background merge both
    /// flush, and two appends at once would write the same events twice.
    private let appending = Mutex<Void>(())

    public init(folder: String, store: ProgressStore) {
        self.folder = folder
        self.store = store
    }

    /// What start-up did: the lines imported, the journal lines that could not be read, a new device id.
    public struct Report: Sendable {
        public var merge = JournalMerge()
        public var warnings: [String] = []
        /// Set when this progress file took a new device id (it was copied or restored).
        public var newDevice: String?
    }

    /// This device's file, or nil when the store has no device id.
    public func ownPath() throws -> String? {
        try store.deviceID().map { (folder as NSString).appendingPathComponent(JournalFolder.fileName(device: $0)) }
    }

    /// Start: creates the folder, takes a new device id if the own journal holds events this file did not
    /// write, writes what is missing, then imports the other devices' new lines.
    public func start(scheduler: LeitnerScheduler, now: Date) throws -> Report {
        var report = Report()
        try createFolder()
        report.newDevice = try checkOwnFile()
        try flush()
        let (merge, warnings) = try importNew(scheduler: scheduler, now: now)
        report.merge = merge
        report.warnings = warnings
        return report
    }

    /// Takes a new device id when this device's journal holds an event this file did not write (the
    /// progress file was copied from another machine or restored from a backup); returns it.
    func checkOwnFile() throws -> String? {
        guard let path = try ownPath(), let last = try JournalFile.lastLine(path).line else { return nil }
        guard let line = try? JournalLine.parse(Substring(last)) else { return nil }
        if let time = try store.ownEventTime(seq: line.id.seq),
            abs(time.timeIntervalSince1970 - line.time.timeIntervalSince1970) < 0.002
        {
            return nil
        }
        var written: [Int64: Date] = [:]
        let bytes = try JournalFile.read(path, from: 0)
        for text in bytes.split(separator: 0x0A) {
            if let line = try? JournalLine.parse(Substring(String(decoding: text, as: UTF8.self))) {
                written[line.id.seq] = line.time
            }
        }
        return try store.takeNewDeviceID(written: written)
    }

    /// Appends to this device's file every event of the progress file it does not hold yet, and flushes it.
    public func flush() throws {
        try appending.withLock { _ in try flushNow() }
    }

    private func flushNow() throws {
        guard let path = try ownPath() else { return }
        let (last, complete) = try JournalFile.lastLine(path)
        let lastSeq = last.flatMap { try? JournalLine.parse(Substring($0)) }?.id.seq ?? 0
        let events = try store.ownEvents(after: lastSeq)
        let size = JournalFile.size(path)
        // Nothing to add, and no half-written line to cut off.
        if events.isEmpty && (size ?? 0) == complete { return }
        if size == nil { try createFolder() }
        var text = ""
        for event in events { text += event.text + "\n" }
        try JournalFile.append(text, to: path, cuttingTo: complete)
    }

    private func createFolder() throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw JournalFile.Failure(description: "\(folder): cannot create the journal folder")
        }
    }

    /// Reads the lines other devices added since the last call and merges them into the progress file;
    /// returns what changed and a warning per line that could not be read.
    /// With `maxBytesPerFile`, at most that much of each file is read now, and the rest on later calls
    /// (the running app's polls, which must not hold the screen up for a big arrival).
    /// With `cardsPerTransaction`, the lines are stored in several transactions of that many cards each
    /// (`ProgressStore.importJournal(_:positions:scheduler:now:cardsPerTransaction:between:)`), and
    /// `reading` is told how many lines were read before they are stored.
    public func importNew(
        scheduler: LeitnerScheduler, now: Date, maxBytesPerFile: Int64? = nil, cardsPerTransaction: Int? = nil,
        reading: (Int) -> Void = { _ in }
    ) throws -> (JournalMerge, [String]) {
        guard let own = try store.deviceID() else { return (JournalMerge(), []) }
        let batch = JournalReader.read(
            folder: folder, ownFile: JournalFolder.fileName(device: own), positions: try store.journalPositions(),
            maxBytes: maxBytesPerFile)
        guard !batch.positions.isEmpty else { return (JournalMerge(), batch.warnings) }
        reading(batch.lines.count)
        let merge =
            if let cardsPerTransaction {
                try store.importJournal(
                    batch.lines, positions: batch.positions, scheduler: scheduler, now: now,
                    cardsPerTransaction: cardsPerTransaction)
            } else {
                try store.importJournal(batch.lines, positions: batch.positions, scheduler: scheduler, now: now)
            }
        return (merge, batch.warnings)
    }

    /// The running app's merge, made to run off the UI thread beside the app's own answers: reads what
    /// other devices added a megabyte of each file at a time (about 10,000 lines) until nothing is left,
    /// stores it a few cards per transaction so that an answer given meanwhile waits for one small
    /// transaction at most. The states returned are those each part left: the thread that answers
    /// reads them again with `ProgressStore.refreshed(_:)` before showing them, so that an answer given
    /// after its card's part was merged is not hidden. `reading` is told the lines read so far, before
    /// they are stored.
    public func mergeBeside(
        scheduler: LeitnerScheduler, now: Date, reading: (Int) -> Void = { _ in }
    ) throws -> (JournalMerge, [String]) {
        var merge = JournalMerge()
        var warnings: [String] = []
        var read = 0
        // A file written to without end still lets the merge finish now and then.
        for _ in 0..<Self.mergeRounds {
            var more = false
            let (done, found) = try importNew(
                scheduler: scheduler, now: now, maxBytesPerFile: Self.mergeWindow,
                cardsPerTransaction: Self.mergeCards,
                reading: { count in
                    more = true
                    read += count
                    reading(read)
                })
            merge.add(done)
            warnings += found
            if !more { break }
        }
        return (merge, warnings)
    }

    /// How much of each file one round of `mergeBeside` reads.
    static let mergeWindow: Int64 = 1 << 20
    /// Cards per transaction in `mergeBeside`.
    static let mergeCards = 64
    /// Rounds of `mergeBeside` before it hands what it merged to the app.
    static let mergeRounds = 100
}
