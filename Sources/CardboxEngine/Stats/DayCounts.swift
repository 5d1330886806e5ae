/// Counts per study day, kept in an array over a window of days around the first one counted, so that
/// counting a card's due day in a pass over 100,000 cards hashes nothing; days outside the window
/// (rare: due more than five years from the first) go to a dictionary.
struct DayCounts {
    /// Days counted in `counts` start here.
    private var first = 0
    private var counts: [Int] = []
    private var outside: [Int: Int] = [:]
    /// Days on either side of the first day counted that the array covers.
    static let reach = 2_048

    mutating func add(_ day: Int) {
        if counts.isEmpty {
            first = day - Self.reach
            counts = Array(repeating: 0, count: 2 * Self.reach)
        }
        let slot = day &- first
        if slot >= 0 && slot < counts.count {
            counts[slot] += 1
        } else {
            outside[day, default: 0] += 1
        }
    }

    /// The counts by day, days with none left out.
    var byDay: [Int: Int] {
        var days = outside
        for (slot, count) in counts.enumerated() where count > 0 { days[first + slot] = count }
        return days
    }
}
