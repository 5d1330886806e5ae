import ArgumentParser
import CardboxAnki
import CardboxEngine
import Foundation

/// `cardbox import FILE --into DIR`: Anki packages and text exports become Markdown decks.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an Anki package (.apkg, .colpkg) or Anki text export into Markdown decks in DIR.",
        discussion: """
            Anki's deck Parent::Child::Leaf becomes DIR/Parent/Child/Leaf.md (deck title Parent, headings \
            Child and Leaf); media go to DIR/media/. Importing the same package again updates the decks, but \
            never overwrites a file edited since the last import: the new version goes beside it as \
            NAME.imported.md.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The .apkg, .colpkg or .txt file exported by Anki.", valueName: "FILE"))
    var file: String

    @Option(name: .customLong("into"), help: ArgumentHelp("The folder to write the decks into.", valueName: "DIR"))
    var folder: String

    @Flag(
        help: ArgumentHelp(
            "Also import Anki's review history: each reviewed card goes into the box whose interval is nearest its last Anki interval."
        ))
    var withProgress = false

    func run() throws {
        let report: AnkiImporter.Report
        do {
            report = try AnkiImporter.run(file: URL(fileURLWithPath: file), into: URL(fileURLWithPath: folder))
        } catch let error as AnkiError {
            printError("cardbox: \(error); nothing was written")
            throw ExitCode(1)
        }
        for line in report.skipped { printError("cardbox: \(file): \(line)") }
        for kept in report.kept {
            if let newVersion = kept.newVersion {
                print("\(folder)/\(kept.path) was edited since the last import; kept it, wrote \(folder)/\(newVersion)")
            } else {
                print("\(folder)/\(kept.path) was edited since the last import; kept it")
            }
        }
        print(
            "Imported \(CheckCommand.count(report.notes, "note")) (\(CheckCommand.count(report.cards, "Anki card"))) "
                + "into \(CheckCommand.count(report.decks, "deck file")) in \(folder)"
                + (report.media > 0 ? ", with \(CheckCommand.count(report.media, "media file"))" : "") + ".")
        if withProgress { try importProgress(report) }
        print("Check it:  cardbox check \(folder)")
    }

    /// Records one `import` review per reviewed card in the progress file, for the cards now in DIR.
    private func importProgress(_ report: AnkiImporter.Report) throws {
        guard let anki = report.collection else {
            print("A text export holds no review history; no progress was imported.")
            return
        }
        let settings = try options.settings()
        let file = settings.progress.value
        // Only the imported decks are loaded, so the progress file is opened without the start-up
        // matching of orphaned progress: other decks' records must not look orphaned and move.
        let collection = ContentLoader.load(paths: [folder])
        let scheduler = LeitnerScheduler(config: try settings.leitnerConfig())
        let cards = Dictionary(
            collection.cards.map { ($0.id, $0.normalizedQuestion) }, uniquingKeysWith: { first, _ in first })
        let reviews = AnkiProgress.reviews(of: anki, scheduler: scheduler)
        let answers = reviews.compactMap { review in
            cards[review.card].map { RecordedAnswer(review: review, question: $0) }
        }
        let outcome: ProgressStore.ImportOutcome
        do {
            try ProgressPaths.createFolder(for: file)
            let lock = try ProgressLock(progressFile: file)
            let store = try ProgressStore(path: file)
            outcome = try store.recordImports(answers, scheduler: scheduler)
            // With a journal folder set, the imported progress goes out to the other machines now (the
            // next start would write it otherwise).
            if let journal = settings.journal.value {
                _ = try? Journal(folder: journal, store: store).start(
                    scheduler: scheduler, now: options.currentDate())
            }
            withExtendedLifetime(lock) {}
        } catch {
            printError("cardbox: \(commandLineMessage(error))")
            throw ExitCode(1)
        }
        var line = "Progress: \(CheckCommand.count(outcome.recorded, "reviewed card")) placed in boxes"
        if outcome.alreadyImported > 0 { line += ", \(outcome.alreadyImported) already imported before" }
        if reviews.count > answers.count { line += ", \(reviews.count - answers.count) not in \(folder)" }
        print(line + " (\(file)).")
    }
}
