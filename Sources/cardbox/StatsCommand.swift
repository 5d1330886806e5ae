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
        let session = try LoadedSession.open(try options.settings(), now: options.currentDate(), writable: false)
        var report = StatsReport(
            collection: session.collection, states: session.states, scheduler: session.scheduler,
            reviews: try session.store.reviewCount(), now: options.currentDate(),
            rules: CountingRules(suspended: session.suspended, leechThreshold: session.settings.leechAfter.value))
        if session.settings.journal.value != nil { report.device = try? session.store.deviceID() }
        print(json ? report.json() : report.table())
    }
}
