import Foundation
import Synchronization

/// Deck index entries made while the decks load, kept to be written later on another thread, so that
/// a first start draws its first frame before writing them (`DeckIndexCache.startWrites`).
///
/// An entry not yet written when the process is killed is only missing: the next start parses its
/// file again and writes it then.
final class PendingEntries: Sendable {
    private struct State {
        var started = false
        var writes: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let group = DispatchGroup()

    /// Runs `write` here when writing has started, else keeps it for `start`.
    func add(_ write: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.started { return true }
            state.writes.append(write)
            return false
        }
        if now { write() }
    }

    /// Writes the entries kept so far on another thread; later ones are written as they come.
    func start() {
        let writes = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.started else { return [] }
            state.started = true
            defer { state.writes = [] }
            return state.writes
        }
        guard !writes.isEmpty else { return }
        group.enter()
        DispatchQueue.global(qos: .utility).async { [group] in
            for write in writes { write() }
            group.leave()
        }
    }

    /// `start`, then waits until every entry kept is written.
    func finish() {
        start()
        group.wait()
    }
}
