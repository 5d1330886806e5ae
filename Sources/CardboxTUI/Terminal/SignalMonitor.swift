import CNcurses

/// Turns SIGINT/SIGTERM/SIGHUP and SIGTSTP into flags the main loop polls.
///
/// The handlers (in shim.h) only store the signal number, which is async-signal-safe; the loop then
/// restores the terminal and exits, or suspends. All calls to those shim functions live in this file
/// because their state is a `static` variable in the header.
enum SignalMonitor {
    /// A signal the loop has to act on.
    enum Event: Equatable {
        case quit(signal: Int32)
        case stop
    }

    static func install() { cardbox_install_signal_handlers() }

    static func restoreDefaults() { cardbox_restore_signal_handlers() }

    /// The pending signal, if any (a quit wins over a stop).
    static func take() -> Event? {
        let quit = cardbox_take_quit_signal()
        if quit != 0 { return .quit(signal: quit) }
        if cardbox_take_stop_signal() != 0 { return .stop }
        return nil
    }

    /// Stops the process as the default Ctrl-Z would; returns once it is continued.
    static func stopProcess() { cardbox_stop_process() }
}
