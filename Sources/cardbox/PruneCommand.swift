import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox prune`: lists, and with `--yes` removes, the progress of cards that no longer exist.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "List the progress of cards that no longer exist; with --yes, remove it (after a backup).",
        discussion: """
            Only decks that were loaded are looked at, edited questions keep their progress, and nothing is \
            removed when a deck file or folder could not be read. Before removing anything, the whole \
            progress file is copied beside it, to <file>.backup-<time>.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Remove the progress listed (a backup of the file is written first).")
    var yes = false

    func run() throws {
        let settings = try options.settings()
        let session = try LoadedSession.open(settings, now: options.currentDate(), writable: true)
        let file = settings.progress.value
        let collection = session.collection
        guard collection.unreadable.isEmpty else {
            for diagnostic in collection.diagnostics where collection.unreadable.contains(diagnostic.location.path) {
                printError("\(diagnostic)")
            }
            printError(
                "cardbox: not pruning: \(collection.unreadable.count) deck file\(collection.unreadable.count == 1 ? "" : "s") or folder\(collection.unreadable.count == 1 ? "" : "s") could not be read, so their cards' progress could look unused"
            )
            throw ExitCode(1)
        }
        let orphans = session.orphans.sorted { ($0.deck, $0.question, $0.key) < ($1.deck, $1.question, $1.key) }
        let counts = try session.store.answerCounts(of: orphans)
        for (orphan, count) in zip(orphans, counts) {
            print(
                "\(orphan.deck): \(orphan.question.isEmpty ? orphan.key : orphan.question) (\(count) answer\(count == 1 ? "" : "s"))"
            )
        }
        let answers = counts.reduce(0, +)
        let summary =
            "\(orphans.count) card\(orphans.count == 1 ? "" : "s") no longer in the loaded decks, \(answers) answer\(answers == 1 ? "" : "s")"
        guard yes else {
            print(orphans.isEmpty ? "nothing to prune" : "\(summary); run cardbox prune --yes to remove their progress")
            return
        }
        guard !orphans.isEmpty else {
            print("nothing to prune")
            return
        }
        do {
            guard let backup = session.store.backupPath(now: Date()) else { throw ExitCode(1) }
            try session.store.backup(to: backup)
            print("backup: \(backup)")
            try session.store.removeProgress(of: orphans)
            print("removed: \(summary)")
        } catch let error as ProgressError {
            printError("cardbox: \(file): \(error)")
            throw ExitCode(1)
        }
        withExtendedLifetime(session.lock) {}
    }
}
