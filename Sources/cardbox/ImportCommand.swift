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
            Anki's deck Parent::Child::Leaf becomes DIR/Parent/Child/Leaf.md (deck title Parent, headings
            Child and Leaf); media go to DIR/media/. Importing the same package again updates the decks, but
            never overwrites a file edited since the last import: the new version goes beside it as
            NAME.imported.md.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The .apkg, .colpkg or .txt file exported by Anki.", valueName: "FILE"))
    var file: String

    @Option(name: .customLong("into"), help: ArgumentHelp("The folder to write the decks into.", valueName: "DIR"))
    var folder: String

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
        print("Check it:  cardbox check \(folder)")
    }
}
