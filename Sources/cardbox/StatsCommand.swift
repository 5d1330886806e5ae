import ArgumentParser
import CardboxEngine
import CardboxTUI
import Foundation

/// `cardbox stats`: per-topic box counts, due, missed and reviews, the activity heatmap and the due
/// forecast, as text or one JSON object; for the whole collection or one topic.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print per-topic box counts, due, missed and reviews, the activity heatmap and the due forecast.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Only this topic: its path as the tree shows it, segments joined by \" / \", e.g. \"Deck / Topic\".",
            valueName: "PATH"))
    var topic: String?

    func run() throws {
        let now = options.currentDate()
        let settings = try options.settings()
        let session = try LoadedSession.open(settings, now: now, writable: false)
        if session.collection.fileCount == 0 {
            for line in NoDecksAdvice.lines(settings: settings) { printError(line) }
            throw ExitCode(1)
        }
        let collection = session.collection
        // The counts leave out what could not be read: say so, as the app's status line does.
        if !collection.diagnostics.isEmpty {
            printError(
                "cardbox: warning: \(CheckCommand.count(collection.diagnostics.count, "deck problem")); run cardbox check"
            )
        }
        let scope = try TopicOption.scope(topic, in: collection)
        let scheduler = session.scheduler
        let activity: ActivityHistory
        do {
            activity = try session.store.activity(of: scope, in: collection, scheduler: scheduler, now: now)
        } catch {
            printError("cardbox: \(commandLineMessage(error))")
            throw ExitCode(1)
        }
        let reviews =
            scope == 0 ? try session.store.loggedReviews() : activity.timeSpent(today: 0).allTime.reviews
        let rules = CountingRules(suspended: session.suspended, leechThreshold: session.settings.leechAfter.value)
        var report: StatsReport
        let forecast: DueForecast
        if scope == 0 {
            // The whole collection's forecast comes from the counting pass.
            var dueDays: [Int: Int] = [:]
            report = StatsReport(
                collection: collection, states: session.states, scheduler: scheduler, reviews: reviews, now: now,
                rules: rules, dueDays: &dueDays)
            forecast = DueForecast(dueDays: dueDays, today: scheduler.studyDay(of: now))
        } else {
            report = StatsReport(
                collection: collection, states: session.states, scheduler: scheduler, reviews: reviews, now: now,
                scope: scope, rules: rules)
            forecast = DueForecast(
                scheduler: scheduler, states: session.states, suspended: session.suspended,
                range: collection.nodes[scope].cardRange, now: now)
        }
        if settings.journal.value != nil { report.device = try? session.store.deviceID() }
        let today = scheduler.studyDay(of: now)
        report.addActivity(activity, forecast: forecast, today: today, boxCount: scheduler.config.boxCount)
        if json {
            print(report.json())
            // Nothing is left to do: the process ends here (`exit` flushes standard output) rather than
            // free 100,000 cards and their states one by one. The store was opened read-only.
            Foundation.exit(0)
        } else {
            print(report.table(scopeName: scope == 0 ? nil : collection.path(of: scope).joined(separator: " / ")))
            print()
            print(StatsCharts.text(activity: activity, forecast: forecast, today: today, theme: StatsCharts.theme()))
        }
    }
}
