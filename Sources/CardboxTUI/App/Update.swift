import CardboxEngine
import Foundation

/// Applies `action` to `state` and returns the effects the caller must carry out, in order.
///
/// Pure: no terminal, no clock, no storage. Keys follow DESIGN.md's table in every mode; storing
/// answers is left to the caller through `.persist` / `.removeReview`.
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .resize(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
        state.clampScrolling()
        return []
    case .tick(let now):
        state.now = now
        // Due counts change with time; recompute at most once a minute.
        if abs(now.timeIntervalSince(state.countsTime)) >= 60 { state.refreshCounts() }
        return []
    case .effectFailed(let effect, let reason):
        return state.effectFailed(effect, reason: reason)
    case .key(let key):
        state.message = nil
        let effects = state.handle(key)
        state.clampScrolling()
        return effects
    }
}

extension AppState {
    mutating func handle(_ key: Key) -> [Effect] {
        if key == .ctrlC { return [.quit] }
        if showHelp {
            showHelp = false
            return []
        }
        if case .search(let search) = mode { return handleSearch(key, search) }
        switch key {
        case .char("?"):
            showHelp = true
            return []
        case .char("/"):
            startSearch()
            return []
        case .tab where mode.isTree || mode.session != nil:
            focus = focus.next
            return []
        case .backTab where mode.isTree || mode.session != nil:
            focus = focus.previous
            return []
        default:
            break
        }
        switch mode {
        case .tree, .nothingDue: return handleTree(key)
        case .session(let session): return handleSession(key, session)
        case .summary(let summary): return handleSummary(key, summary)
        case .stats(let scroll): return handleStats(key, scroll: scroll)
        case .search: return []
        }
    }

    // MARK: Tree

    mutating func handleTree(_ key: Key) -> [Effect] {
        if focus != .tree, let scroll = scrollKey(key) {
            scrollFocusedPane(scroll)
            return []
        }
        let rows = tree.visibleRows(in: collection)
        let row = rows.firstIndex(of: tree.cursor) ?? 0
        let node = collection.nodes[tree.cursor]
        switch key {
        case .up, .char("k"): moveTree(to: row - 1, rows: rows)
        case .down, .char("j"): moveTree(to: row + 1, rows: rows)
        case .pageUp: moveTree(to: row - max(1, layout.treeRows - 1), rows: rows)
        case .pageDown: moveTree(to: row + max(1, layout.treeRows - 1), rows: rows)
        case .home, .char("g"): moveTree(to: 0, rows: rows)
        case .end, .char("G"): moveTree(to: rows.count - 1, rows: rows)
        case .right, .char("l"):
            guard !node.isLeaf else { break }
            if tree.expanded.contains(node.id) {
                moveTree(to: row + 1, rows: rows)
            } else {
                tree.expanded.insert(node.id)
            }
        case .left, .char("h"):
            if !node.isLeaf, tree.expanded.contains(node.id) {
                tree.expanded.remove(node.id)
            } else if let parent = node.parent {
                moveTree(to: rows.firstIndex(of: parent) ?? 0, rows: rows)
            }
        case .space:
            if !node.isLeaf {
                if tree.expanded.contains(node.id) {
                    tree.expanded.remove(node.id)
                } else {
                    tree.expanded.insert(node.id)
                }
            }
        case .enter: return startSession(.study)
        case .char("m"): return startSession(.missed)
        case .char("c"): return startSession(.cram)
        case .char("b"): return startSession(.browse)
        case .char("s"):
            mode = .stats(scroll: 0)
        case .char("q"):
            return [.quit]
        case .escape:
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
        mode = .session(SessionState(session: StudySession(mode: studyMode, topic: node.id, queue: queue)))
        focus = .card
        resetPanes()
        return []
    }

    // MARK: Session

    mutating func handleSession(_ key: Key, _ current: SessionState) -> [Effect] {
        var state = current
        let browsing = state.session.mode == .browse
        if let scroll = scrollKey(key) {
            scrollFocusedPane(scroll)
            return []
        }
        switch key {
        case .space, .enter:
            if browsing {
                state.revealed.toggle()
                answerScroll = 0
            } else if !state.revealed {
                state.revealed = true
                focus = .answer
                answerScroll = 0
            } else {
                message = StatusMessage("y: got it · n: missed")
            }
        case .char("y"), .char("n"):
            if browsing {
                message = StatusMessage("Browsing does not grade; ← → move, Space shows the answer")
            } else if !state.revealed {
                message = StatusMessage("Reveal the answer first (Space)")
            } else {
                return grade(key == .char("y") ? .gotIt : .missed, state)
            }
        case .char("u"):
            return undo(state)
        case .left, .char("h"), .right, .char("l"):
            guard browsing else {
                noAction(for: key)
                break
            }
            let before = state.session.position
            if key == .left || key == .char("h") { state.session.previous() } else { state.session.next() }
            if state.session.position == before {
                message = StatusMessage(before == 0 ? "First card" : "Last card")
            }
            resetPanes()
        case .escape, .char("q"):
            endSession(state)
            return []
        default:
            noAction(for: key)
        }
        if case .session = mode { mode = .session(state) }
        return []
    }

    private mutating func grade(_ answer: Answer, _ current: SessionState) -> [Effect] {
        var state = current
        let card = state.session.current
        let before = card.flatMap { states[$0] }
        guard
            let review = state.session.answer(
                answer, collection: collection, states: &states,
                scheduler: scheduler, now: now)
        else { return [] }
        if let card { cardChanged(card, from: before) }
        state.revealed = false
        focus = .card
        resetPanes()
        message = gradeMessage(review, card: card)
        if state.session.isFinished {
            mode = .summary(SummaryState(session: state.session, completed: true))
            focus = .tree
        } else {
            mode = .session(state)
        }
        return [.persist(review, question: card.map { collection.cards[$0].normalizedQuestion } ?? "")]
    }

    private func gradeMessage(_ review: Review, card: Int?) -> StatusMessage {
        let verdict = review.answer == .gotIt ? "Got it" : "Missed"
        if review.isRepeat {
            return StatusMessage(
                review.answer == .gotIt ? "Got it (repeat, box unchanged)" : "Missed again; it comes back later")
        }
        switch review.mode {
        case .study, .ahead:
            if review.answer == .missed {
                return StatusMessage("Missed: back to box 1; it comes back later in this session")
            }
            return StatusMessage(
                review.boxBefore == 0
                    ? "Got it: new card enters box 1"
                    : "Got it: box \(review.boxBefore) → \(review.boxAfter)")
        case .missed:
            return StatusMessage(
                review.answer == .gotIt ? "Got it: off the missed list" : "Missed: it comes back later")
        case .cram:
            return StatusMessage("\(verdict) (cram: box unchanged)")
        case .browse:
            return StatusMessage(verdict)
        }
    }

    private mutating func undo(_ current: SessionState) -> [Effect] {
        var state = current
        let card = state.session.lastAnsweredCard
        let before = card.flatMap { states[$0] }
        guard let review = state.session.undo(states: &states) else {
            message = StatusMessage("Nothing to undo")
            return []
        }
        if let card { cardChanged(card, from: before) }
        state.revealed = false
        focus = .card
        resetPanes()
        mode = .session(state)
        message = StatusMessage("Undid “\(review.answer == .gotIt ? "got it" : "missed")”; the card is asked again")
        return [.removeReview(review)]
    }

    private mutating func endSession(_ state: SessionState) {
        if state.session.mode == .browse {
            mode = .tree
            focus = .tree
        } else {
            mode = .summary(SummaryState(session: state.session, completed: state.session.isFinished))
            focus = .tree
        }
        resetPanes()
    }

    // MARK: Summary and statistics

    mutating func handleSummary(_ key: Key, _ summary: SummaryState) -> [Effect] {
        if key == .char("u") {
            if summary.session.canUndo { return undo(SessionState(session: summary.session)) }
            message = StatusMessage("Nothing to undo")
        }
        mode = .tree
        focus = .tree
        return []
    }

    mutating func handleStats(_ key: Key, scroll: Int) -> [Effect] {
        let page = max(1, layout.statsRows - 1)
        let maximum = max(0, collection.nodes.count - layout.statsRows)
        var offset = scroll
        switch key {
        case .escape, .char("q"), .char("s"):
            mode = .tree
            return []
        case .up, .char("k"): offset -= 1
        case .down, .char("j"): offset += 1
        case .pageUp: offset -= page
        case .pageDown, .space: offset += page
        case .home, .char("g"): offset = 0
        case .end, .char("G"): offset = maximum
        default: noAction(for: key)
        }
        mode = .stats(scroll: min(max(0, offset), maximum))
        return []
    }

    // MARK: Search

    mutating func startSearch() {
        prepareSearch()
        var search = SearchState(previous: mode)
        search.hits = matches(for: "")
        mode = .search(search)
    }

    mutating func handleSearch(_ key: Key, _ current: SearchState) -> [Effect] {
        var search = current
        let page = max(1, SearchPane.listRows(layout: layout) - 1)
        switch key {
        case .escape:
            mode = search.previous
            return []
        case .enter:
            guard let card = search.selectedCard else {
                message = StatusMessage("No card matches “\(search.query)”")
                break
            }
            openInBrowse(card)
            return []
        case .up: search.selection -= 1
        case .down: search.selection += 1
        case .pageUp: search.selection -= page
        case .pageDown: search.selection += page
        case .home: search.selection = 0
        case .end: search.selection = search.hits.count - 1
        case .backspace:
            if !search.query.isEmpty {
                search.query.removeLast()
                search.hits = matches(for: search.query)
                search.selection = 0
            }
        default:
            if let character = key.typedCharacter {
                // A longer query usually matches a subset of the shorter one's hits.
                let shorter = search.query
                search.query.append(character)
                search.hits = matches(
                    for: search.query, among: TextSearch.narrows(shorter, to: search.query) ? search.hits : nil)
                search.selection = 0
            }
        }
        search.selection = min(max(0, search.selection), max(0, search.hits.count - 1))
        search.scroll = TreeState.scroll(
            search.scroll, keeping: search.selection,
            visible: SearchPane.listRows(layout: layout), count: search.hits.count)
        mode = .search(search)
        return []
    }

    /// Cards whose question or answer contains every word of `query` (case and accents ignored).
    /// `among`, when given, holds the hits of a query that `query` extends: only those can match.
    func matches(for query: String, among earlier: [Int]? = nil) -> [Int] {
        let terms = TextSearch.terms(of: query)
        guard !terms.isEmpty else { return Array(collection.cards.indices) }
        let candidates = earlier ?? Array(searchText.indices)
        return candidates.filter { TextSearch.contains(searchText[$0], all: terms) }
    }

    /// Opens the card at `index` in a browse session of its topic, positioned on it.
    mutating func openInBrowse(_ index: Int) {
        let topic = collection.cards[index].topic
        let range = collection.nodes[topic].cardRange
        var session = StudySession(mode: .browse, topic: topic, queue: Array(range))
        session.jump(to: index - range.lowerBound)
        tree.reveal(topic, in: collection)
        tree.keepCursorVisible(height: layout.treeRows, in: collection)
        mode = .session(SessionState(session: session, revealed: true))
        focus = .card
        resetPanes()
    }

    // MARK: Failure

    /// Puts memory back in step with the file after `effect` could not be carried out.
    mutating func effectFailed(_ effect: Effect, reason: String) -> [Effect] {
        switch effect {
        case .persist(let review, _): answerNotSaved(review, reason: reason)
        case .removeReview(let review): undoNotSaved(review, reason: reason)
        case .quit: message = StatusMessage("Could not save: \(reason)", kind: .error)
        }
        return []
    }

    /// The session being studied or just summarised, if any.
    private var activeSession: StudySession? {
        switch mode {
        case .session(let s): s.session
        case .summary(let s): s.session
        default: nil
        }
    }

    /// Storing `review` failed: the answer is taken back and the card asked again, answer shown.
    private mutating func answerNotSaved(_ review: Review, reason: String) {
        if var session = activeSession, session.lastReview == review {
            let card = session.lastAnsweredCard
            let before = card.flatMap { states[$0] }
            _ = session.undo(states: &states)
            if let card { cardChanged(card, from: before) }
            mode = .session(SessionState(session: session, revealed: true))
            focus = .answer
        }
        let verdict = review.answer == .gotIt ? "got it" : "missed"
        message = StatusMessage("Could not save “\(verdict)”: \(reason). Not recorded; answer again", kind: .error)
    }

    /// Removing `review` from the log failed: it is still recorded, so the answer is given again in
    /// memory (the same review at the same time, so the same state) and the session moves on as before.
    private mutating func undoNotSaved(_ review: Review, reason: String) {
        message = StatusMessage("Could not save: \(reason)", kind: .error)
        guard var session = activeSession, let card = session.current else { return }
        var redone = states
        let before = states[card]
        guard
            session.answer(
                review.answer, collection: collection, states: &redone, scheduler: scheduler, now: review.time)
                == review
        else { return }
        states = redone
        cardChanged(card, from: before)
        resetPanes()
        focus = .card
        if session.isFinished {
            mode = .summary(SummaryState(session: session, completed: true))
            focus = .tree
        } else {
            mode = .session(SessionState(session: session))
        }
    }

    // MARK: Scrolling

    enum Scroll {
        case by(Int), top, bottom
    }

    func scrollKey(_ key: Key) -> Scroll? {
        let page = max(1, (focus == .answer ? layout.answer.height : layout.card.height) - 3)
        switch key {
        case .up, .char("k"): return .by(-1)
        case .down, .char("j"): return .by(1)
        case .pageUp: return .by(-page)
        case .pageDown: return .by(page)
        case .home: return .top
        case .end: return .bottom
        default: return nil
        }
    }

    /// Scrolls the card pane, or the answer pane when it has the focus.
    mutating func scrollFocusedPane(_ scroll: Scroll) {
        let answer = focus == .answer
        let current = answer ? answerScroll : cardScroll
        var next: Int
        switch scroll {
        case .by(let delta): next = current + delta
        case .top: next = 0
        case .bottom: next = Int.max / 2
        }
        next = min(max(0, next), maxScroll(answer: answer))
        if answer { answerScroll = next } else { cardScroll = next }
    }

    func maxScroll(answer: Bool) -> Int {
        let rect = Layout.content(of: answer ? layout.answer : layout.card)
        let lines = answer ? AnswerPane.lineCount(self, width: rect.width) : CardPane.lineCount(self, width: rect.width)
        return max(0, lines - rect.height)
    }

    /// Keeps every scroll offset inside its content after a resize or a change of content.
    mutating func clampScrolling() {
        tree.keepCursorVisible(height: layout.treeRows, in: collection)
        cardScroll = min(cardScroll, maxScroll(answer: false))
        answerScroll = min(answerScroll, maxScroll(answer: true))
        switch mode {
        case .stats(let scroll):
            mode = .stats(scroll: min(scroll, max(0, collection.nodes.count - layout.statsRows)))
        case .search(var search):
            search.scroll = TreeState.scroll(
                search.scroll, keeping: search.selection,
                visible: SearchPane.listRows(layout: layout), count: search.hits.count)
            mode = .search(search)
        default:
            break
        }
    }

    private mutating func noAction(for key: Key) {
        guard case .char(let c) = key else { return }
        message = StatusMessage("“\(c)” does nothing here; ? lists the keys")
    }
}
