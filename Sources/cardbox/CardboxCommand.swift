import ArgumentParser

/// The `cardbox` command: full-screen study by default, with check, stats and render beside it.
@main
struct CardboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardbox",
        abstract: "Study Markdown flashcard decks in the terminal with a Leitner-box scheduler.",
        version: "0.1.0",
        subcommands: [StudyCommand.self, CheckCommand.self, StatsCommand.self, RenderCommand.self],
        defaultSubcommand: StudyCommand.self
    )
}
