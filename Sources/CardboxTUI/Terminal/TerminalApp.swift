import CardboxEngine
import Foundation
import Synchronization

/// The interactive loop: read an event, update the state, carry out the effects, draw what changed.
enum TerminalApp {
    /// Seconds between looks at the journal folder while the app waits for a key.
    static let pollInterval: TimeInterval = 3

    static func run(_ context: AppContext, perform: (Effect) throws -> Void) -> Int32 {
        // Before curses starts, so ncurses keeps our handlers instead of installing its own.
        SignalMonitor.install()
        defer { SignalMonitor.restoreDefaults() }
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
        var lastTick = Date()
        // Started after the first frame, off this thread; its result is picked up by the loop.
        var background = context.afterFirstFrame.map { BackgroundResult($0) }
        var started = false
        var lastPoll = Date()
        while true {
            if dirty {
                let frame = Screen.frame(state, theme: terminal.theme)
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
                if let poll = context.poll, Date().timeIntervalSince(lastPoll) >= pollInterval {
                    lastPoll = Date()
                    if let merged = poll(context.now()) {
                        _ = update(&state, .tick(now: context.now()))
                        _ = update(&state, merged)
                        dirty = true
                    }
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
    private let work: @Sendable () -> String?
    /// nil until the work is done; then its result.
    private let result = Mutex<String??>(nil)

    init(_ work: @escaping @Sendable () -> String?) { self.work = work }

    func start() {
        DispatchQueue.global(qos: .utility).async { [self] in
            let value = work()
            result.withLock { $0 = .some(value) }
        }
    }

    /// The result once the work is done, else nil.
    func take() -> String?? { result.withLock { $0 } }
}
