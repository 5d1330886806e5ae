import CardboxEngine
import Foundation

/// What the app needs to start: the loaded cards, their progress, the scheduler, a clock and load warnings.
public struct AppContext: Sendable {
    public var collection: CardCollection
    /// Progress aligned with `collection.cards` (nil = new card).
    public var states: [CardState?]
    public var scheduler: LeitnerScheduler
    /// The clock; `--now` fixes it.
    public var now: @Sendable () -> Date
    /// Problems to point out in the status line, e.g. a deck problems summary.
    public var warnings: [String]
    /// Answers so far per study day, for the statistics screen and the session summary.
    public var activity: ActivityHistory

    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: @escaping @Sendable () -> Date = { Date() }, warnings: [String] = [],
        activity: ActivityHistory = ActivityHistory()
    ) {
        self.collection = collection
        self.activity = activity
        self.states = states
        self.scheduler = scheduler
        self.now = now
        self.warnings = warnings
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
    var state = AppState(
        collection: context.collection, states: context.states, scheduler: context.scheduler,
        now: context.now(), width: width, height: height, warnings: context.warnings, activity: context.activity)
    for key in parsed {
        // Drawn before every key, as on the terminal, so that scrolling knows the panes' contents.
        _ = update(&state, .rendered(Screen.frame(state, theme: theme).viewport))
        let effects = update(&state, .key(key))
        if effects.contains(.quit) { break }
    }
    return Screen.render(state, theme: theme).text()
}
