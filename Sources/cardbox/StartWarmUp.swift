import CardboxEngine
import CardboxTUI
import Foundation

/// Work a start hands to second threads, so that the main thread, which reads the arguments, opens the
/// files and draws the first frame, finds it done.
///
/// Each asks for something the process then keeps whichever thread asked first, so nothing the app
/// reads changes: Foundation's current time zone, and the Swift runtime's answers to whether a type
/// conforms to a protocol (`StartConformances`). When a thread cannot be started, the main thread
/// simply finds nothing done.
enum StartWarmUp {
    /// For every command, first thing: the current time zone (the settings' scheduler needs it), which
    /// Foundation finds by reading the environment and the zone files (about a million instructions),
    /// while the main thread reads the arguments and the environment.
    static func timeZone() {
        detach { _ in
            _ = TimeZone.current
            return nil
        }
    }

    /// Once the arguments are known to be the full-screen app's, on the core the main thread is not
    /// using: the start's conformance checks, whose first asking walks every conformance record of the
    /// binary (the deck threads' first: theirs is the longest part of a warm start), a tree memory
    /// decoded (the JSON decoder's own generic types) and a screen cache made (its own generic types).
    static func fullScreen() {
        detach { _ in
            StartWarmUp.runFullScreen()
            return nil
        }
    }

    /// The full-screen thread's work.
    static func runFullScreen() {
        StartConformances.lookUp(.decks)
        StartConformances.lookUp(.files)
        // The start reads the tree memory after opening the progress file, then draws the first frame.
        _ = try? JSONDecoder().decode(TreeMemory.self, from: Data(#"{"expanded":[],"selected":[]}"#.utf8))
        StartConformances.lookUp(.frame)
        // The first frame's screen cache: its generic types' first making looks up conformances too.
        ScreenCache.prepareTypes()
    }

    /// Runs `body` on a detached thread of its own (a plain `pthread`: no Foundation `Thread` to set up).
    private static func detach(_ body: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?) {
        var thread = pthread_t()
        if pthread_create(&thread, nil, body, nil) == 0 { pthread_detach(thread) }
    }
}
