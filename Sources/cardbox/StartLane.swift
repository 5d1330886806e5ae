import CardboxEngine
import CardboxTUI
import Foundation

/// The full-screen app's second lane at start: a thread that reads what the first frame needs from the
/// progress file (`ProgressStartReads`), begun once the file is locked, while the start's thread opens
/// the progress store (its queue, checks and migrator) and reads the tree's memory.
///
/// It never writes and decides nothing: the store's opening still checks the file first and reports
/// what is wrong, and when the reads could not be made (a file to migrate, one not cardbox's, a failed
/// read) `wait()` gives nil and the start reads through the store, as it did before.
final class StartLane: @unchecked Sendable {
    /// What the start read beside the store's opening.
    struct Reads: Sendable {
        var progress: ProgressStartReads
        var treeMemory: TreeMemory?
    }

    private let done = DispatchSemaphore(value: 0)
    /// Written once on the lane's thread before `done` is signalled, read after waiting for it.
    private var reads: ProgressStartReads?

    init(file: String, scheduler: LeitnerScheduler, now: Date, decks: @escaping @Sendable () -> CardCollection) {
        Thread.detachNewThread { [self] in
            reads = ProgressStartReads.read(path: file, scheduler: scheduler, now: now, collection: decks)
            done.signal()
        }
    }

    /// What the lane read, once it has, with the tree's memory read from `treeMemoryFile` on this thread
    /// meanwhile; nil when the store must read it all. Called once.
    func wait(treeMemoryFile: String) -> Reads? {
        let memory = Self.treeMemory(file: treeMemoryFile)
        done.wait()
        return reads.map { Reads(progress: $0, treeMemory: memory) }
    }

    /// The tree as the last run left it in `file`; nil when there is none or it cannot be read.
    static func treeMemory(file: String) -> TreeMemory? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSONDecoder().decode(TreeMemory.self, from: data)
    }
}
