import Foundation

/// The numbers `cardbox stats` prints: counts of the whole collection (or of one topic) and one row
/// per deck and topic under it; with `addActivity`, the answers per study day, the due forecast, the
/// streaks and the recall per box.
public struct StatsReport: Codable, Hashable, Sendable {
    /// One study day with answers.
    public struct HistoryDay: Codable, Hashable, Sendable {
        public var date: String
        public var reviews: Int
        public var got: Int
        public var missed: Int
        /// Seconds spent answering (answers whose time was measured), rounded.
        public var seconds: Int
    }

    /// Cards falling due on one study day.
    public struct ForecastDay: Codable, Hashable, Sendable {
        public var date: String
        public var due: Int
    }

    /// Counts of one deck or heading topic.
    public struct Topic: Codable, Hashable, Sendable {
        public var path: [String]
        public var cards: Int
        public var new: Int
        public var boxes: [Int]
        public var due: Int
        public var missed: Int
    }

    public var cards: Int
    public var new: Int
    public var boxes: [Int]
    public var due: Int
    public var missed: Int
    public var reviews: Int
    public var topics: [Topic]
    /// Study days with answers, oldest first.
    public var history: [HistoryDay]?
    /// Cards due on each of the next 30 study days, today (with overdue cards) first.
    public var forecast: [ForecastDay]?
    public var streak: ActivityHistory.Streak?
    /// Recall per box over the last 30 study days.
    public var retention: [ActivityHistory.BoxRetention]?

    /// The counts of topic node `scope` (0: the whole collection) and of every topic under it.
    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, reviews: Int, now: Date,
        scope: Int = 0
    ) {
        let counts = TopicCounts.all(collection: collection, states: states, scheduler: scheduler, now: now)
        let all = counts[scope]
        cards = all.total
        new = all.new
        boxes = all.boxes
        due = all.due
        missed = all.missed
        self.reviews = reviews
        var topics: [Topic] = []
        func visit(_ id: Int) {
            if id != scope {
                let c = counts[id]
                topics.append(
                    Topic(
                        path: collection.path(of: id), cards: c.total, new: c.new, boxes: c.boxes, due: c.due,
                        missed: c.missed))
            }
            for child in collection.nodes[id].children { visit(child) }
        }
        visit(scope)
        self.topics = topics
    }

    /// Adds the activity fields: `history` and `streak` from `activity`, `forecast` from `forecast`,
    /// `retention` over the 30 study days ending with `today`.
    public mutating func addActivity(
        _ activity: ActivityHistory, forecast: DueForecast, today: Int, boxCount: Int
    ) {
        history = activity.history.map {
            HistoryDay(
                date: $0.date, reviews: $0.totals.reviews, got: $0.totals.got, missed: $0.totals.missed,
                seconds: Int($0.totals.seconds.rounded()))
        }
        self.forecast = forecast.due.enumerated().map {
            ForecastDay(date: StudyDate.iso(forecast.firstDay + $0.offset), due: $0.element)
        }
        streak = activity.streak(today: today)
        retention = activity.retention(today: today, boxCount: boxCount)
    }

    /// One JSON object on one line.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain integers, strings and arrays cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
