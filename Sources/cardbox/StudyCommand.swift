import ArgumentParser
import CardboxEngine
import CardboxTUI
import Foundation

/// The default command: the full-screen study app.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study", abstract: "Study in the full-screen app (the default command).")

    @OptionGroup var options: GlobalOptions

    @Flag(
        help: "Move the progress file aside (to <file>.corrupt-<time>), e.g. a damaged one, and start with a fresh one."
    )
    var resetProgress = false

    func run() throws {
        // A bad settings file is reported before anything else, terminal or not.
        let settings = try options.settings()
        guard hasTerminal else {
            printError("cardbox: the full-screen app needs a terminal; use cardbox check or cardbox stats")
            throw ExitCode(2)
        }
        // An unknown TERM or one that cannot move the cursor (TERM=dumb) ends here, before any file is opened.
        if let problem = terminalProblem() {
            printError(problem)
            throw ExitCode(2)
        }
        // A file-size limit (ulimit -f) must fail the write, which SQLite reports, not kill the app.
        signal(SIGXFSZ, SIG_IGN)
        let session = try LoadedSession.open(
            settings, now: options.currentDate(), writable: true, resetProgress: resetProgress, startLane: true)
        let store = session.store
        // Stamps taken before the decks loaded, so that a file changed during the load is noticed
        // (`open` takes them when asked for the start's lane; taken here, they would be later).
        let watcher =
            session.watcher
            ?? DeckWatcher(paths: settings.content.value, cache: DeckIndexCache.standard())
        let scheduler = session.scheduler
        let fixed = options.fixedNow
        var context = try session.appContext(now: { fixed ?? Date() }, rememberedTree: true)
        // The first state's counts on another thread while this one sets up the terminal.
        context.countAhead()
        let treeFile = session.treeMemoryFile
        // Damage in pages a start does not read is found after the first frame, off the UI thread;
        // from then on nothing more is written into the file.
        let file = settings.progress.value
        let statesForSnapshot = session.statesForSnapshot
        // A quit before the check's verdict stops it (the snapshot is then written at the quit).
        let check = store.quickCheck()
        context.afterFirstFrame = AfterFirstFrame(
            work: {
                // A store the start did not need is opened here, off the UI thread, before any answer needs it.
                do {
                    try store.open()
                } catch {
                    return "Progress file could not be opened: answers are not saved; quit and run cardbox check "
                        + "(\(ProgressStore.reason(error)))"
                }
                switch check.run() {
                case .stopped:
                    return nil
                case .sound:
                    // The next start reads the states in one piece, unless an answer is given first.
                    if let statesForSnapshot { _ = try? store.saveStateSnapshot(statesForSnapshot) }
                    return nil
                case .damaged(let problem):
                    store.refuseWrites("the progress file is damaged (\(problem)), so nothing more is saved")
                    return "Progress file damaged: answers are no longer saved; quit and run "
                        + "\(ProgressError.resetCommand(file)) (\(problem))"
                }
            },
            stop: { check.stop() })
        context.reloadDecks = { edited in
            guard watcher.hasChanges() else { return nil }
            return LiveReload.load(watcher.reload(), store: store, edited: edited, now: fixed ?? Date())
        }
        let code = runInteractive(context) { effect in
            switch effect {
            case .persist(let review, let question):
                try store.record(review, question: question, scheduler: scheduler)
            case .removeReview(let review):
                try store.remove(review, scheduler: scheduler)
            case .setSuspended(let card, let suspended, let time):
                try store.setSuspended(card, suspended, at: time)
            case .addNewCards(let count, let day):
                try store.addExtraNewCards(count, onStudyDay: day)
            case .rememberTree(let memory):
                try JSONEncoder().encode(memory).write(to: URL(fileURLWithPath: treeFile), options: .atomic)
            case .loadHistory, .edit, .open, .indexSearch, .quit:
                break
            }
            // Right after the commit; a failure here loses nothing: the next start or poll writes it.
            switch effect {
            case .persist, .removeReview, .setSuspended: try? session.journal?.flush()
            default: break
            }
        }
        // Answers given make the snapshot stale: the next start would read the table instead. Written
        // while the lock is held; the terminal is already given back.
        _ = try? store.refreshStateSnapshot(for: session.collection)
        withExtendedLifetime(session.lock) {}
        if code != 0 { throw ExitCode(code) }
    }
}
