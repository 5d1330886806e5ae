import CardboxEngine
import CardboxTUI
import Foundation

/// Work a start of the full-screen app hands to a second thread the moment it knows it is one, so that
/// the main thread, which opens the files and draws the first frame, finds it done.
///
/// The Swift runtime's first check of a type against a protocol walks every conformance record of the
/// binary (`StartConformances`); this thread makes the start's checks, and decodes a tree memory (the
/// JSON decoder's own generic types), on the core the main thread is not using. It changes nothing the
/// app reads: the runtime keeps the answers the same whichever thread asked first.
enum StartWarmUp {
    /// Starts the thread; when it cannot be started, the main thread simply finds nothing done.
    static func start() {
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { _ in
                StartWarmUp.run()
                return nil
            }, nil)
        guard started == 0 else { return }
        pthread_detach(thread)
    }

    /// The thread's work.
    static func run() {
        StartConformances.lookUp(.files)
        // The start reads the tree memory after opening the progress file, then draws the first frame.
        _ = try? JSONDecoder().decode(TreeMemory.self, from: Data(#"{"expanded":[],"selected":[]}"#.utf8))
        StartConformances.lookUp(.frame)
    }
}
