import CardboxEngine
import Foundation
import Synchronization

/// The search index of one version of the decks, built on another thread; the loop takes it when done.
final class BackgroundSearchIndex: Sendable {
    private let result = Mutex<BuiltSearchIndex?>(nil)

    /// Starts building at once.
    init(collection: CardCollection, decksVersion: Int) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let built = BuiltSearchIndex(collection: collection, decksVersion: decksVersion)
            result.withLock { $0 = built }
        }
    }

    /// The index once it is built, else nil.
    func take() -> BuiltSearchIndex? { result.withLock { $0 } }
}
