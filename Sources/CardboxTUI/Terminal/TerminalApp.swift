import CardboxEngine
import Foundation
import Synchronization

/// The interactive loop: read an event, update the state, carry out the effects, draw what changed.
enum TerminalApp {
    /// Seconds between looks at the journal folder while the app waits for a key.
    static let pollInterval: TimeInterval = 3
    /// From how many lines read a merge is shown in the status line while it runs.
    static let mergeNoticeLines = 1000
    /// Seconds the app waits at its end for the work after the first frame to stop.
    static let backgroundStopWait: TimeInterval = 2

    static func run(_ context: AppContext, perform: (Effect) throws -> Void) -> Int32 {
        // Before curses starts, so ncurses keeps our handlers instead of installing its own.
        SignalMonitor.install()
        defer { SignalMonitor.restoreDefaults() }
        // Started after the first frame, off this thread; its result is picked up by the loop. If it
        // still runs when the app ends, it is stopped, after the terminal is given back.
        var background = context.afterFirstFrame.map { BackgroundResult($0) }
        defer { background?.stop(waitingAtMost: backgroundStopWait) }
        let terminal: TerminalScreen
        do {
            terminal = try TerminalScreen.open()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 2
        }
        defer { terminal.close() }

        var state = context.initialState(width: terminal.width, height: terminal.height)
        // However the app ends (quit, a signal), the open topics and the selection are kept.
        defer { try? perform(.rememberTree(TreeMemory(state.tree, in: state.collection))) }
        var dirty = true
        // Rows and panes of earlier frames, pasted where their inputs did not change.
        let screenCache = ScreenCache()
        var lastTick = Date()
        var started = false
        var lastPoll = Date()
        // A look at the journal folder running off this thread; keys are handled meanwhile.
        var merge: BackgroundMerge?
        // The search index being built off this thread after the first `/`.
        var indexing: BackgroundSearchIndex?
        var lastDeckCheck = Date()
        while true {
            if dirty {
                let frame = Screen.frame(state, theme: terminal.theme, cache: screenCache)
                terminal.flush(frame.surface)
                _ = update(&state, .rendered(frame.viewport))
                dirty = false
            }
            if !started {
                started = true
                background?.start()
            }
            if let result = background?.take() {
                background = nil
                if let problem = result {
                    _ = update(&state, .problemFound(problem))
                    dirty = true
                    continue
                }
            }
            if let built = indexing?.take() {
                indexing = nil
                _ = update(&state, .searchIndexed(built))
                dirty = true
                continue
            }
            if let running = merge {
                if let result = running.take() {
                    merge = nil
                    lastPoll = Date()
                    if let merged = result {
                        _ = update(&state, .tick(now: context.now()))
                        // Read again here, where answers are written: one given meanwhile is not hidden.
                        _ = update(&state, context.settle?(merged) ?? merged)
                    } else if state.mergingLines > 0 {
                        _ = update(&state, .merging(lines: 0))
                    }
                    dirty = true
                    continue
                }
                let lines = running.linesRead
                if lines >= mergeNoticeLines && lines != state.mergingLines {
                    _ = update(&state, .merging(lines: lines))
                    dirty = true
                    continue
                }
            }
            // Deck files changed by another program are picked up about once a second (a `stat` per
            // file and folder; only a change reads anything).
            if let reloadDecks = context.reloadDecks, Date().timeIntervalSince(lastDeckCheck) >= 1 {
                lastDeckCheck = Date()
                if let reload = reloadDecks(nil) {
                    _ = update(&state, .decksChanged(reload))
                    dirty = true
                    continue
                }
            }
            switch SignalMonitor.take() {
            case .quit(let signal):
                return 128 + signal
            case .stop:
                terminal.suspend(stop: SignalMonitor.stopProcess)
                _ = update(&state, .resize(width: terminal.width, height: terminal.height))
                dirty = true
                continue
            case nil:
                break
            }
            guard let event = terminal.readEvent() else {
                if merge == nil, let poll = context.poll, Date().timeIntervalSince(lastPoll) >= pollInterval {
                    merge = BackgroundMerge(poll)
                    merge?.start(now: context.now())
                }
                if Date().timeIntervalSince(lastTick) >= 30 {
                    lastTick = Date()
                    _ = update(&state, .tick(now: context.now()))
                    dirty = true
                }
                continue
            }
            dirty = true
            switch event {
            case .resize(let width, let height):
                // The one place KEY_RESIZE is handled.
                terminal.invalidate()
                _ = update(&state, .resize(width: width, height: height))
            case .key(let key):
                _ = update(&state, .tick(now: context.now()))
                for effect in update(&state, .key(key)) {
                    if effect == .quit { return 0 }
                    if case .indexSearch(let version) = effect {
                        indexing = BackgroundSearchIndex(collection: state.collection, decksVersion: version)
                        continue
                    }
                    if let answer = external(effect, context: context, terminal: terminal) {
                        _ = update(&state, answer)
                        _ = update(&state, .resize(width: terminal.width, height: terminal.height))
                        lastDeckCheck = Date()
                        continue
                    }
                    if let answer = context.answer(effect) {
                        _ = update(&state, answer)
                        continue
                    }
                    do {
                        try perform(effect)
                    } catch {
                        _ = update(&state, .effectFailed(effect, reason: describe(error)))
                    }
                }
            }
        }
    }

    /// Carries out the effects that reach outside the app (the editor, the opener) and returns what
    /// came of them; nil for any other effect.
    private static func external(_ effect: Effect, context: AppContext, terminal: TerminalScreen) -> Action? {
        let environment = ProcessEnvironment.current
        switch effect {
        case .edit(let card):
            let command = EditorCommand(environment: environment, file: card.source.path, line: card.source.line)
            let before = FileManager.default.contents(atPath: card.source.path)
            let problem = terminal.handOver { ChildProcess.runInForeground(command.argv, what: "the editor") }
            let changed = FileManager.default.contents(atPath: card.source.path) != before
            return .editorFinished(
                card, problem: problem, reload: context.reloadDecks?(card), fileChanged: changed)
        case .open(let target):
            switch target.resolved().flatMap({ Opener.command(for: $0, environment: environment) }) {
            case .failure(let refusal):
                return .openFinished(refusal.description, failed: true)
            case .success(let argv):
                if let problem = ChildProcess.startDetached(argv) { return .openFinished(problem, failed: true) }
                return .openFinished("Opened \(target.written) with \(argv[0])", failed: false)
            }
        default:
            return nil
        }
    }

    private static func describe(_ error: any Error) -> String {
        // The status line already says "Could not save"; give just the reason.
        if case ProgressError.writeFailed(let reason) = error { return reason }
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        if type(of: error) is NSError.Type { return (error as NSError).localizedDescription }
        return String(describing: error)
    }
}

/// Runs one piece of work on another thread; the loop takes its result when it is there.
private final class BackgroundResult: Sendable {
    /// The work until its thread takes it. The thread lets go of it before giving the result, so that
    /// what it holds (the progress store) is released by then: released later, on that thread, the
    /// store could be closed after the process had exited, or never.
    private let pending: Mutex<(@Sendable () -> String?)?>
    private let stopWork: @Sendable () -> Void
    /// nil until the work is done; then its result.
    private let result = Mutex<String??>(nil)
    /// Whether the thread was started.
    private let started = Atomic(false)
    /// Signalled when the work returns.
    private let done = DispatchSemaphore(value: 0)

    init(_ work: AfterFirstFrame) {
        pending = Mutex(work.work)
        stopWork = work.stop
    }

    func start() {
        started.store(true, ordering: .sequentiallyConsistent)
        BackgroundThread.start("cardbox: after the first frame") { [self] in
            let value = runPending()
            result.withLock { $0 = .some(value) }
            done.signal()
        }
    }

    /// Runs the work, which is let go of when this returns.
    private func runPending() -> String? {
        guard let work = pending.withLock({ $0.take() }) else { return nil }
        return work()
    }

    /// The result once the work is done, else nil.
    func take() -> String?? { result.withLock { $0 } }

    /// Asks work still running to stop and waits for it to return, at most `seconds`; asked again every
    /// few milliseconds meanwhile, as a stop can be missed (see `AfterFirstFrame.stop`).
    func stop(waitingAtMost seconds: TimeInterval) {
        guard started.load(ordering: .sequentiallyConsistent), take() == nil else { return }
        let deadline = DispatchTime.now() + seconds
        repeat {
            stopWork()
            if done.wait(timeout: min(.now() + .milliseconds(5), deadline)) == .success { return }
        } while DispatchTime.now() < deadline
    }
}

/// One look at the journal folder on another thread: the loop reads how many lines it has read so far
/// and takes its action when it is done.
private final class BackgroundMerge: Sendable {
    private let poll: @Sendable (Date, _ reading: @escaping @Sendable (Int) -> Void) -> Action?
    /// nil until the merge is done; then what it changed (nil: nothing).
    private let result = Mutex<Action??>(nil)
    private let read = Mutex(0)

    init(_ poll: @escaping @Sendable (Date, _ reading: @escaping @Sendable (Int) -> Void) -> Action?) {
        self.poll = poll
    }

    func start(now: Date) {
        BackgroundThread.start("cardbox: journal") { [self] in
            let value = poll(now) { lines in self.read.withLock { $0 = lines } }
            result.withLock { $0 = .some(value) }
        }
    }

    /// The lines read so far.
    var linesRead: Int { read.withLock { $0 } }

    /// The action once the merge is done, else nil.
    func take() -> Action?? { result.withLock { $0 } }
}
