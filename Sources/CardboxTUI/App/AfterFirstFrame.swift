/// Work the app runs once, off the UI thread, after the first frame is drawn (the progress file's
/// integrity check), and how to stop it when the app quits before it is done.
public struct AfterFirstFrame: Sendable {
    /// The work: a non-nil result is a problem the status line shows from then on.
    public var work: @Sendable () -> String?
    /// Makes `work` return soon; called from the UI thread when the app quits, which then waits a
    /// moment for `work` to return (so that the check's connection is closed before the store's). It
    /// is called again every few milliseconds until then: a stop may be missed (SQLite forgets an
    /// interrupt that comes between two statements).
    public var stop: @Sendable () -> Void

    public init(work: @escaping @Sendable () -> String?, stop: @escaping @Sendable () -> Void = {}) {
        self.work = work
        self.stop = stop
    }
}
