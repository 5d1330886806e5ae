import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox check`: validates decks, prints `file:line: message` for each problem, exits 1 on errors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate decks and list problems as file:line: message.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("Deck files or folders (default: the content paths).", valueName: "PATH"))
    var paths: [String] = []

    @Flag(
        help: ArgumentHelp(
            "Also list every card as file:line, its key and its question (a key can be pinned with <!-- id: KEY -->)."
        ))
    var keys = false

    func run() throws {
        let settings = try options.settings()
        let progressFile = settings.progress.value
        let collection = ContentLoader.load(paths: paths.isEmpty ? settings.content.value : paths)
        if collection.fileCount == 0 {
            for line in NoDecksAdvice.lines(settings: settings, paths: paths) { printError(line) }
            throw ExitCode(1)
        }
        if keys {
            for card in collection.cards {
                print("\(card.source)\t\(card.key)\t\(card.normalizedQuestion)")
            }
        }
        // Problems in file and line order, whichever part of the check found them.
        var problems: [(location: SourceLocation, text: String)] = collection.diagnostics.map {
            ($0.location, $0.description)
        }
        var progressNotes: [String] = []
        var orphanCount = 0
        // A folder or a FIFO (which SQLite would wait on) is named, not opened.
        var progress = ProgressFileCheck.Content.missing
        do {
            progress = try ProgressFileCheck.inspect(progressFile)
        } catch {
            progressNotes.append("\(progressFile): warning: \(error)")
        }
        if progress == .data {
            do {
                let store = try ProgressStore(path: progressFile, readOnly: true)
                let loaded = try store.loadProgress(for: collection, persistMoves: false)
                for match in loaded.moved {
                    let card = collection.cards[match.cardIndex]
                    problems.append(
                        (
                            card.source,
                            "\(card.source): edited question takes the progress of '\(match.orphan.question)'"
                        ))
                }
                for orphan in loaded.orphans.sorted(by: { ($0.deck, $0.question) < ($1.deck, $1.question) }) {
                    progressNotes.append(
                        "\(progressFile): warning: progress for a card no longer in deck '\(orphan.deck)': \(orphan.question)"
                            + OrphanAdvice.suggestion(for: orphan, in: collection))
                }
                orphanCount = loaded.orphans.count
                for problem in loaded.problems {
                    print("\(progressFile): warning: \(problem) (skipped)")
                }
            } catch {
                progressNotes.append("\(progressFile): warning: \(commandLineMessage(error))")
            }
        }
        for problem in problems.enumerated().sorted(by: { first, second in
            let (a, b) = (first.element.location, second.element.location)
            return (a.path, a.line, first.offset) < (b.path, b.line, second.offset)
        }) {
            print(problem.element.text)
        }
        for note in progressNotes { print(note) }
        let errors = collection.diagnostics.count { $0.severity == .error }
        var summary = [
            Self.count(collection.decks.count, "deck"), Self.count(collection.cards.count, "card"),
            Self.count(collection.topicCount, "topic"),
        ].joined(separator: ", ")
        if errors > 0 { summary += ", " + Self.count(errors, "problem") }
        if orphanCount > 0 { summary += ", " + Self.count(orphanCount, "orphaned progress record") }
        print(summary)
        if collection.hasErrors { throw ExitCode(1) }
    }

    /// "1 card", "2 cards".
    static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
}
