import CNcurses
import Foundation

/// Turns SIGINT/SIGTERM/SIGHUP/SIGQUIT and SIGTSTP into flags the main loop polls, and restores
/// the terminal on the paths that never reach the loop: a crash signal or `exit()`.
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

    /// Saves the terminal's modes; call before curses starts.
    static func saveTerminalModes() { cardbox_save_terminal_modes() }

    /// From now until `disarmTerminalRestore`, a crash signal or `exit()` first restores the terminal
    /// (the saved modes, the normal screen, a visible cursor). Call once curses has started.
    static func armTerminalRestore() { cardbox_arm_terminal_restore() }

    static func disarmTerminalRestore() { cardbox_disarm_terminal_restore() }

    static func restoreDefaults() { cardbox_restore_signal_handlers() }

    /// The pending signal, if any (a quit wins over a stop).
    static func take() -> Event? {
        let quit = cardbox_take_quit_signal()
        if quit != 0 { return .quit(signal: quit) }
        if cardbox_take_stop_signal() != 0 { return .stop }
        return nil
    }

    /// While a program in the foreground has the terminal (the editor), Ctrl-C and Ctrl-\ are its own:
    /// they are ignored here, as `system(3)` does, until `resumeInterrupts` puts the handlers back.
    static func pauseInterrupts() {
        signal(SIGINT, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
    }

    static func resumeInterrupts() {
        cardbox_install_signal_handlers()
        // A Ctrl-Z meant for the editor was acted on while waiting for it.
        _ = cardbox_take_stop_signal()
    }

    /// Stops the process as the default Ctrl-Z would; returns once it is continued.
    static func stopProcess() { cardbox_stop_process() }
}
