import CardboxEngine

// A session: revealing, grading, undo, browsing and ending.
extension AppState {
    mutating func handleSession(_ key: Key, _ current: SessionState) -> [Effect] {
        var state = current
        let browsing = state.session.mode == .browse
        let command = KeyMap.session.command(for: key)
        if let command, KeyMap.paneScrolling.binding(for: command) != nil {
            scrollFocusedPane(command)
            return []
        }
        switch command {
        case .reveal:
            if browsing {
                state.revealed.toggle()
                answerScroll = 0
                // As in study, the answer just shown takes the arrows; hidden, it gives them back.
                if focus != .tree { focus = state.revealed ? .answer : .card }
            } else if !state.revealed {
                state.revealed = true
                focus = .answer
                answerScroll = 0
            } else {
                message = StatusMessage("y: got it · n: missed")
            }
        case .gotIt, .missed:
            if browsing {
                message = StatusMessage("Browsing does not grade; ← → move, Space shows the answer")
            } else if !state.revealed {
                message = StatusMessage("Reveal the answer first (Space)")
            } else {
                return grade(command == .gotIt ? .gotIt : .missed, state)
            }
        case .undo:
            return undo(state)
        case .previousCard, .nextCard, .firstCard, .lastCard:
            guard browsing else {
                message = StatusMessage("Only browsing moves between cards; y / n answer this one")
                break
            }
            let before = state.session.position
            switch command {
            case .previousCard: state.session.previous()
            case .nextCard: state.session.next()
            case .firstCard: state.session.jump(to: 0)
            default: state.session.jump(to: state.session.queue.count - 1)
            }
            if state.session.position == before {
                message = StatusMessage(before == 0 ? "First card" : "Last card")
            }
            resetPanes()
        case .suspend:
            return toggleSuspension(state)
        case .cardInfo:
            guard let card = state.session.current else { break }
            cardInfo = CardInfo(card: card)
            return [.loadHistory(collection.cards[card].id)]
        case .toggleTree:
            treeHiddenChoice = !treeHidden
        case .editCard:
            guard let card = state.session.current else { break }
            let shown = collection.cards[card]
            mode = .session(state)
            return [
                .edit(
                    EditedCard(id: shown.id, source: shown.source, question: shown.normalizedQuestion, kind: shown.kind)
                )
            ]
        case .openLink:
            guard let card = state.session.current else { break }
            let shown = collection.cards[card]
            // The answer's links count once it is shown: opening one must not give the answer away.
            let sides = state.revealed ? [shown.question, shown.answer] : [shown.question]
            guard let target = OpenTarget.first(in: sides, deckFile: shown.source.path) else {
                message = StatusMessage(
                    state.revealed
                        ? "This card has no http(s) link or image to open"
                        : "No link or image in the question; reveal the answer for its links")
                break
            }
            mode = .session(state)
            return [.open(target)]
        case .endSession:
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
                scheduler: scheduler, now: now,
                seconds: state.shownAt.map { Review.answerSeconds(shown: $0, graded: now) })
        else { return [] }
        if let card { cardChanged(card, from: before) }
        activity.add(review, scheduler: scheduler)
        state.revealed = false
        state.shownAt = now
        focus = .card
        resetPanes()
        message = gradeMessage(review, card: card)
        var effects: [Effect] = [
            .persist(review, question: card.map { collection.cards[$0].normalizedQuestion } ?? "")
        ]
        if let card, let leech = becameLeech(card, before: before) {
            message = leech.message
            if leech.suspend {
                setSuspended(card, true)
                state.session.remove(card)
                effects.append(.setSuspended(collection.cards[card].id, true, at: now))
            }
        }
        if state.session.isFinished {
            mode = .summary(SummaryState(session: state.session, completed: true))
            focus = .tree
            message = nil
        } else {
            mode = .session(state)
        }
        return effects
    }

    /// When this answer made card `index` a leech: what to say, and whether it is suspended now.
    private func becameLeech(_ index: Int, before: CardState?) -> (message: StatusMessage, suspend: Bool)? {
        let threshold = rules.leech.threshold
        guard (before?.lapses ?? 0) < threshold, (states[index]?.lapses ?? 0) >= threshold else { return nil }
        let times = threshold == 1 ? "once" : "\(threshold) times"
        if rules.leech.action == .suspend {
            return (
                StatusMessage(
                    "Leech: missed \(times), so it is suspended (! in browse brings it back)", kind: .warning),
                true
            )
        }
        return (StatusMessage("Leech: missed \(times); consider rewriting it (! suspends)", kind: .warning), false)
    }

    /// `!`: suspends or unsuspends the card shown. In a study session a suspended card leaves the queue.
    private mutating func toggleSuspension(_ current: SessionState) -> [Effect] {
        var state = current
        guard let card = state.session.current else { return [] }
        let suspend = !isSuspended(card)
        setSuspended(card, suspend)
        let effect = Effect.setSuspended(collection.cards[card].id, suspend, at: now)
        guard suspend else {
            message = StatusMessage("Unsuspended: back in study, cram and missed review")
            mode = .session(state)
            return [effect]
        }
        if state.session.mode == .browse {
            message = StatusMessage("Suspended: out of every queue until ! again")
            mode = .session(state)
            return [effect]
        }
        state.session.remove(card)
        state.revealed = false
        focus = .card
        resetPanes()
        message = StatusMessage("Suspended; u undoes answers only, ! in browse brings it back")
        if state.session.isFinished {
            endSession(state)
            message = StatusMessage("Suspended; that was the last card")
        } else {
            mode = .session(state)
        }
        return [effect]
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
        case .browse, .imported:
            return StatusMessage(verdict)
        }
    }

    mutating func undo(_ current: SessionState) -> [Effect] {
        var state = current
        let card = state.session.lastAnsweredCard
        let before = card.flatMap { states[$0] }
        guard let review = state.session.undo(states: &states) else {
            message = StatusMessage("Nothing to undo")
            return []
        }
        if let card { cardChanged(card, from: before) }
        activity.add(review, scheduler: scheduler, sign: -1)
        state.revealed = false
        state.shownAt = now
        focus = .card
        resetPanes()
        mode = .session(state)
        message = StatusMessage("Undid “\(review.answer == .gotIt ? "got it" : "missed")”; the card is asked again")
        return [.removeReview(review)]
    }

    private mutating func endSession(_ state: SessionState) {
        if let previous = state.returnTo {
            // A search hit opened from a session: back to that session, where it was.
            mode = previous
            focus = .card
        } else if state.session.mode == .browse || state.session.summary.seen == 0 {
            mode = .tree
            focus = .tree
        } else {
            mode = .summary(SummaryState(session: state.session, completed: state.session.isFinished))
            focus = .tree
        }
        resetPanes()
    }
}
