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
        case .previousCard, .nextCard:
            guard browsing else {
                noAction(for: key)
                break
            }
            let before = state.session.position
            if command == .previousCard { state.session.previous() } else { state.session.next() }
            if state.session.position == before {
                message = StatusMessage(before == 0 ? "First card" : "Last card")
            }
            resetPanes()
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
        if state.session.mode == .browse {
            mode = .tree
            focus = .tree
        } else {
            mode = .summary(SummaryState(session: state.session, completed: state.session.isFinished))
            focus = .tree
        }
        resetPanes()
    }
}
