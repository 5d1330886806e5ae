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
    case .rendered(let viewport):
        state.viewport = viewport
        state.cardScroll = min(state.cardScroll, viewport.maxCardScroll)
        state.answerScroll = min(state.answerScroll, viewport.maxAnswerScroll)
        if case .stats(var stats) = state.mode {
            stats.scroll = min(stats.scroll, viewport.maxStatsScroll)
            state.mode = .stats(stats)
        }
        return []
    case .merged(let states, let suspensions, let activity):
        state.merge(states: states, suspensions: suspensions)
        if let activity { state.activity = activity }
        state.mergingLines = 0
        return []
    case .merging(let lines):
        state.mergingLines = max(0, lines)
        return []
    case .effectFailed(let effect, let reason):
        return state.effectFailed(effect, reason: reason)
    case .historyLoaded(let card, let reviews):
        if var info = state.cardInfo, state.collection.cards[info.card].id == card {
            info.history = reviews
            state.cardInfo = info
        }
        return []
    case .problemFound(let problem):
        state.warnings.append(problem)
        state.message = StatusMessage(problem, kind: .error)
        return []
    case .decksChanged(let reload):
        state.decksChanged(reload)
        state.clampScrolling()
        return []
    case .editorFinished(let card, let problem, let reload, let fileChanged):
        state.editorFinished(card, problem: problem, reload: reload, fileChanged: fileChanged)
        state.clampScrolling()
        return []
    case .openFinished(let text, let failed):
        state.message = StatusMessage(text, kind: failed ? .error : .info)
        return []
    case .searchIndexed(let built):
        state.searchIndexBuilt(built)
        return []
    case .key(let key):
        state.message = nil
        let effects = state.handle(key)
        state.clampScrolling()
        return effects
    }
}

extension AppState {
    mutating func handle(_ key: Key) -> [Effect] {
        let command = KeyMap.anywhere.command(for: key)
        if command == .forceQuit { return [.quit] }
        if Layout(width: width, height: height).isTooSmall {
            // Only the "too small" notice is on screen: no key may act on panes the user cannot
            // see (answer, undo, move); help and quitting still work, and resizing is not a key.
            switch key {
            case .char("q"): return [.quit]
            case .char("?"): showHelp.toggle()
            default: break
            }
            return []
        }
        if showHelp || cardInfo != nil {
            // Both overlays scroll when they do not fit; any other key closes them.
            let page = max(1, layout.main.height - 4)
            var scroll = showHelp ? helpScroll : cardInfo?.scroll ?? 0
            switch KeyMap.helpOverlay.command(for: key) {
            case .up: scroll -= 1
            case .down: scroll += 1
            case .pageUp: scroll -= page
            case .pageDown: scroll += page
            default:
                showHelp = false
                cardInfo = nil
                return []
            }
            scroll = max(0, scroll)
            if showHelp { helpScroll = scroll } else { cardInfo?.scroll = scroll }
            return []
        }
        if case .search(let search) = mode { return handleSearch(key, search) }
        if showsWelcome, command != .help {
            // Nothing to study, browse or search until a deck is added.
            if KeyMap.tree.command(for: key) == .quit { return [.quit] }
            message = StatusMessage("No decks yet: add one as shown (cardbox init writes a sample), or q to quit")
            return []
        }
        switch command {
        case .help:
            showHelp = true
            helpScroll = 0
            return []
        case .search:
            return startSearch()
        case .focusNext where mode.isTree || mode.session != nil:
            focus = focus.next
            return []
        case .focusPrevious where mode.isTree || mode.session != nil:
            focus = focus.previous
            return []
        default:
            break
        }
        switch mode {
        case .tree, .nothingDue: return handleTree(key)
        case .session(let session): return handleSession(key, session)
        case .summary(let summary): return handleSummary(key, summary)
        case .stats(let stats): return handleStats(key, stats)
        case .search: return []
        }
    }

    mutating func noAction(for key: Key) {
        guard case .char(let c) = key else { return }
        message = StatusMessage("“\(c)” does nothing here; ? lists the keys")
    }
}
