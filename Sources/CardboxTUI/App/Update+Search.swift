import CardboxEngine

// The search overlay: typing a query, choosing a hit, opening it in browse.
extension AppState {
    /// Opens the search box; the first time for these decks it also asks for their search index,
    /// which is built off the UI thread (queries read every card's text until it arrives).
    mutating func startSearch() -> [Effect] {
        var search = SearchState(previous: mode)
        search.hits = matches(for: "")
        mode = .search(search)
        guard searchIndex == nil, !searchIndexRequested else { return [] }
        searchIndexRequested = true
        return [.indexSearch(decksVersion: decksVersion)]
    }

    mutating func handleSearch(_ key: Key, _ current: SearchState) -> [Effect] {
        var search = current
        let page = max(1, SearchPane.listRows(layout: layout) - 1)
        switch KeyMap.search.command(for: key) {
        case .back:
            mode = search.previous
            return []
        case .openHit:
            guard let card = search.selectedCard else {
                message = StatusMessage("No card matches “\(search.query)”")
                break
            }
            openInBrowse(card, returnTo: search.previous.session != nil ? search.previous : nil)
            return []
        case .up: search.selection -= 1
        case .down: search.selection += 1
        case .pageUp: search.selection -= page
        case .pageDown: search.selection += page
        case .first: search.selection = 0
        case .last: search.selection = search.hits.count - 1
        case .deleteCharacter:
            if !search.query.isEmpty {
                search.query.removeLast()
                if let last = search.typed.popLast(), last.query == search.query {
                    search.hits = last.hits
                } else {
                    search.typed = []
                    search.hits = matches(for: search.query)
                }
                search.selection = 0
            }
        default:
            if let character = key.typedCharacter {
                // A longer query usually matches a subset of the shorter one's hits.
                let shorter = search.query
                search.typed.append((shorter, search.hits))
                if search.typed.count > 16 { search.typed.removeFirst() }
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
    func matches(for query: String, among earlier: SearchHits? = nil) -> SearchHits {
        let terms = TextSearch.terms(of: query)
        guard !terms.isEmpty else { return SearchHits(all: collection.cards.count) }
        guard let searchIndex else {
            let candidates = earlier.map(Array.init) ?? Array(collection.cards.indices)
            return SearchHits(candidates.filter { TextSearch.contains(collection.cards[$0].searchText, all: terms) })
        }
        return searchIndex.matches(terms, among: earlier)
    }

    /// Opens the card at `index` in a browse session of its topic, positioned on it.
    /// `returnTo` is the session the search started from, which `Esc` goes back to.
    mutating func openInBrowse(_ index: Int, returnTo: Mode? = nil) {
        let topic = collection.cards[index].topic
        let range = collection.nodes[topic].cardRange
        var session = StudySession(mode: .browse, topic: topic, queue: Array(range))
        session.jump(to: index - range.lowerBound)
        tree.reveal(topic, in: collection)
        tree.keepCursorVisible(height: layout.treeRows, in: collection)
        mode = .session(SessionState(session: session, revealed: true, returnTo: returnTo))
        focus = .card
        resetPanes()
    }
}
