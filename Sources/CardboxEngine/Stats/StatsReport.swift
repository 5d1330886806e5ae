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
        public var suspended: Int
        public var leeches: Int
    }

    public var cards: Int
    public var new: Int
    public var boxes: [Int]
    public var due: Int
    public var missed: Int
    public var suspended: Int
    public var leeches: Int
    public var reviews: Int
    public var topics: [Topic]
    /// Study days with answers, oldest first.
    public var history: [HistoryDay]?
    /// Cards due on each of the next 30 study days, today (with overdue cards) first.
    public var forecast: [ForecastDay]?
    public var streak: ActivityHistory.Streak?
    /// Recall per box over the last 30 study days.
    public var retention: [ActivityHistory.BoxRetention]?
    /// This installation's device id, shown when a journal folder is set; left out otherwise.
    public var device: String?

    /// The counts of topic node `scope` (0: the whole collection) and of every topic under it.
    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, reviews: Int, now: Date,
        scope: Int = 0, rules: CountingRules = CountingRules()
    ) {
        self.init(
            collection: collection, reviews: reviews, scope: scope,
            counts: TopicCounts.all(
                collection: collection, states: states, scheduler: scheduler, now: now, rules: rules))
    }

    /// `init`, giving also the reviewed, unsuspended cards of the whole collection per study day they
    /// fall due on (`DueForecast.dueDays`), counted in the same pass over the cards.
    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, reviews: Int, now: Date,
        scope: Int = 0, rules: CountingRules = CountingRules(), dueDays: inout [Int: Int]
    ) {
        self.init(
            collection: collection, reviews: reviews, scope: scope,
            counts: TopicCounts.all(
                collection: collection, states: states, scheduler: scheduler, now: now, rules: rules,
                dueDays: &dueDays))
    }

    private init(collection: CardCollection, reviews: Int, scope: Int, counts: [TopicCounts]) {
        let all = counts[scope]
        cards = all.total
        new = all.new
        boxes = all.boxes
        due = all.due
        missed = all.missed
        suspended = all.suspended
        leeches = all.leeches
        self.reviews = reviews
        var topics: [Topic] = []
        func visit(_ id: Int) {
            if id != scope {
                let c = counts[id]
                topics.append(
                    Topic(
                        path: collection.path(of: id), cards: c.total, new: c.new, boxes: c.boxes, due: c.due,
                        missed: c.missed, suspended: c.suspended, leeches: c.leeches))
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

    /// One JSON object on one line, keys sorted: the same text `JSONEncoder` gives with `.sortedKeys`
    /// and `.withoutEscapingSlashes` (a test holds them equal), written directly because a large
    /// collection has tens of thousands of topics and the encoder took most of `stats --json`'s time.
    public func json() -> String {
        var out = StatsJSONWriter()
        out.object {
            $0.field("boxes") { $0.array(boxes) }
            $0.field("cards") { $0.number(cards) }
            if let device { $0.field("device") { $0.string(device) } }
            $0.field("due") { $0.number(due) }
            if let forecast {
                $0.field("forecast") { writer in
                    writer.array(forecast) { item, writer in
                        writer.object {
                            $0.field("date") { $0.string(item.date) }
                            $0.field("due") { $0.number(item.due) }
                        }
                    }
                }
            }
            if let history {
                $0.field("history") { writer in
                    writer.array(history) { day, writer in
                        writer.object {
                            $0.field("date") { $0.string(day.date) }
                            $0.field("got") { $0.number(day.got) }
                            $0.field("missed") { $0.number(day.missed) }
                            $0.field("reviews") { $0.number(day.reviews) }
                            $0.field("seconds") { $0.number(day.seconds) }
                        }
                    }
                }
            }
            $0.field("leeches") { $0.number(leeches) }
            $0.field("missed") { $0.number(missed) }
            $0.field("new") { $0.number(new) }
            if let retention {
                $0.field("retention") { writer in
                    writer.array(retention) { box, writer in
                        writer.object {
                            $0.field("box") { $0.number(box.box) }
                            $0.field("got") { $0.number(box.got) }
                            $0.field("reviews") { $0.number(box.reviews) }
                        }
                    }
                }
            }
            $0.field("reviews") { $0.number(reviews) }
            if let streak {
                $0.field("streak") { writer in
                    writer.object {
                        $0.field("current") { $0.number(streak.current) }
                        $0.field("longest") { $0.number(streak.longest) }
                    }
                }
            }
            $0.field("suspended") { $0.number(suspended) }
            $0.field("topics") { writer in
                writer.array(topics) { topic, writer in
                    writer.object {
                        $0.field("boxes") { $0.array(topic.boxes) }
                        $0.field("cards") { $0.number(topic.cards) }
                        $0.field("due") { $0.number(topic.due) }
                        $0.field("leeches") { $0.number(topic.leeches) }
                        $0.field("missed") { $0.number(topic.missed) }
                        $0.field("new") { $0.number(topic.new) }
                        $0.field("path") { writer in writer.array(topic.path) { text, writer in writer.string(text) } }
                        $0.field("suspended") { $0.number(topic.suspended) }
                    }
                }
            }
        }
        return out.text
    }
}

/// Writes the JSON of a `StatsReport` as UTF-8 bytes: objects, arrays, integers and strings escaped
/// as `JSONEncoder` escapes them.
struct StatsJSONWriter {
    private var bytes: [UInt8] = []
    private var needsComma = false

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Decimal digits, written in place (a topic has a dozen numbers; 12,000 topics make a String each otherwise).
    mutating func number(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                count += 1
                buffer[buffer.count - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(buffer.count - count)...]))
        }
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            // Most strings need no escape at all: copied in one go.
            guard text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: text)
                return
            }
            for byte in text {
                switch byte {
                case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), byte]
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
                case 0x0A: bytes += "\\n".utf8
                case 0x0D: bytes += "\\r".utf8
                case 0x09: bytes += "\\t".utf8
                case 0x08: bytes += "\\b".utf8
                case 0x0C: bytes += "\\f".utf8
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    bytes += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func array(_ values: [Int]) {
        array(values) { value, writer in writer.number(value) }
    }

    mutating func array<T>(_ values: [T], _ element: (T, inout StatsJSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(value, &self)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func object(_ fields: (inout StatsJSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        let outer = needsComma
        needsComma = false
        fields(&self)
        needsComma = outer
        bytes.append(UInt8(ascii: "}"))
    }

    /// A key and its value inside `object`.
    mutating func field(_ key: String, _ value: (inout StatsJSONWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        value(&self)
        needsComma = true
    }
}
