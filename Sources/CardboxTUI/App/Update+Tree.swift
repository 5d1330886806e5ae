import CardboxEngine

// The topic tree: moving, folding, starting sessions and the statistics screen.
extension AppState {
    mutating func handleTree(_ key: Key) -> [Effect] {
        if focus != .tree, let scroll = KeyMap.paneScrolling.command(for: key) {
            scrollFocusedPane(scroll)
            return []
        }
        let rows = tree.visibleRows(in: collection)
        let expandedBefore = tree.expanded
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
        case .studyAhead: return startSession(.ahead)
        case .moreNew: return allowMoreNewCards()
        case .statistics:
            openStatistics()
        case .quit:
            return [.quit]
        case .closeNotice:
            mode = .tree
        default:
            noAction(for: key)
        }
        // The rows made above, unless a node was opened or closed since.
        tree.keepCursorVisible(
            height: layout.treeRows, in: collection, rows: tree.expanded == expandedBefore ? rows : nil)
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
            queue = queues.study(range: range, newAllowance: newAllowance, newOrder: rules.newOrder)
            if queue.isEmpty {
                mode = .nothingDue(nothingDue(on: node.id))
                return []
            }
        case .ahead:
            queue = queues.ahead(range: range, days: rules.aheadDays)
            if queue.isEmpty {
                let days = rules.aheadDays
                message = StatusMessage("Nothing in \(name) falls due within \(days) day\(days == 1 ? "" : "s")")
                return []
            }
        case .missed:
            queue = queues.missed(range: range)
            if queue.isEmpty {
                message = StatusMessage("No missed cards in \(name)")
                return []
            }
        case .cram:
            queue = queues.cram(range: range)
            if queue.isEmpty {
                message = StatusMessage("Every card of \(name) is suspended")
                return []
            }
        case .browse:
            queue = Array(range)
        case .imported:
            // Not a mode one studies in: imports come from `cardbox import --with-progress`.
            return []
        }
        mode = .session(
            SessionState(session: StudySession(mode: studyMode, topic: node.id, queue: queue), shownAt: now))
        focus = .card
        resetPanes()
        return []
    }

    /// Why the selected topic has nothing to study, and what else there is.
    func nothingDue(on topic: Int) -> NothingDue {
        let range = collection.nodes[topic].cardRange
        let counts = counts[topic]
        let reason: NothingDue.Reason =
            counts.suspended == counts.total
            ? .allSuspended : counts.new > 0 && newAllowance == 0 ? .newLimitReached : .nothingDue
        return NothingDue(
            topic: topic, nextDue: scheduler.nextDue(range: range, states: states, now: now, suspended: suspended),
            missed: counts.missed, total: counts.total - counts.suspended, reason: reason,
            ahead: queues.ahead(range: range, days: rules.aheadDays).count)
    }

    /// `+`: another day's worth of new cards for today, kept in the progress file.
    mutating func allowMoreNewCards() -> [Effect] {
        let today = scheduler.studyDay(of: now)
        if extraNewDay != today {
            extraNew = 0
            extraNewDay = today
        }
        let more = scheduler.config.newCardsPerDay
        guard more > 0 else {
            message = StatusMessage("The new-card limit is 0 a day; set new-per-day to study new cards")
            return []
        }
        extraNew += more
        if case .nothingDue = mode { mode = .tree }
        message = StatusMessage("\(more) more new card\(more == 1 ? "" : "s") allowed today (\(newAllowance) left)")
        return [.addNewCards(more, studyDay: today)]
    }
}
