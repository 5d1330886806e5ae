import Foundation
import Synchronization

/// A deck file's bytes: at hand, or known by their length and hash and read on first use.
///
/// A file read through its index entry without being read itself (its size, times and inode
/// unchanged, `DeckIndexCache`) needs its bytes only when one of its cards is shown or its search
/// texts must be made again. They are read then and used only when they still hash to the content
/// the entry describes; a file changed since the start gives nil (its cards are being reloaded).
final class DeckContent: Sendable {
    let path: String
    /// The content's length in bytes.
    let length: Int
    private let state: Mutex<State>

    private enum State {
        case loaded([UInt8])
        /// Known by its `FastHash`.
        case unread(hash: UInt64)
        /// Read once and found changed: not read again.
        case changed
    }

    /// Content already read.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        length = bytes.count
        state = Mutex(.loaded(bytes))
    }

    /// Content not yet read, known by its length and hash.
    init(path: String, unreadLength length: Int, hash: UInt64) {
        self.path = path
        self.length = length
        state = Mutex(.unread(hash: hash))
    }

    /// True while the bytes have not been read.
    var isUnread: Bool {
        state.withLock {
            if case .unread = $0 { return true }
            return false
        }
    }

    /// The bytes, read now if they were not yet; nil when the file no longer holds this content.
    var bytes: [UInt8]? {
        state.withLock { state in
            switch state {
            case let .loaded(bytes):
                return bytes
            case .changed:
                return nil
            case let .unread(hash):
                guard let read = FileBytes.read(path), read.count == length, FastHash.hash(read) == hash else {
                    state = .changed
                    return nil
                }
                state = .loaded(read)
                return read
            }
        }
    }
}
