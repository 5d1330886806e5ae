import Foundation

/// Asks Foundation, on a thread of its own, for what every command asks it for soon after starting and
/// Foundation then keeps: the current time zone (the settings' scheduler needs it), which Foundation
/// finds by reading the environment and the zone files (about a million instructions). Meanwhile the
/// main thread reads the arguments and the environment; when it asks, the answer is ready, or it
/// waits for the same answer.
enum CacheWarmUp {
    static func start() {
        var thread = pthread_t()
        let made = pthread_create(
            &thread, nil,
            { _ in
                _ = TimeZone.current
                return nil
            }, nil)
        if made == 0 { pthread_detach(thread) }
    }
}
