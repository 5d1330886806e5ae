import Foundation

/// Whether the full-screen tests can run: they drive the app in a private tmux server.
public enum Tmux {
    /// True when a tmux binary is installed in the usual places.
    public static var isInstalled: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Why the full-screen tests are skipped when tmux is missing, and what to install.
    public static let missing = "tmux is not installed"
}
