import CardboxEngine
import Foundation

/// What the app needs to start: the loaded cards, their progress, the scheduler, a clock and load warnings.
public struct AppContext: Sendable {
    public var collection: CardCollection { didSet { startCounts = nil } }
    /// Progress aligned with `collection.cards` (nil = new card).
    public var states: [CardState?] { didSet { startCounts = nil } }
    public var scheduler: LeitnerScheduler { didSet { startCounts = nil } }
    /// The clock; `--now` fixes it.
    public var now: @Sendable () -> Date { didSet { startCounts = nil } }
    /// Problems to point out in the status line, e.g. a deck problems summary.
    public var warnings: [String]
    /// Whether each card is suspended; empty means none is.
    public var suspended: [Bool] { didSet { startCounts = nil } }
    /// New-card order, study-ahead days and the leech rule.
    public var rules: StudyDayRules { didSet { startCounts = nil } }
    /// New cards allowed today beyond the daily limit (`+`), as stored.
    public var extraNewToday: Int
    /// The tree as the last run left it.
    public var treeMemory: TreeMemory?
    /// A card's review log, oldest first, for the card details (`i`).
    public var history: @Sendable (CardID) -> [Review]
    /// Answers so far per study day, for the statistics screen and the session summary.
    public var activity: ActivityHistory
    /// Work to run once, off the UI thread, after the first frame is drawn (the progress file's
    /// integrity check), stopped if the app quits first.
    public var afterFirstFrame: AfterFirstFrame?
    /// Called every few seconds while the app runs, off the UI thread (given the current time, and
    /// told the lines read so far before they are stored): what other devices changed since, as
    /// `.merged`, or nil when nothing did. The app's own answers go on meanwhile.
    public var poll: (@Sendable (Date, _ reading: @escaping @Sendable (Int) -> Void) -> Action?)?
    /// Called on the UI thread with the `.merged` a poll returned, before it is shown: the states read
    /// again from the progress file, so that an answer given here while the merge ran is not hidden.
    public var settle: (@Sendable (Action) -> Action)?
    /// The decks loaded again when a deck file changed, appeared or disappeared since the last call,
    /// else nil; called about once a second, and after the editor exits with the card it had open
    /// (found again by identity, then by the progress that moved, then by position).
    public var reloadDecks: (@Sendable (EditedCard?) -> DeckReload?)?
    /// Where decks were looked for, one line per place (shown on the welcome screen when none was found).
    public var decksLookedFor: [String] = []
    /// The first state's counts, counted on another thread since `countAhead` was called; the first
    /// state is made at their time. Dropped when what they count changes (cards, states, scheduler,
    /// clock, suspensions, rules).
    public private(set) var startCounts: StartCounts?

    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: @escaping @Sendable () -> Date = { Date() }, warnings: [String] = [], suspended: [Bool] = [],
        rules: StudyDayRules = StudyDayRules(), extraNewToday: Int = 0, treeMemory: TreeMemory? = nil,
        history: @escaping @Sendable (CardID) -> [Review] = { _ in [] }, activity: ActivityHistory = ActivityHistory(),
        poll: (@Sendable (Date, _ reading: @escaping @Sendable (Int) -> Void) -> Action?)? = nil,
        settle: (@Sendable (Action) -> Action)? = nil
    ) {
        self.collection = collection
        self.activity = activity
        self.states = states
        self.scheduler = scheduler
        self.now = now
        self.warnings = warnings
        self.suspended = suspended
        self.rules = rules
        self.extraNewToday = extraNewToday
        self.treeMemory = treeMemory
        self.history = history
        self.poll = poll
        self.settle = settle
    }

    /// Starts counting the first state's cards on another thread, at the clock's time now, so that
    /// the terminal is set up meanwhile; the first state is then made at that time and takes the
    /// counts (unless what they count changed since, when it counts them itself).
    public mutating func countAhead() {
        startCounts = StartCounts(self, now: now())
    }

    /// The app's first state on a `width`×`height` screen.
    func initialState(width: Int, height: Int) -> AppState {
        AppState(
            collection: collection, states: states, scheduler: scheduler, now: startCounts?.now ?? now(),
            width: width, height: height, warnings: warnings, suspended: suspended, rules: rules,
            extraNewToday: extraNewToday, treeMemory: treeMemory, activity: activity, decksLookedFor: decksLookedFor,
            startCounts: startCounts)
    }

    /// Carries out the effects that only read (the card details' history) and returns what they found.
    func answer(_ effect: Effect) -> Action? {
        if case .loadHistory(let card) = effect { return .historyLoaded(card, history(card)) }
        return nil
    }
}

/// Why headless rendering could not run.
public enum RenderError: Error, Equatable, CustomStringConvertible {
    case invalidSize(width: Int, height: Int)

    public var description: String {
        switch self {
        case .invalidSize(let width, let height):
            "invalid screen size \(width)x\(height); width and height must not be negative"
        }
    }
}

/// True when standard input and output are both a terminal, as `runInteractive` needs.
public var hasTerminal: Bool { TerminalScreen.standardStreamsAreTerminal }

/// Why the full-screen app cannot run on this terminal (not a terminal, an unknown `TERM`, one
/// without cursor addressing such as `TERM=dumb`), as one line; nil when it can. Checked before
/// anything is opened, so a refused start touches no file.
public func terminalProblem() -> String? {
    guard hasTerminal else {
        return TerminalScreen.OpenError.notATerminal.description
    }
    do {
        try TerminalScreen.checkTerminalType()
        return nil
    } catch {
        return "\(error)"
    }
}

/// Runs the full-screen app on the terminal; `perform` stores each effect (a throw shows the error
/// in the status line and takes the answer back). Returns the process exit code: 0 after quitting,
/// 2 when there is no usable terminal.
public func runInteractive(_ context: AppContext, perform: (Effect) throws -> Void) -> Int32 {
    TerminalApp.run(context, perform: perform)
}

/// Runs the app on an in-memory surface: applies the keys of `keys` (see `Key.parseKeys`) and returns
/// the final screen as text, one line per row with trailing spaces trimmed. Never persists; stops at
/// a quit key. Uses box-drawing glyphs and no colour.
public func renderHeadless(_ context: AppContext, width: Int, height: Int, keys: String) throws -> String {
    try renderHeadless(context, width: width, height: height, keys: keys, theme: .unicode(color: false))
}

/// `renderHeadless` with a chosen theme (e.g. `.ascii()`).
public func renderHeadless(_ context: AppContext, width: Int, height: Int, keys: String, theme: Theme) throws -> String
{
    guard width >= 0, height >= 0 else { throw RenderError.invalidSize(width: width, height: height) }
    let parsed = try Key.parseKeys(keys)
    var state = context.initialState(width: width, height: height)
    keys: for key in parsed {
        // Drawn before every key, as on the terminal, so that scrolling knows the panes' contents.
        _ = update(&state, .rendered(Screen.frame(state, theme: theme).viewport))
        for effect in update(&state, .key(key)) {
            if effect == .quit { break keys }
            if let answer = context.answer(effect) { _ = update(&state, answer) }
        }
    }
    return Screen.render(state, theme: theme).text()
}
