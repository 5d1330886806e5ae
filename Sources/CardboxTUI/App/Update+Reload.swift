import CardboxEngine

// Decks loaded again while the app runs: the collection, progress and counts are swapped, and every
// screen follows its cards and topics into the new collection by identity and path.
extension AppState {
    /// Swaps in `reload`; `edited`, the card an editor just had open, is followed by position when its
    /// identity changed. Returns what became of the card shown, for the status line.
    mutating func applyReload(_ reload: DeckReload, edited: EditedCard? = nil) -> ReloadOutcome {
        let old = collection
        let new = reload.collection
        var newIndex: [CardID: Int] = [:]
        newIndex.reserveCapacity(new.cards.count)
        for (index, card) in new.cards.enumerated() { newIndex[card.id] = index }
        var editedIndex: Int?
        if let edited {
            let claimed = Set(reload.states.indices.filter { reload.states[$0] != nil })
            editedIndex = edited.find(in: new, moved: reload.moved) { !claimed.contains($0) }
        }
        func map(_ card: Int) -> Int? {
            guard old.cards.indices.contains(card) else { return nil }
            let id = old.cards[card].id
            if let edited, id == edited.id { return editedIndex }
            return newIndex[reload.moved[id] ?? id]
        }
        var nodeIndex: [[String]: Int] = [:]
        for node in new.nodes { nodeIndex[new.path(of: node.id)] = node.id }
        func mapNode(_ node: Int) -> Int {
            var current: Int? = node
            while let id = current, old.nodes.indices.contains(id) {
                if let found = nodeIndex[old.path(of: id)] { return found }
                current = old.nodes[id].parent
            }
            return 0
        }
        let shownBefore = currentCard
        let memory = TreeMemory(tree, in: old)
        replaceDecks(reload)
        tree = memory.apply(to: new)
        if old.decks.isEmpty, new.decks.count == 1 {
            // The first deck arrived: open it, as at a start with a single deck.
            tree.expanded.insert(new.nodes[0].children[0])
        }
        tree.keepCursorVisible(height: layout.treeRows, in: new)
        if let info = cardInfo { cardInfo = map(info.card).map { CardInfo(card: $0, history: info.history) } }
        var removedCards = 0
        mode = remap(mode, map, mapNode, removed: &removedCards)
        if case .session(let state) = mode, state.session.isFinished || state.session.queue.isEmpty {
            // Every card left was deleted from its deck.
            mode = state.returnTo ?? .tree
            focus = .tree
        }
        let kept = old.cards.indices.count { map($0) != nil }
        return ReloadOutcome(
            shownCardGone: shownBefore != nil && shownBefore.flatMap(map) == nil, removedFromSession: removedCards,
            added: max(0, new.cards.count - kept), removed: old.cards.count - kept,
            editedFound: edited.map { _ in editedIndex != nil })
    }

    private func remap(_ mode: Mode, _ card: (Int) -> Int?, _ node: (Int) -> Int, removed: inout Int) -> Mode {
        switch mode {
        case .tree: return .tree
        case .nothingDue: return .tree
        case .session(var state):
            removed += state.session.remap(topic: node(state.session.topic), card)
            if let back = state.returnTo {
                var ignored = 0
                state.returnTo = remap(back, card, node, removed: &ignored)
            }
            return .session(state)
        case .summary(var summary):
            summary.session.remap(topic: node(summary.session.topic), card)
            return .summary(summary)
        case .search(var search):
            var ignored = 0
            search.previous = remap(search.previous, card, node, removed: &ignored)
            search.hits = matches(for: search.query)
            search.typed = []
            search.selection = min(search.selection, max(0, search.hits.count - 1))
            return .search(search)
        case .stats(let stats):
            let scroll = stats.scroll
            var copy = self
            copy.tree.cursor = node(stats.scope)
            copy.openStatistics()
            guard case .stats(var reopened) = copy.mode else { return .tree }
            reopened.scroll = scroll
            return .stats(reopened)
        }
    }

    /// `.decksChanged`: the files changed outside the app.
    mutating func decksChanged(_ reload: DeckReload) {
        let outcome = applyReload(reload)
        var parts: [String] = []
        if outcome.added > 0 { parts.append("\(outcome.added) new card\(outcome.added == 1 ? "" : "s")") }
        if outcome.removed > 0 { parts.append("\(outcome.removed) card\(outcome.removed == 1 ? "" : "s") gone") }
        let summary = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        if outcome.shownCardGone {
            message = StatusMessage(
                "The card shown was deleted from its deck, so it left the session\(summary)", kind: .warning)
        } else if outcome.removedFromSession > 0 {
            let count = outcome.removedFromSession
            message = StatusMessage(
                "\(count) card\(count == 1 ? "" : "s") of this session deleted from the decks left it\(summary)",
                kind: .warning)
        } else {
            message = StatusMessage("Decks reloaded\(summary)")
        }
        problemsChanged(reload.collection)
    }

    /// `.editorFinished`: the editor exited; the card is shown again as it reads now.
    /// A file that reads as it did is "no change", whatever else the reload found.
    mutating func editorFinished(_ card: EditedCard, problem: String?, reload: DeckReload?, fileChanged: Bool = true) {
        var outcome: ReloadOutcome?
        if let reload { outcome = applyReload(reload, edited: card) }
        if let problem {
            message = StatusMessage(problem, kind: .error)
        } else if reload == nil || !fileChanged {
            message = StatusMessage("No change to \(card.source.path)")
        } else if outcome?.editedFound == false {
            message = StatusMessage("The edited card is no longer in \(card.source.path)", kind: .warning)
        } else {
            message = StatusMessage("Edited; the card reads as saved, its progress kept")
        }
        if let reload { problemsChanged(reload.collection) }
        resetPanes()
    }

    /// Points out deck problems a reload brought (they are listed by `cardbox check`).
    private mutating func problemsChanged(_ collection: CardCollection) {
        let count = collection.diagnostics.count
        guard count > 0, message?.kind != .error else { return }
        let text = "\(count) deck problem\(count == 1 ? "" : "s"); run cardbox check"
        message = StatusMessage((message.map { $0.text + " · " } ?? "") + text, kind: .warning)
    }
}
