import Foundation

/// The process's environment, read once.
///
/// `ProcessInfo.processInfo.environment` builds a new dictionary of every variable each time it is
/// read (hundreds of thousands of instructions with a usual environment); a start reads it in several
/// places. cardbox never changes its own environment, so one copy serves the whole run.
public enum ProcessEnvironment {
    /// Every variable of the environment the process started with.
    public static let current: [String: String] = ProcessInfo.processInfo.environment
}
