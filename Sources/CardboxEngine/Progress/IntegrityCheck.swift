import Foundation
import GRDB
import Synchronization

/// A `PRAGMA quick_check` of a progress file on a connection of its own, that another thread can stop.
///
/// The check reads every page, so the app runs it off the UI thread after the first frame. Its
/// connection is read-only (the app's writes are not held up), and it must be closed before the
/// store's: SQLite empties the write-ahead log only when the last connection to the file closes, so a
/// quit that left the check running would leave the log for the next start to read back.
public final class IntegrityCheck: Sendable {
    /// What the check found.
    public enum Verdict: Equatable, Sendable {
        /// The file is sound (or the store is in memory).
        case sound
        /// The first problem the check named, on one line.
        case damaged(String)
        /// `stop()` was called before the check gave its verdict.
        case stopped
    }

    private let path: String?
    /// Whether `stop()` was called, and the check's connection while it is open.
    private let running = Mutex<(stopped: Bool, reader: DatabaseQueue?)>((false, nil))

    /// A check of the file at `path` (nil: a store in memory, always sound).
    init(path: String?) { self.path = path }

    /// Runs the check on the calling thread; its connection is closed when this returns.
    public func run() -> Verdict {
        guard let path else { return .sound }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let reader = try DatabaseQueue(path: path, configuration: configuration)
            let started = running.withLock { running -> Bool in
                guard !running.stopped else { return false }
                running.reader = reader
                return true
            }
            guard started else { return .stopped }
            let verdict = Result { try reader.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") } }
            // Out of reach of `stop()` before the connection closes with the last reference to it.
            let stopped = running.withLock { running -> Bool in
                running.reader = nil
                return running.stopped
            }
            if stopped { return .stopped }
            return Self.verdict(try verdict.get())
        } catch {
            return running.withLock { $0.stopped } ? .stopped : .damaged(ProgressStore.reason(error))
        }
    }

    /// Makes a running check end at its earliest opportunity with `.stopped`, and one not started yet
    /// end before it reads. Safe from any thread. SQLite forgets an interrupt that comes while no
    /// statement runs (between the read's `BEGIN` and the check itself), so whoever waits for the
    /// check calls this again until `run()` returns; `run()` then says `.stopped` whatever it read.
    public func stop() {
        running.withLock { running in
            running.stopped = true
            running.reader?.interrupt()
        }
    }

    /// The verdict from the rows `PRAGMA quick_check` returned.
    private static func verdict(_ rows: [String]) -> Verdict {
        guard rows != ["ok"] else { return .sound }
        // The first problem named, on one line (SQLite heads the list with the database's name).
        let lines = rows.flatMap { $0.split(separator: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return .damaged(lines.first { !$0.hasPrefix("***") && !$0.isEmpty } ?? "no verdict")
    }
}

extension ProgressStore {
    /// A check of this store's file, to run off the UI thread (see `IntegrityCheck`).
    public func quickCheck() -> IntegrityCheck { IntegrityCheck(path: path) }
}
