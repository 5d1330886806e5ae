import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox stats`: per-topic box counts, due, missed and reviews, as a table or one JSON object.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print per-topic box counts, due, missed and reviews.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        let settings = try options.settings()
        let session = try LoadedSession.open(settings, now: options.currentDate(), writable: false)
        if session.collection.fileCount == 0 {
            for line in NoDecksAdvice.lines(settings: settings) { printError(line) }
            throw ExitCode(1)
        }
        let report = StatsReport(
            collection: session.collection, states: session.states, scheduler: session.scheduler,
            reviews: try session.store.reviewCount(), now: options.currentDate(),
            rules: CountingRules(suspended: session.suspended, leechThreshold: session.settings.leechAfter.value))
        print(json ? report.json() : report.table())
    }
}
