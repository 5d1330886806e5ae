import CardboxEngine

// The statistics screen: opening it on the selected topic, scrolling and going back.
extension AppState {
    /// Opens the statistics screen on the topic selected in the tree (the whole collection at the top).
    /// The topic's due forecast is made here, once, so that drawing and scrolling never count cards;
    /// the whole collection's comes from the due days kept up to date with each answer.
    mutating func openStatistics() {
        let scope = tree.cursor
        let forecast =
            scope == 0
            ? DueForecast(dueDays: dueDays, today: scheduler.studyDay(of: now))
            : DueForecast(
                scheduler: scheduler, states: states, suspended: suspended, range: collection.nodes[scope].cardRange,
                now: now)
        mode = .stats(StatsState(scope: scope, forecast: forecast))
    }

    mutating func handleStats(_ key: Key, _ current: StatsState) -> [Effect] {
        var stats = current
        let page = max(1, viewport.statsRows - 1)
        let maximum = viewport.maxStatsScroll
        switch KeyMap.statistics.command(for: key) {
        case .back:
            mode = .tree
            return []
        case .up: stats.scroll -= 1
        case .down: stats.scroll += 1
        case .pageUp: stats.scroll -= page
        case .pageDown: stats.scroll += page
        case .first: stats.scroll = 0
        case .last: stats.scroll = maximum
        default: noAction(for: key)
        }
        stats.scroll = min(max(0, stats.scroll), maximum)
        mode = .stats(stats)
        return []
    }
}
