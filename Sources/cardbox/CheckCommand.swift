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
        if keys {
            for card in collection.cards {
                print("\(card.source)\t\(card.key)\t\(card.normalizedQuestion)")
            }
        }
        for diagnostic in collection.diagnostics { print(diagnostic) }
        var orphanCount = 0
        // A folder or a FIFO (which SQLite would wait on) is named, not opened.
        var progress = ProgressFileCheck.Content.missing
        do {
            progress = try ProgressFileCheck.inspect(progressFile)
        } catch {
            print("\(progressFile): warning: \(error)")
        }
        if progress == .data {
            do {
                let store = try ProgressStore(path: progressFile, readOnly: true)
                let loaded = try store.loadProgress(for: collection, persistMoves: false)
                for match in loaded.moved {
                    let card = collection.cards[match.cardIndex]
                    print("\(card.source): edited question takes the progress of '\(match.orphan.question)'")
                }
                for orphan in loaded.orphans.sorted(by: { ($0.deck, $0.question) < ($1.deck, $1.question) }) {
                    print(
                        "\(progressFile): warning: progress for a card no longer in deck '\(orphan.deck)': \(orphan.question)"
                    )
                }
                orphanCount = loaded.orphans.count
            } catch {
                print("\(progressFile): warning: \(commandLineMessage(error))")
            }
        }
        let errors = collection.diagnostics.count { $0.severity == .error }
        var summary =
            "\(collection.decks.count) decks, \(collection.cards.count) cards, \(collection.topicCount) topics"
        if errors > 0 { summary += ", \(errors) problem\(errors == 1 ? "" : "s")" }
        if orphanCount > 0 { summary += ", \(orphanCount) orphaned progress record\(orphanCount == 1 ? "" : "s")" }
        print(summary)
        if collection.hasErrors { throw ExitCode(1) }
    }
}
