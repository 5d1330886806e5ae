import Foundation

/// `LeitnerScheduler.studyDay(of:)` for many instants in a row, with the zone's offsets cached by UTC
/// day: a day whose start and end have the same offset has it throughout (the time-zone database
/// never changes an offset twice within a day), and a day that holds a change asks the zone per instant.
struct StudyDayFolder {
    let scheduler: LeitnerScheduler
    private var cachedDay = Int.min
    /// The offset of `cachedDay`, or nil when it changes during that day.
    private var cachedOffset: Int?

    init(scheduler: LeitnerScheduler) { self.scheduler = scheduler }

    /// The study day holding `date`.
    mutating func studyDay(of date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        let dayValue = (seconds / 86_400).rounded(.down)
        guard abs(dayValue) < 1e9 else { return scheduler.studyDay(of: date) }
        let day = Int(dayValue)
        if day != cachedDay {
            let zone = scheduler.config.timeZone
            let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day) * 86_400))
            let last = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(day + 1) * 86_400))
            cachedDay = day
            cachedOffset = first == last ? first : nil
        }
        guard let offset = cachedOffset else { return scheduler.studyDay(of: date) }
        return scheduler.studyDay(of: date, offset: offset)
    }
}
