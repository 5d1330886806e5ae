import CNcurses
import Foundation

/// A thread of its own, at a lower priority than the UI thread, for work the app does beside it.
///
/// On a machine with few cores, work started after the first frame (the integrity check, the state
/// snapshot, a look at the journal folder) competes with the keys for the processor. Each piece runs
/// on a new thread that lowers its own priority first (Linux gives every thread its own nice value),
/// so the UI thread wins whenever the two want the same core; with a core free, nothing is slower.
/// A thread from the shared dispatch pool could not be given back its priority afterwards (an
/// unprivileged process may lower a priority but not raise it), hence a thread per piece of work.
enum BackgroundThread {
    /// Nice steps below the UI thread: about a tenth of a core's share against a busy UI thread.
    static let niceness: Int32 = 10

    /// Runs `work` on a new thread at the lower priority.
    static func start(_ name: String, _ work: @escaping @Sendable () -> Void) {
        let thread = Thread {
            lowerPriority()
            work()
        }
        thread.name = name
        thread.start()
    }

    /// Lowers the calling thread's priority by `niceness`, and only that thread's; a refusal leaves it as it is.
    static func lowerPriority() { cardbox_lower_thread_priority(niceness) }

    /// The calling thread's nice value (-100 when it cannot be read).
    static var priority: Int32 { cardbox_thread_priority() }
}
