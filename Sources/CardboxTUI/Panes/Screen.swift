/// Renders a whole `AppState` onto a surface: the panes for the current mode, overlays and the status bar.
public enum Screen {
    /// The state drawn into a new in-memory surface of the state's size; parts drawn before for the
    /// same inputs are pasted from `cache` (the frame is the same either way).
    public static func render(_ state: AppState, theme: Theme, cache: ScreenCache? = nil) -> MemorySurface {
        frame(state, theme: theme, cache: cache).surface
    }

    /// The state drawn into a new in-memory surface, with the viewport the frame showed; the caller
    /// hands the viewport back to `update` as `Action.rendered`. `cache` is kept from frame to frame.
    public static func frame(
        _ state: AppState, theme: Theme, cache: ScreenCache? = nil
    ) -> (surface: MemorySurface, viewport: Viewport) {
        var surface = MemorySurface(width: state.width, height: state.height)
        let viewport = draw(state, into: &surface, theme: theme, clear: false, cache: cache)
        return (surface, viewport)
    }

    /// Draws the state into `surface` (which should be `state.width`×`state.height`); returns what
    /// the card and answer panes held.
    @discardableResult
    public static func draw<S: Surface>(_ state: AppState, into surface: inout S, theme: Theme) -> Viewport {
        draw(state, into: &surface, theme: theme, clear: true, cache: nil)
    }

    /// `draw`, blanking the surface first unless it is new (`clear` false).
    private static func draw<S: Surface>(
        _ state: AppState, into surface: inout S, theme: Theme, clear: Bool, cache: ScreenCache?
    ) -> Viewport {
        let layout = Layout(width: min(state.width, surface.width), height: min(state.height, surface.height))
        if clear { surface.fill(surface.bounds) }
        if layout.isTooSmall {
            TooSmallPane.render(width: layout.width, height: layout.height, into: &surface, theme: theme)
            return Viewport()
        }
        if state.showsWelcome {
            WelcomePane.render(looked: state.decksLookedFor, into: &surface, rect: layout.main, theme: theme)
            StatusBar.render(state, into: &surface, rect: layout.status, theme: theme)
            if state.showHelp {
                HelpOverlay.render(into: &surface, rect: layout.main, theme: theme, scroll: state.helpScroll)
            }
            return Viewport()
        }
        let search = state.mode.search
        let viewport = drawPanes(
            state, for: search?.previous ?? state.mode, layout: layout, into: &surface, theme: theme, cache: cache)
        if let search {
            SearchPane.render(state, search: search, into: &surface, rect: layout.search, theme: theme, cache: cache)
        }
        StatusBar.render(state, into: &surface, rect: layout.status, theme: theme)
        if state.showHelp {
            HelpOverlay.render(into: &surface, rect: layout.main, theme: theme, scroll: state.helpScroll)
        }
        return viewport
    }

    private static func drawPanes<S: Surface>(
        _ state: AppState, for mode: Mode, layout: Layout, into surface: inout S,
        theme: Theme, cache: ScreenCache?
    ) -> Viewport {
        var shown = state
        shown.mode = mode
        if case .summary(let summary) = mode {
            TopicTreePane.render(shown, into: &surface, rect: layout.tree, theme: theme, cache: cache)
            SummaryPane.render(shown, summary: summary, into: &surface, rect: layout.right, theme: theme)
            return Viewport()
        }
        if case .stats(let stats) = mode {
            let shownStats = StatsPane.render(shown, stats: stats, into: &surface, rect: layout.main, theme: theme)
            return Viewport(statsLines: shownStats.lines, statsRows: shownStats.rows)
        }
        var rects = (tree: Optional(layout.tree), card: layout.card, answer: layout.answer)
        var wrapped: (width: Int, lines: [[TextRun]])?
        if let session = mode.session {
            // The answer pane takes the height its text needs; the tree can be hidden (`t`). The answer
            // is wrapped once here and drawn from the same lines.
            let hidden = state.treeHidden
            let width = Layout.readable(hidden ? layout.main : layout.right).width
            if session.revealed { wrapped = (width, AnswerPane.lines(shown, width: width, theme: theme)) }
            rects = layout.session(treeHidden: hidden, answerLines: wrapped?.lines.count)
        }
        if let tree = rects.tree {
            TopicTreePane.render(shown, into: &surface, rect: tree, theme: theme, cache: cache)
        }
        let card = CardPane.render(shown, into: &surface, rect: rects.card, theme: theme, cache: cache)
        let answer = AnswerPane.render(shown, into: &surface, rect: rects.answer, theme: theme, wrapped: wrapped)
        if let info = state.cardInfo {
            CardInfoPane.render(state, info: info, into: &surface, rect: layout.main, theme: theme)
        }
        return Viewport(cardLines: card.lines, cardRows: card.rows, answerLines: answer.lines, answerRows: answer.rows)
    }
}
