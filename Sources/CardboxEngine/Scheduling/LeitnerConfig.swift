import Foundation

/// The tunable rules of the Leitner scheduler: boxes, intervals, day roll-over and new-card limit.
public struct LeitnerConfig: Hashable, Sendable {
    /// Days a card waits in each box before it is due again; its count is the number of boxes.
    public var intervals: [Int]
    /// Hour (local time) at which a new study day starts.
    public var dayStartHour: Int
    /// New cards a study session may introduce per study day.
    public var newCardsPerDay: Int
    /// Time zone the day roll-over is computed in.
    public var timeZone: TimeZone

    /// Boxes a scheduler may have.
    public static let boxCounts = 3...9
    /// Days a box may wait: from one day to ten years (longer waits would overflow date arithmetic).
    public static let intervalDays = 1...3650
    /// Hours at which a study day may start.
    public static let dayStartHours = 0...23
    /// New cards a study day may introduce.
    public static let newCardsPerDayRange = 0...10_000

    /// Errors for settings outside what the scheduler supports.
    public enum ValidationError: Error, Equatable, CustomStringConvertible {
        case boxCount(Int), interval(Int), dayStartHour(Int), newCardsPerDay(Int)

        public var description: String {
            switch self {
            case .boxCount(let n): "box count \(n) is outside \(LeitnerConfig.boxCounts)"
            case .interval(let n): "interval \(n) is outside 1...3650 days"
            case .dayStartHour(let h): "day start hour \(h) is outside 0...23"
            case .newCardsPerDay(let n): "new cards per day \(n) is outside 0...10000"
            }
        }
    }

    /// DESIGN's defaults: five boxes of 1, 2, 4, 8, 16 days, roll-over at 04:00, 20 new cards a day.
    public static let defaultIntervals = [1, 2, 4, 8, 16]
    public static let defaultDayStartHour = 4
    public static let defaultNewCardsPerDay = 20

    /// The only constructor: every setting is checked against the ranges above.
    public init(
        intervals: [Int] = defaultIntervals, dayStartHour: Int = defaultDayStartHour,
        newCardsPerDay: Int = defaultNewCardsPerDay, timeZone: TimeZone = .current
    ) throws {
        guard Self.boxCounts.contains(intervals.count) else { throw ValidationError.boxCount(intervals.count) }
        if let bad = intervals.first(where: { !Self.intervalDays.contains($0) }) { throw ValidationError.interval(bad) }
        guard Self.dayStartHours.contains(dayStartHour) else { throw ValidationError.dayStartHour(dayStartHour) }
        guard Self.newCardsPerDayRange.contains(newCardsPerDay) else {
            throw ValidationError.newCardsPerDay(newCardsPerDay)
        }
        self.intervals = intervals
        self.dayStartHour = dayStartHour
        self.newCardsPerDay = newCardsPerDay
        self.timeZone = timeZone
    }

    /// DESIGN defaults: five boxes of 1, 2, 4, 8, 16 days, roll-over at 04:00, 20 new cards a day.
    public static func standard(timeZone: TimeZone = .current) -> LeitnerConfig {
        // The defaults are valid by construction.
        try! LeitnerConfig(timeZone: timeZone)
    }

    /// Intervals doubling from one day, for `boxCount` boxes (3...9).
    public static func doubling(boxCount: Int, timeZone: TimeZone = .current) throws -> LeitnerConfig {
        guard (3...9).contains(boxCount) else { throw ValidationError.boxCount(boxCount) }
        return try LeitnerConfig(intervals: (0..<boxCount).map { 1 << $0 }, timeZone: timeZone)
    }

    public var boxCount: Int { intervals.count }
}
