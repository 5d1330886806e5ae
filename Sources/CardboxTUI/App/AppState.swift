import CardboxEngine
import Foundation

/// Everything the UI shows, in one value: the cards and their progress, the counts per topic, the
/// tree, the mode, focus, screen size and status message. `update` is the only thing that changes it.
public struct AppState: Sendable {
    public internal(set) var collection: CardCollection
    /// Progress aligned with `collection.cards`; nil for a card never reviewed.
    public internal(set) var states: [CardState?]
    /// Counts per topic node, indexed by node id.
    public private(set) var counts: [TopicCounts]
    public internal(set) var scheduler: LeitnerScheduler
    /// The current time; answers are stamped with it and due counts follow it.
    public internal(set) var now: Date
    /// The time `counts` were computed at.
    public private(set) var countsTime: Date
    /// Cards first reviewed in the current study day; they count against the daily new-card limit.
    public private(set) var newIntroducedToday: Int
    /// Whether each card is suspended (empty until a card is suspended).
    public internal(set) var suspended: [Bool]
    /// New-card order, study-ahead days and the leech rule.
    public internal(set) var rules: StudyDayRules
    /// New cards allowed beyond the daily limit on study day `extraNewDay` (`+`).
    public internal(set) var extraNew: Int
    public internal(set) var extraNewDay: Int
    /// Whether the topic tree is hidden during a session (`t`); nil follows the width.
    public internal(set) var treeHiddenChoice: Bool?
    /// The card details overlay (`i`), when open.
    public internal(set) var cardInfo: CardInfo?
    /// First line of the help overlay shown (it scrolls when it does not fit).
    public internal(set) var helpScroll = 0
    public internal(set) var focus: Focus = .tree
    public internal(set) var tree = TreeState()
    public internal(set) var mode: Mode = .tree
    /// True while the help overlay is shown (any key closes it).
    public internal(set) var showHelp = false
    public internal(set) var width: Int
    public internal(set) var height: Int
    public internal(set) var message: StatusMessage?
    /// Other devices' lines being merged off the UI thread (shown in the status line); 0 when none are.
    public internal(set) var mergingLines = 0
    /// Where decks were looked for, one line per place, for the welcome screen shown while there is no deck.
    public internal(set) var decksLookedFor: [String] = []
    /// Problems found while loading (e.g. a deck problems summary), shown on the collection's summary.
    public internal(set) var warnings: [String]
    /// First line shown in the card pane and in the answer pane.
    public internal(set) var cardScroll = 0
    public internal(set) var answerScroll = 0
    /// What the last frame's card and answer panes held; scrolling is limited by it.
    public internal(set) var viewport = Viewport()
    /// Answers per study day (heatmap, streaks, time, recall), kept up to date as answers are given.
    public internal(set) var activity: ActivityHistory
    /// Reviewed cards of the whole collection per study day they fall due on, kept up to date with
    /// each answer, so the statistics screen's forecast of the collection needs no pass over the cards.
    public private(set) var dueDays: [Int: Int]
    /// Question and answer text of every card, case- and diacritic-folded, with the postings that
    /// answer a query (`SearchIndex`); built off the UI thread when the first search starts
    /// (`Effect.indexSearch`), so neither start-up nor the first `/` waits for it.
    public private(set) var searchIndex: SearchIndex?
    /// Whether the index of the current decks has been asked for.
    var searchIndexRequested = false
    /// Goes up each time the decks are replaced (live reload, an edit), so that a search index built
    /// from the decks before is not used.
    public private(set) var decksVersion = 0

    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, now: Date,
        width: Int = 80, height: Int = 24, warnings: [String] = [], suspended: [Bool] = [],
        rules: StudyDayRules = StudyDayRules(), extraNewToday: Int = 0, treeMemory: TreeMemory? = nil,
        activity: ActivityHistory = ActivityHistory(), decksLookedFor: [String] = []
    ) {
        self.init(
            collection: collection, states: states, scheduler: scheduler, now: now, width: width, height: height,
            warnings: warnings, suspended: suspended, rules: rules, extraNewToday: extraNewToday,
            treeMemory: treeMemory, activity: activity, decksLookedFor: decksLookedFor, startCounts: nil)
    }

    /// The state as `init` makes it, taking its counts from `startCounts` when they were counted for
    /// the same cards, states, suspensions, leech rule and time.
    init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, now: Date,
        width: Int, height: Int, warnings: [String], suspended: [Bool], rules: StudyDayRules, extraNewToday: Int,
        treeMemory: TreeMemory?, activity: ActivityHistory, decksLookedFor: [String], startCounts: StartCounts?
    ) {
        self.collection = collection
        self.decksLookedFor = decksLookedFor
        self.activity = activity
        if states.count == collection.cards.count {
            self.states = states
        } else {
            var states = Array(states.prefix(collection.cards.count))
            states += Array(repeating: nil, count: collection.cards.count - states.count)
            self.states = states
        }
        self.scheduler = scheduler
        self.now = now
        self.countsTime = now
        self.width = max(0, width)
        self.height = max(0, height)
        self.warnings = warnings
        self.suspended = suspended.count == collection.cards.count ? suspended : []
        self.rules = rules
        self.extraNew = extraNewToday
        self.extraNewDay = scheduler.studyDay(of: now)
        let counted =
            startCounts?.counted(
                collection: collection, states: self.states, suspended: self.suspended,
                leechThreshold: rules.leech.threshold, now: now)
            ?? Self.count(
                collection: collection, states: self.states, scheduler: scheduler, now: now,
                rules: CountingRules(suspended: self.suspended, leechThreshold: rules.leech.threshold))
        self.counts = counted.counts
        self.dueDays = counted.dueDays
        self.newIntroducedToday = counted.newIntroducedToday
        if let treeMemory {
            tree = treeMemory.apply(to: collection)
        } else if collection.nodes.count > 1, collection.nodes[0].children.count == 1 {
            // With a single deck there is nothing to choose at the top level: show its headings.
            tree.expanded.insert(collection.nodes[0].children[0])
        }
        if let first = warnings.first {
            message = StatusMessage(
                warnings.count == 1 ? first : "\(first) (+\(warnings.count - 1) more)", kind: .warning)
        }
    }

    /// The counts a state starts with: per topic and the due forecast's days in one pass over the
    /// cards, and the new cards introduced on `now`'s study day.
    /// With `parts`, the cards are counted in that many runs on as many threads (the counts are the same).
    static func count(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, now: Date,
        rules: CountingRules, parts: Int? = nil
    ) -> StartCounts.Counted {
        var dueDays: [Int: Int] = [:]
        let counts = TopicCounts.all(
            collection: collection, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &dueDays,
            inParts: parts)
        return StartCounts.Counted(
            counts: counts, dueDays: dueDays, newIntroducedToday: scheduler.newCardsIntroduced(states: states, now: now)
        )
    }

    /// Recomputes every count from scratch, after the clock moved (due dates and the study day change).
    public mutating func refreshCounts() {
        counts = TopicCounts.all(
            collection: collection, states: states, scheduler: scheduler, now: now, rules: countingRules)
        newIntroducedToday = scheduler.newCardsIntroduced(states: states, now: now)
        countsTime = now
    }

    /// Replaces the cards, their progress and suspensions with freshly loaded ones and counts again.
    /// The caller moves the tree and the mode over (`applyReload`).
    mutating func replaceDecks(_ reload: DeckReload) {
        collection = reload.collection
        states =
            reload.states.count == collection.cards.count
            ? reload.states : Array(repeating: nil, count: collection.cards.count)
        suspended = reload.suspended.count == collection.cards.count ? reload.suspended : []
        decksVersion += 1
        searchIndex = nil
        searchIndexRequested = false
        refreshCounts()
        dueDays = DueForecast.dueDays(scheduler: scheduler, states: states, suspended: suspended)
    }

    /// Builds the search index of every card's folded text here and now, as the app's background
    /// thread does after the first `/` (for benchmarks and tests that want the index in place).
    public mutating func prepareSearch() {
        guard searchIndex?.count != collection.cards.count else { return }
        searchIndexBuilt(BuiltSearchIndex(collection: collection, decksVersion: decksVersion))
    }

    /// Takes a search index built off the UI thread, unless the decks changed since it was asked for.
    mutating func searchIndexBuilt(_ built: BuiltSearchIndex) {
        guard built.decksVersion == decksVersion, built.index.count == collection.cards.count else { return }
        searchIndex = built.index
        searchIndexRequested = true
    }

    /// Updates the counts after card `index` changed from `before` to its current state: only the
    /// card's topic and its ancestors are touched, so an answer costs the same on any deck size.
    mutating func cardChanged(_ index: Int, from before: CardState?, wasSuspended: Bool? = nil) {
        let wasSuspended = wasSuspended ?? isSuspended(index)
        TopicCounts.adjust(
            &counts, collection: collection, states: states, card: index, from: before,
            wasSuspended: wasSuspended, scheduler: scheduler, now: countsTime, rules: countingRules)
        let dayStart = scheduler.studyDayStart(containing: countsTime)
        let wasToday = LeitnerScheduler.wasIntroduced(before, since: dayStart)
        let isToday = LeitnerScheduler.wasIntroduced(states[index], since: dayStart)
        newIntroducedToday += (isToday ? 1 : 0) - (wasToday ? 1 : 0)
        if let before, !wasSuspended {
            let day = scheduler.studyDay(of: scheduler.dueDate(of: before))
            dueDays[day, default: 0] -= 1
            if dueDays[day] == 0 { dueDays[day] = nil }
        }
        if let after = states[index], !isSuspended(index) {
            dueDays[scheduler.studyDay(of: scheduler.dueDate(of: after)), default: 0] += 1
        }
    }

    /// Which cards are suspended and the leech threshold, as the counts need them.
    var countingRules: CountingRules {
        CountingRules(suspended: suspended, leechThreshold: rules.leech.threshold)
    }

    public func isSuspended(_ index: Int) -> Bool { suspended.indices.contains(index) && suspended[index] }

    /// Suspends or unsuspends card `index` in memory and in the counts.
    mutating func setSuspended(_ index: Int, _ value: Bool) {
        let was = isSuspended(index)
        guard was != value else { return }
        if suspended.isEmpty { suspended = Array(repeating: false, count: collection.cards.count) }
        suspended[index] = value
        cardChanged(index, from: states[index], wasSuspended: was)
    }

    /// New cards a study session may still introduce today: the daily limit plus today's extra
    /// allowance, less the cards already introduced.
    public var newAllowance: Int {
        max(0, scheduler.config.newCardsPerDay + extraNewToday - newIntroducedToday)
    }

    /// Today's extra new-card allowance (`+`), 0 on another day than the one it was given for.
    public var extraNewToday: Int { extraNewDay == scheduler.studyDay(of: now) ? extraNew : 0 }

    /// The queues of every study mode over the current states.
    var queues: StudyQueue {
        StudyQueue(scheduler: scheduler, cards: collection.cards, states: states, suspended: suspended, now: now)
    }

    /// True when the topic tree is left out of the session screen: by `t`, else below 100 columns.
    public var treeHidden: Bool {
        guard mode.session != nil else { return false }
        return treeHiddenChoice ?? (width < 100)
    }

    /// Scrolls the card and answer panes back to their first line, for a new card or screen.
    mutating func resetPanes() {
        cardScroll = 0
        answerScroll = 0
    }

    /// True when no deck was found: the welcome screen says where cardbox looked and how to add one.
    public var showsWelcome: Bool { collection.decks.isEmpty && mode.isTree }

    /// The screen layout for the current size.
    public var layout: Layout { Layout(width: width, height: height) }

    /// The topic node the tree cursor is on.
    public var selectedNode: TopicNode { collection.nodes[tree.cursor] }

    /// The card shown in the card pane, if a session is running.
    public var currentCard: Int? {
        if case .session(let s) = mode { return s.session.current }
        return nil
    }

    /// "Deck › Topic" for a node (the collection's own title for the root).
    public func title(of node: Int, separator: String = "›") -> String {
        let path = collection.path(of: node)
        return path.isEmpty ? collection.nodes[node].title : path.joined(separator: " \(separator) ")
    }
}
