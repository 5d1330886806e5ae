import CardboxEngine
import CardboxTUI
import Foundation

/// The full-screen app's second lane at start: a thread that reads what the first frame needs from the
/// progress file (`ProgressStartReads`), begun once the file is locked, while the start's thread opens
/// the progress store (its queue, checks and migrator), reads the tree's memory and, once the decks
/// are in, matches the states to the cards.
///
/// It never writes and decides nothing: the store's opening still checks the file first and reports
/// what is wrong, and what the lane could not read (a file to migrate, one not cardbox's, a failed
/// read) is nil here, and the start reads it through the store, as it did before.
final class StartLane: @unchecked Sendable {
    /// What the start read beside the store's opening.
    struct Reads: Sendable {
        var progress: ProgressStartReads
        var treeMemory: TreeMemory?
        /// The lane, still reading the activity totals.
        var lane: StartLane
    }

    private let early = DispatchGroup()
    private let done = DispatchGroup()
    /// Each written once on the lane's thread before its group is left, read after waiting for it.
    private var reads: ProgressStartReads?
    private var history: ActivityHistory?

    init(file: String, scheduler: LeitnerScheduler, now: Date, decks: @escaping @Sendable () -> CardCollection) {
        early.enter()
        done.enter()
        Thread.detachNewThread { [self] in
            history = ProgressStartReads.read(path: file, scheduler: scheduler, now: now, collection: decks) {
                reads = $0
                early.leave()
            }
            done.leave()
        }
    }

    /// The states, suspensions and extra new cards, once read, with the tree's memory read from
    /// `treeMemoryFile` on this thread meanwhile; nil when the store must read them.
    func wait(treeMemoryFile: String) -> Reads? {
        let memory = Self.treeMemory(file: treeMemoryFile)
        early.wait()
        return reads.map { Reads(progress: $0, treeMemory: memory, lane: self) }
    }

    /// The answers per study day over the loaded decks, once read; nil when the store must read them.
    func activity() -> ActivityHistory? {
        done.wait()
        return history
    }

    /// The tree as the last run left it in `file`; nil when there is none or it cannot be read.
    static func treeMemory(file: String) -> TreeMemory? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSONDecoder().decode(TreeMemory.self, from: data)
    }
}
