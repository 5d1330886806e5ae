import CardboxEngine
import Synchronization

/// Remembers the last few long texts wrapped, by text, width and wrapper settings: a card is wrapped
/// once per width, not at every frame and key (a side of 256 KB takes a noticeable time to wrap).
/// Texts are compared whole, so an entry can never stand for another text.
enum WrapMemory {
    /// Texts shorter than this are wrapped every time: remembering them costs more than it saves.
    static let minimumBytes = 4096
    /// How many wrapped texts are kept (a card's question and answer, at a width or two).
    static let capacity = 8

    struct Key: Hashable {
        var text: StyledText
        var width: Int
        var bullet: String
        var codeIndent: Int
    }

    private struct Store {
        var entries: [(key: Key, lines: [StyledLine])] = []
        /// How many long texts were wrapped rather than found (for tests).
        var wraps = 0
    }

    private static let store = Mutex(Store())

    /// The lines of `key`'s text, from memory or made by `wrap` and remembered.
    static func lines(for key: Key, _ wrap: () -> [StyledLine]) -> [StyledLine] {
        if let found = store.withLock({ store -> [StyledLine]? in
            guard let index = store.entries.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = store.entries.remove(at: index)
            store.entries.append(entry)
            return entry.lines
        }) {
            return found
        }
        let lines = wrap()
        store.withLock { store in
            store.wraps += 1
            store.entries.append((key, lines))
            if store.entries.count > capacity { store.entries.removeFirst() }
        }
        return lines
    }

    /// Long texts wrapped so far rather than found.
    static var wrapCount: Int { store.withLock { $0.wraps } }

    /// UTF-8 bytes of `text`, stopping once `minimumBytes` is reached.
    static func isLong(_ text: StyledText) -> Bool {
        var total = 0
        for block in text.blocks {
            for span in block.spans {
                total += span.text.utf8.count
                if total >= minimumBytes { return true }
            }
        }
        return false
    }
}
