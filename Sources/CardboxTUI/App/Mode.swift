/// What the app is doing: which screen is shown and which keys apply.
public indirect enum Mode: Sendable {
    /// Browsing the topic tree.
    case tree
    /// The tree, with the card pane explaining that the selected topic has nothing to study now.
    case nothingDue(NothingDue)
    /// A study, cram, missed-review or browse session.
    case session(SessionState)
    /// The summary after a session.
    case summary(SummaryState)
    /// The search overlay.
    case search(SearchState)
    /// The statistics screen.
    case stats(StatsState)

    /// True for `.tree` and `.nothingDue`, where the tree keys apply.
    public var isTree: Bool {
        switch self {
        case .tree, .nothingDue: true
        default: false
        }
    }
}

extension Mode {
    /// The running session, if any.
    public var session: SessionState? {
        if case .session(let s) = self { return s }
        return nil
    }

    /// The summary shown, if any.
    public var summary: SummaryState? {
        if case .summary(let s) = self { return s }
        return nil
    }

    /// The search overlay's state, if open.
    public var search: SearchState? {
        if case .search(let s) = self { return s }
        return nil
    }

    /// The nothing-due notice, if shown.
    public var nothingDue: NothingDue? {
        if case .nothingDue(let n) = self { return n }
        return nil
    }

    /// The statistics screen's state, if shown.
    public var stats: StatsState? {
        if case .stats(let s) = self { return s }
        return nil
    }

    /// True on the statistics screen.
    public var isStats: Bool {
        if case .stats = self { return true }
        return false
    }

    /// A short name for tests and the status bar: tree, nothingDue, session, summary, search, stats.
    public var name: String {
        switch self {
        case .tree: "tree"
        case .nothingDue: "nothingDue"
        case .session: "session"
        case .summary: "summary"
        case .search: "search"
        case .stats: "stats"
        }
    }
}
