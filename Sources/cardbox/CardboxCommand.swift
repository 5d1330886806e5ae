import ArgumentParser
import CardboxEngine

/// The `cardbox` command: full-screen study by default, with check, stats and render beside it.
@main
struct CardboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardbox",
        abstract: "Study Markdown flashcard decks in the terminal with a Leitner-box scheduler.",
        discussion: """
            Without a subcommand cardbox opens the full-screen app:

              cardbox [--content PATH]... [--progress FILE] [--now ISO8601]

            --content names a deck file or folder (repeatable; default $CARDBOX_CONTENT, else the \
            settings file's content, else ./Content, else the installed decks). --progress names the \
            progress file (default $XDG_STATE_HOME/cardbox/progress.sqlite). --now fixes the clock. Every \
            subcommand takes them too, before or after its name.
            """,
        version: "0.1.0",
        subcommands: [
            StudyCommand.self, CheckCommand.self, StatsCommand.self, RenderCommand.self, ConfigCommand.self,
            PruneCommand.self, InitCommand.self, ImportCommand.self, ExportCommand.self, SyncCommand.self,
        ],
        defaultSubcommand: StudyCommand.self
    )

    static func main() {
        // Before any thread is made.
        MallocSettings.apply()
        // Before any SQLite connection is opened.
        SQLiteProcessSettings.apply()
        StartWarmUp.timeZone()
        let commands = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        let arguments = CommandFirst.reordered(Array(CommandLine.arguments.dropFirst()), commands: commands)
        // The full-screen app's plain options are read without the argument parser's reflection.
        if let command = StudyArguments.command(arguments) {
            StartWarmUp.fullScreen()
            do {
                try command.run()
            } catch {
                exit(withError: error)
            }
            return
        }
        main(arguments)
    }
}
