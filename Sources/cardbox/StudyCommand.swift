import ArgumentParser
import CardboxEngine
import Foundation

/// The default command: the full-screen study app.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study", abstract: "Study in the full-screen app (the default command).")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError("cardbox: the full-screen app needs a terminal; use cardbox check or cardbox stats")
            throw ExitCode(2)
        }
        printError("cardbox: the full-screen app is not built yet; use cardbox check or cardbox stats")
        throw ExitCode(2)
    }
}
