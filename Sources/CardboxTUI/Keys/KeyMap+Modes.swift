extension KeyMap {
    /// Keys that work in every mode but search (where they are typed): checked before the mode's own.
    public static let anywhere = KeyMap(
        "Anywhere",
        [
            KeyBinding("/", "search all cards", [.char("/")], .search, short: "search"),
            KeyBinding(
                "Tab  S-Tab", "switch pane focus", keys: [(.tab, .focusNext), (.backTab, .focusPrevious)],
                short: "focus", shortLabel: "Tab"),
            KeyBinding("?", "this help", [.char("?")], .help, short: "help"),
            KeyBinding("Ctrl-C", "quit", [.ctrlC], .forceQuit, short: "quit"),
        ])

    /// The topic tree (and the notice that a topic has nothing due).
    public static let tree = KeyMap(
        "Topic tree",
        [
            KeyBinding(
                "{up} {down}  k j", "move",
                keys: [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down)],
                short: "move", shortLabel: "{up}{down}"),
            KeyBinding(
                "{right} {left}  l h", "expand / collapse",
                keys: [(.right, .expand), (.char("l"), .expand), (.left, .collapse), (.char("h"), .collapse)],
                short: "fold", shortLabel: "{left}{right}"),
            KeyBinding("Space", "fold / unfold", [.space], .toggleFold, short: "fold"),
            KeyBinding(
                "PgUp PgDn", "page up / down", keys: [(.pageUp, .pageUp), (.pageDown, .pageDown)], short: "page"),
            KeyBinding(
                "Home End  g G", "first / last topic",
                keys: [(.home, .first), (.char("g"), .first), (.end, .last), (.char("G"), .last)], short: "first/last"
            ),
            KeyBinding("Enter", "study due + new", [.enter], .study, short: "study"),
            KeyBinding("m", "review missed cards", [.char("m")], .reviewMissed, short: "missed"),
            KeyBinding("c", "cram the topic", [.char("c")], .cram, short: "cram"),
            KeyBinding("b", "browse, no grading", [.char("b")], .browse, short: "browse"),
            KeyBinding("a", "study ahead", [.char("a")], .studyAhead, short: "ahead"),
            KeyBinding("+", "more new today", [.char("+")], .moreNew, short: "more new"),
            KeyBinding("s", "statistics", [.char("s")], .statistics, short: "stats"),
            KeyBinding("Esc", "close a notice", [.escape], .closeNotice, short: "close"),
            KeyBinding("q", "quit", [.char("q")], .quit, short: "quit"),
        ])

    /// Scrolling the focused card or answer pane, in a session and in the tree when a pane has the focus.
    static let scrolling: [KeyBinding] = [
        KeyBinding(
            "{up} {down}  k j", "scroll focused pane",
            keys: [(.up, .scrollUp), (.char("k"), .scrollUp), (.down, .scrollDown), (.char("j"), .scrollDown)],
            short: "scroll", shortLabel: "{up}{down}"),
        KeyBinding(
            "PgUp PgDn", "scroll a page", keys: [(.pageUp, .scrollPageUp), (.pageDown, .scrollPageDown)],
            short: "page"),
        KeyBinding(
            "g G", "scroll to top / end", keys: [(.char("g"), .scrollTop), (.char("G"), .scrollBottom)],
            short: "top/end"),
    ]

    /// The focused pane's scrolling, as a map of its own (the tree's pane focus adds Home and End).
    static let paneScrolling = KeyMap(
        "Scrolling",
        scrolling + [
            KeyBinding(
                "Home End", "scroll to top / end", keys: [(.home, .scrollTop), (.end, .scrollBottom)],
                short: "top/end")
        ])

    /// A study, missed, cram or browse session.
    public static let session = KeyMap(
        "Session",
        [
            KeyBinding(
                "Space Enter", "reveal the answer", [.space, .enter], .reveal, short: "reveal", shortLabel: "Space"),
            KeyBinding("y  Y", "got it", [.char("y"), .char("Y")], .gotIt, short: "got it", shortLabel: "y"),
            KeyBinding("n  N", "missed", [.char("n"), .char("N")], .missed, short: "missed", shortLabel: "n"),
            KeyBinding("u", "undo last answer", [.char("u")], .undo, short: "undo"),
            KeyBinding(
                "{left} {right}  h l", "browse: prev / next",
                keys: [
                    (.left, .previousCard), (.char("h"), .previousCard), (.right, .nextCard), (.char("l"), .nextCard),
                ],
                short: "prev/next", shortLabel: "{left}{right}"),
            KeyBinding(
                "Home End", "browse: first/last", keys: [(.home, .firstCard), (.end, .lastCard)],
                short: "first/last"),
            KeyBinding("!", "suspend / resume", [.char("!")], .suspend, short: "suspend"),
            KeyBinding("i", "card details", [.char("i")], .cardInfo, short: "info"),
            KeyBinding("t", "hide / show tree", [.char("t")], .toggleTree, short: "tree"),
            KeyBinding("e", "edit in $EDITOR", [.char("e")], .editCard, short: "edit"),
            KeyBinding("o", "open link / image", [.char("o")], .openLink, short: "open"),
        ] + scrolling + [
            KeyBinding(
                "Esc  q", "end, show summary", [.escape, .char("q")], .endSession, short: "end", shortLabel: "Esc")
        ])

    /// The statistics screen.
    public static let statistics = KeyMap(
        "Statistics",
        [
            KeyBinding(
                "{up} {down}  k j", "scroll",
                keys: [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down)],
                short: "scroll", shortLabel: "{up}{down}"),
            KeyBinding(
                "PgUp PgDn", "page up / down", keys: [(.pageUp, .pageUp), (.pageDown, .pageDown)], short: "page",
                shortLabel: "PgUp/PgDn"),
            KeyBinding("Space", "page down", [.space], .pageDown, short: "page"),
            KeyBinding(
                "Home End  g G", "top / bottom",
                keys: [(.home, .first), (.char("g"), .first), (.end, .last), (.char("G"), .last)], short: "top/end"),
            KeyBinding(
                "Esc  q  s", "back to topics", [.escape, .char("q"), .char("s")], .back, short: "back",
                shortLabel: "Esc"),
        ])

    /// The search overlay: printable keys are typed into the query.
    public static let search = KeyMap(
        "Search",
        [
            KeyBinding(
                "{up} {down}", "select a hit", keys: [(.up, .up), (.down, .down)], short: "select",
                shortLabel: "{up}{down}"),
            KeyBinding(
                "PgUp PgDn", "page up / down", keys: [(.pageUp, .pageUp), (.pageDown, .pageDown)], short: "page"),
            KeyBinding("Home End", "first / last hit", keys: [(.home, .first), (.end, .last)], short: "first/last"),
            KeyBinding("Enter", "open the hit in browse", [.enter], .openHit, short: "open"),
            KeyBinding("Backspace", "delete a character", [.backspace], .deleteCharacter, short: "delete"),
            KeyBinding("Esc", "cancel", [.escape], .back, short: "cancel"),
        ],
        otherKeys: (KeyBinding("type", "filter the cards", [], .typeCharacter, short: "filter"), .typeCharacter))

    /// The summary after a session.
    public static let summary = KeyMap(
        "Summary",
        [KeyBinding("u", "undo last answer", [.char("u")], .undo, short: "undo last answer")],
        otherKeys: (KeyBinding("any key", "back to topics", [], .back, short: "back to topics"), .back))

    /// While the help overlay (or the card details) is shown: it scrolls when it does not fit.
    public static let helpOverlay = KeyMap(
        "Help",
        [
            KeyBinding(
                "{up} {down}", "scroll", keys: [(.up, .up), (.down, .down)], short: "scroll", shortLabel: "{up}{down}"),
            KeyBinding(
                "PgUp PgDn", "page up / down", keys: [(.pageUp, .pageUp), (.pageDown, .pageDown)], short: "page"),
        ],
        otherKeys: (KeyBinding("any key", "close", [], .back, short: "close"), .back))

    /// The map of `mode`'s own keys (`anywhere` comes first in every mode but search).
    public static func of(_ mode: Mode) -> KeyMap {
        switch mode {
        case .tree, .nothingDue: tree
        case .session: session
        case .summary: summary
        case .stats: statistics
        case .search: search
        }
    }

    /// The maps the help overlay lists, in order (and the README's keys table describes).
    public static let helpSections: [KeyMap] = [tree, statistics, search, session, summary, anywhere]
}
