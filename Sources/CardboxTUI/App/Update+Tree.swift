import CardboxEngine

// The topic tree: moving, folding, starting sessions and the statistics screen.
extension AppState {
    mutating func handleTree(_ key: Key) -> [Effect] {
        if focus != .tree, let scroll = KeyMap.paneScrolling.command(for: key) {
            scrollFocusedPane(scroll)
            return []
        }
        let rows = tree.visibleRows(in: collection)
        let row = tree.cursorRow(in: rows)
        let node = collection.nodes[tree.cursor]
        switch KeyMap.tree.command(for: key) {
        case .up: moveTree(to: row - 1, rows: rows)
        case .down: moveTree(to: row + 1, rows: rows)
        case .pageUp: moveTree(to: row - max(1, layout.treeRows - 1), rows: rows)
        case .pageDown: moveTree(to: row + max(1, layout.treeRows - 1), rows: rows)
        case .first: moveTree(to: 0, rows: rows)
        case .last: moveTree(to: rows.count - 1, rows: rows)
        case .expand:
            guard !node.isLeaf else { break }
            if tree.expanded.contains(node.id) {
                moveTree(to: row + 1, rows: rows)
            } else {
                tree.expanded.insert(node.id)
            }
        case .collapse:
            if !node.isLeaf, tree.expanded.contains(node.id) {
                tree.expanded.remove(node.id)
            } else if let parent = node.parent {
                moveTree(to: rows.firstIndex(of: parent) ?? 0, rows: rows)
            }
        case .toggleFold:
            if !node.isLeaf {
                if tree.expanded.contains(node.id) {
                    tree.expanded.remove(node.id)
                } else {
                    tree.expanded.insert(node.id)
                }
            }
        case .study: return startSession(.study)
        case .reviewMissed: return startSession(.missed)
        case .cram: return startSession(.cram)
        case .browse: return startSession(.browse)
        case .statistics:
            openStatistics()
        case .quit:
            return [.quit]
        case .closeNotice:
            mode = .tree
        default:
            noAction(for: key)
        }
        tree.keepCursorVisible(height: layout.treeRows, in: collection)
        return []
    }

    private mutating func moveTree(to row: Int, rows: [Int]) {
        guard !rows.isEmpty else { return }
        let target = rows[min(max(row, 0), rows.count - 1)]
        if target != tree.cursor {
            tree.cursor = target
            mode = .tree
            resetPanes()
        }
    }

    /// Starts a session of `studyMode` on the selected topic, or explains why there is nothing to do.
    mutating func startSession(_ studyMode: StudyMode) -> [Effect] {
        let node = selectedNode
        let range = node.cardRange
        let name = title(of: node.id)
        guard !range.isEmpty else {
            message = StatusMessage("\(name) has no cards")
            return []
        }
        let queue: [Int]
        switch studyMode {
        case .study:
            // The running tally, the same figure the start pane shows, instead of a pass over every card.
            queue = scheduler.studyQueue(range: range, states: states, now: now, newIntroducedToday: newIntroducedToday)
            if queue.isEmpty {
                mode = .nothingDue(
                    NothingDue(
                        topic: node.id, nextDue: scheduler.nextDue(range: range, states: states, now: now),
                        missed: counts[node.id].missed, total: range.count))
                return []
            }
        case .missed:
            queue = scheduler.missedQueue(range: range, states: states)
            if queue.isEmpty {
                message = StatusMessage("No missed cards in \(name)")
                return []
            }
        case .ahead:
            queue = StudyQueue(scheduler: scheduler, cards: collection.cards, states: states, suspended: [], now: now)
                .ahead(range: range, days: 7)
            if queue.isEmpty {
                message = StatusMessage("Nothing in \(name) falls due within 7 days")
                return []
            }
        case .cram, .browse:
            queue = Array(range)
        }
        mode = .session(
            SessionState(session: StudySession(mode: studyMode, topic: node.id, queue: queue), shownAt: now))
        focus = .card
        resetPanes()
        return []
    }
}
