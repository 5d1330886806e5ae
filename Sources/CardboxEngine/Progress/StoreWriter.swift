import GRDB
import Synchronization

/// A progress store's `DatabaseWriter`: given open, or opened once, at its first use.
///
/// A writer opened at first use is opened on whichever thread asks for it first, while any other that
/// asks meanwhile waits; an opening that failed gives its error to every later use, so that a store
/// whose file could not be opened never writes and says why each time.
final class StoreWriter: Sendable {
    private enum Stage: Sendable {
        case waiting(@Sendable () throws -> any DatabaseWriter)
        case open(any DatabaseWriter)
        case failed(any Error)
    }

    private let stage: Mutex<Stage>
    /// Whether the writer is (or will be) read-only: every write is refused before it starts.
    let readOnly: Bool

    /// A writer already open.
    init(_ writer: any DatabaseWriter) {
        stage = Mutex(.open(writer))
        readOnly = writer.configuration.readonly
    }

    /// A writer that `open` makes at its first use.
    init(readOnly: Bool, open: @escaping @Sendable () throws -> any DatabaseWriter) {
        stage = Mutex(.waiting(open))
        self.readOnly = readOnly
    }

    /// The writer, opened now if it was not yet; throws what its opening threw.
    func get() throws -> any DatabaseWriter {
        try stage.withLock { stage in
            switch stage {
            case .open(let writer):
                return writer
            case .failed(let error):
                throw error
            case .waiting(let open):
                do {
                    let writer = try open()
                    stage = .open(writer)
                    return writer
                } catch {
                    stage = .failed(error)
                    throw error
                }
            }
        }
    }
}
