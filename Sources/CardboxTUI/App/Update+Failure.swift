import CardboxEngine

// An effect that could not be carried out: memory is put back in step with the file.
extension AppState {
    /// Puts memory back in step with the file after `effect` could not be carried out.
    mutating func effectFailed(_ effect: Effect, reason: String) -> [Effect] {
        switch effect {
        case .persist(let review, _): answerNotSaved(review, reason: reason)
        case .removeReview(let review): undoNotSaved(review, reason: reason)
        case .setSuspended(let card, let suspended, _):
            // Memory follows the file: the card goes back to how it was.
            if let index = collection.cards.firstIndex(where: { $0.id == card }) { setSuspended(index, !suspended) }
            message = StatusMessage(
                "Could not save the \(suspended ? "suspension" : "unsuspension"): \(reason)", kind: .error)
        case .addNewCards(let count, let day):
            if extraNewDay == day { extraNew = max(0, extraNew - count) }
            message = StatusMessage("Could not save the extra new cards: \(reason)", kind: .error)
        case .rememberTree:
            message = StatusMessage("Could not remember the open topics: \(reason)", kind: .warning)
        case .loadHistory:
            message = StatusMessage("Could not read the card's history: \(reason)", kind: .error)
        case .edit:
            message = StatusMessage("Could not run the editor: \(reason)", kind: .error)
        case .open:
            message = StatusMessage("Could not open it: \(reason)", kind: .error)
        case .indexSearch:
            // Searching goes on by reading every card's text.
            break
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
        activity.add(review, scheduler: scheduler, sign: -1)
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
        // The answer is still in the log: it counts again.
        activity.add(review, scheduler: scheduler)
        guard var session = activeSession, let card = session.current else { return }
        var redone = states
        let before = states[card]
        guard
            session.answer(
                review.answer, collection: collection, states: &redone, scheduler: scheduler, now: review.time,
                seconds: review.seconds) == review
        else { return }
        states = redone
        cardChanged(card, from: before)
        resetPanes()
        focus = .card
        if session.isFinished {
            mode = .summary(SummaryState(session: session, completed: true))
            focus = .tree
        } else {
            mode = .session(SessionState(session: session, shownAt: now))
        }
    }
}
