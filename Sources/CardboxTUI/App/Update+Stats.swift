// The statistics screen: scrolling and going back.
extension AppState {
    mutating func handleStats(_ key: Key, scroll: Int) -> [Effect] {
        let page = max(1, layout.statsRows - 1)
        let maximum = max(0, collection.nodes.count - layout.statsRows)
        var offset = scroll
        switch KeyMap.statistics.command(for: key) {
        case .back:
            mode = .tree
            return []
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= page
        case .pageDown: offset += page
        case .first: offset = 0
        case .last: offset = maximum
        default: noAction(for: key)
        }
        mode = .stats(scroll: min(max(0, offset), maximum))
        return []
    }
}
