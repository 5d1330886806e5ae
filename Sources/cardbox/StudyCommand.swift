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
        let session = try LoadedSession.open(options, writable: true, resetProgress: resetProgress)
        let store = session.store
        let scheduler = session.scheduler
        let fixed = options.fixedNow
        let context = AppContext(
            collection: session.collection, states: session.states, scheduler: scheduler,
            now: { fixed ?? Date() }, warnings: session.warnings)
        let code = runInteractive(context) { effect in
            switch effect {
            case .persist(let review, let question):
                try store.record(review, question: question, scheduler: scheduler)
            case .removeReview(let review):
                try store.remove(review, scheduler: scheduler)
            case .quit:
                break
            }
        }
        withExtendedLifetime(session.lock) {}
        if code != 0 { throw ExitCode(code) }
    }
}
