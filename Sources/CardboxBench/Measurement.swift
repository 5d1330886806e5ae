import CardboxEngine
import CardboxTUI
import Foundation

/// The in-process figures for one deck size, measured in a process of their own.
struct Measurement: Codable {
    var cards: Int
    var files: Int
    var reviews: Int
    /// Loading with no deck index: every file parsed.
    var parseMs: Double
    /// Loading again with the deck index the first load wrote: no file parsed.
    var indexedLoadMs: Double
    var progressLoadMs: Double
    var headlessFirstFrameMs: Double
    var treeKey80x24: Percentiles
    var treeKey200x60: Percentiles
    var studyKey80x24: Percentiles
    var studyKey200x60: Percentiles
    /// `/` in the tree: the first search reads every card's search text; queries scan them until the
    /// index arrives.
    var openSearchMs: Double
    /// Building the search index the first `/` asks for (the app does it on another thread).
    var searchIndexMs: Double
    /// Typing and erasing letters in the search box, 200x60.
    var searchKey200x60: Percentiles
    /// A fixed loop of arithmetic as long as a key, timed as often as the keys: the processor's own spread.
    var processorFloor: Percentiles
    /// The same for a walk over 4 MB read and rewritten: the spread of work that goes to memory, as a render does.
    var memoryFloor: Percentiles
    var commit: Percentiles
    /// Reading the running totals of the whole collection and folding them into study days.
    var activityLoadMs: Double
    /// `s` in the tree (the forecast made) and the statistics screen's first frame, median of 50.
    var statsOpen80x24Ms: Double
    var statsOpen200x60Ms: Double
    var peakRSSMB: Double

    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Times only the progress load and the headless first frame, `repeats` times over one parsed deck,
    /// as `run` does but without writing to the progress file.
    static func startup(folder: URL, repeats: Int) throws -> [(load: Double, firstFrame: Double)] {
        let collection = ContentLoader.load(paths: [folder.appendingPathComponent("deck").path])
        let progressFile = folder.appendingPathComponent("progress.sqlite").path
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        return try (0..<max(1, repeats)).map { _ in
            let (states, loadMs) = try Timing.measure { () throws -> [CardState?] in
                let store = try ProgressStore(path: progressFile)
                return try store.loadProgress(for: collection, persistMoves: false).states
            }
            let (_, firstFrameMs) = Timing.measure { () -> MemorySurface in
                let state = AppState(
                    collection: collection, states: states, scheduler: scheduler, now: now, width: 100, height: 30)
                return Screen.render(state, theme: .unicode(color: true))
            }
            return (loadMs, firstFrameMs)
        }
    }

    /// Opens the statistics screen `repeats` times (`s` and the first frame) on the collection and
    /// progress in `folder`, writing nothing; returns each time in milliseconds.
    static func statsOpen(folder: URL, repeats: Int, width: Int, height: Int) throws -> [Double] {
        let collection = ContentLoader.load(paths: [folder.appendingPathComponent("deck").path])
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        let store = try ProgressStore(path: folder.appendingPathComponent("progress.sqlite").path, readOnly: true)
        let states = try store.loadProgress(for: collection, persistMoves: false).states
        let closed = AppState(
            collection: collection, states: states, scheduler: scheduler, now: now, width: width, height: height,
            activity: try store.activity(in: collection, scheduler: scheduler, now: now))
        let key = try Key.parseKeys("s")[0]
        return (0..<max(1, repeats)).map { _ in
            var state = closed
            return Timing.measure { () -> MemorySurface in
                _ = update(&state, .key(key))
                return Screen.render(state, theme: .unicode(color: true))
            }.1
        }
    }

    static func run(folder: URL, keys: Int, commits: Int) throws -> Measurement {
        let deck = folder.appendingPathComponent("deck")
        let progressFile = folder.appendingPathComponent("progress.sqlite").path
        let (_, parseMs) = Timing.measure { ContentLoader.load(paths: [deck.path]) }
        // Sealed with the user's key, as the app's cache is.
        let cache = DeckIndexCache(
            folder: folder.appendingPathComponent("measure-cache").path,
            sealKey: IndexSealKey.loadOrCreate(at: IndexSealKey.defaultFile()))
        _ = ContentLoader.load(paths: [deck.path], cache: cache)
        let (collection, indexedLoadMs) = Timing.measure { ContentLoader.load(paths: [deck.path], cache: cache) }
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        let ((store, states), loadMs) = try Timing.measure { () throws -> (ProgressStore, [CardState?]) in
            let store = try ProgressStore(path: progressFile)
            return (store, try store.loadProgress(for: collection, persistMoves: false).states)
        }
        let (_, firstFrameMs) = Timing.measure { () -> MemorySurface in
            let state = AppState(
                collection: collection, states: states, scheduler: scheduler, now: now, width: 100, height: 30)
            return Screen.render(state, theme: .unicode(color: true))
        }
        func keystrokes(width: Int, height: Int, script: [String], prefix: [String]) throws -> Percentiles {
            var state = AppState(
                collection: collection, states: states, scheduler: scheduler, now: now, width: width, height: height)
            for key in prefix { for parsed in try Key.parseKeys(key) { _ = update(&state, .key(parsed)) } }
            let parsed = try script.map { try Key.parseKeys($0)[0] }
            var samples: [Double] = []
            var cpu: [Double] = []
            samples.reserveCapacity(keys)
            cpu.reserveCapacity(keys)
            // As the app keeps one for its state: parts of earlier frames pasted where nothing changed.
            let cache = ScreenCache()
            for index in 0..<keys {
                let key = parsed[index % parsed.count]
                let started = Timing.threadCPUMilliseconds()
                let (_, ms) = Timing.measure { () -> MemorySurface in
                    _ = update(&state, .key(key))
                    return Screen.render(state, theme: .unicode(color: true), cache: cache)
                }
                cpu.append(Timing.threadCPUMilliseconds() - started)
                samples.append(ms)
            }
            return Percentiles(samples, cpu: cpu)
        }
        let treeScript = KeyLoop.script(.tree).keys
        let studyScript = KeyLoop.script(.study).keys
        let tree80 = try keystrokes(width: 80, height: 24, script: treeScript, prefix: [])
        let tree200 = try keystrokes(width: 200, height: 60, script: treeScript, prefix: [])
        let study80 = try keystrokes(width: 80, height: 24, script: studyScript, prefix: ["<Enter>"])
        let study200 = try keystrokes(width: 200, height: 60, script: studyScript, prefix: ["<Enter>"])
        var searchState = AppState(
            collection: collection, states: states, scheduler: scheduler, now: now, width: 200, height: 60)
        let slash = try Key.parseKeys("/")[0]
        let searchCache = ScreenCache()
        let (_, openSearchMs) = Timing.measure { () -> MemorySurface in
            _ = update(&searchState, .key(slash))
            return Screen.render(searchState, theme: .unicode(color: true), cache: searchCache)
        }
        let (_, searchIndexMs) = Timing.measure { searchState.prepareSearch() }
        let searchKeys = try KeyLoop.script(.search).keys.map { try Key.parseKeys($0)[0] }
        var searchSamples: [Double] = []
        var searchCPU: [Double] = []
        for index in 0..<keys {
            let started = Timing.threadCPUMilliseconds()
            let (_, ms) = Timing.measure { () -> MemorySurface in
                _ = update(&searchState, .key(searchKeys[index % searchKeys.count]))
                return Screen.render(searchState, theme: .unicode(color: true), cache: searchCache)
            }
            searchCPU.append(Timing.threadCPUMilliseconds() - started)
            searchSamples.append(ms)
        }
        let processorFloor = ProcessorFloor.measure(rounds: keys)
        let memoryFloor = ProcessorFloor.measure(rounds: keys, kind: .memory)

        let (activity, activityMs) = try Timing.measure {
            try store.activity(in: collection, scheduler: scheduler, now: now)
        }
        let statsKey = try Key.parseKeys("s")[0]
        func openStats(width: Int, height: Int) -> Double {
            let closed = AppState(
                collection: collection, states: states, scheduler: scheduler, now: now, width: width, height: height,
                activity: activity)
            let samples = (0..<50).map { _ in
                var state = closed
                return Timing.measure { () -> MemorySurface in
                    _ = update(&state, .key(statsKey))
                    return Screen.render(state, theme: .unicode(color: true))
                }.1
            }
            return Timing.summary(samples).median
        }
        let statsOpen80 = openStats(width: 80, height: 24)
        let statsOpen200 = openStats(width: 200, height: 60)

        var commitsMs: [Double] = []
        var commitStates = states
        for index in 0..<commits {
            let cardIndex = (index * 7_919) % collection.cards.count
            let card = collection.cards[cardIndex]
            let result = scheduler.review(
                deck: card.deck, key: card.key, state: commitStates[cardIndex], answer: .gotIt,
                mode: .study, isRepeat: false, now: now)
            commitStates[cardIndex] = result.state
            let (_, ms) = try Timing.measure {
                try store.record(result.review, question: card.normalizedQuestion, scheduler: scheduler)
            }
            commitsMs.append(ms)
        }
        return Measurement(
            cards: collection.cards.count, files: collection.fileCount, reviews: try store.reviewCount(),
            parseMs: parseMs, indexedLoadMs: indexedLoadMs, progressLoadMs: loadMs, headlessFirstFrameMs: firstFrameMs,
            treeKey80x24: tree80, treeKey200x60: tree200, studyKey80x24: study80, studyKey200x60: study200,
            openSearchMs: openSearchMs, searchIndexMs: searchIndexMs,
            searchKey200x60: Percentiles(searchSamples, cpu: searchCPU), processorFloor: processorFloor,
            memoryFloor: memoryFloor,
            commit: Percentiles(commitsMs), activityLoadMs: activityMs,
            statsOpen80x24Ms: statsOpen80, statsOpen200x60Ms: statsOpen200, peakRSSMB: Timing.peakRSS())
    }
}

/// Median and 99th percentile in milliseconds; for keys, also the 99th percentile of the thread's CPU
/// time, which a busy machine's preemption leaves out.
struct Percentiles: Codable {
    var median: Double
    var p99: Double
    var cpuP99: Double?

    init(_ samples: [Double], cpu: [Double]? = nil) {
        let summary = Timing.summary(samples)
        median = summary.median
        p99 = summary.p99
        cpuP99 = cpu.map { Timing.summary($0).p99 }
    }
}
