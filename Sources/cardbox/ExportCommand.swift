import ArgumentParser
import CardboxAnki
import CardboxEngine
import Foundation

/// `cardbox export --apkg FILE`: decks as an Anki package.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export decks (or one topic) as an Anki package that Anki, AnkiDroid and AnkiMobile import.",
        discussion: """
            Q: cards become Basic notes, R: cards Basic (and reversed card) notes, C: clozes Cloze notes; \
            decks and headings become nested Anki decks (Deck::Topic::Sub). Exporting again after an edit \
            and importing into Anki updates the notes instead of adding new ones.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("apkg"), help: ArgumentHelp("The package to write (.apkg).", valueName: "FILE"))
    var file: String

    @Option(
        help: ArgumentHelp(
            "Only this topic: its path as the tree shows it, segments joined by \" / \", e.g. \"Deck / Topic\".",
            valueName: "PATH"))
    var topic: String?

    func run() throws {
        let settings = try options.settings()
        let collection = ContentLoader.load(paths: settings.content.value)
        if collection.fileCount == 0 {
            for line in NoDecksAdvice.lines(settings: settings, paths: []) { printError(line) }
            throw ExitCode(1)
        }
        let scope = try TopicOption.scope(topic, in: collection)
        let errors = collection.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            printError(
                "cardbox: warning: \(CheckCommand.count(errors.count, "problem")) in the decks; cards with problems "
                    + "are left out (`cardbox check` lists them)")
        }
        let report: AnkiExporter.Report
        do {
            report = try AnkiExporter.run(
                collection: collection, scope: scope, to: URL(fileURLWithPath: file), now: options.currentDate())
        } catch let error as AnkiError {
            printError("cardbox: \(error)")
            throw ExitCode(1)
        }
        for line in report.skipped { printError("cardbox: \(line)") }
        print(
            "Exported \(CheckCommand.count(report.notes, "note")) (\(CheckCommand.count(report.cards, "Anki card"))) to \(file)"
                + (report.media > 0 ? ", with \(CheckCommand.count(report.media, "media file"))" : "") + ".")
    }
}
