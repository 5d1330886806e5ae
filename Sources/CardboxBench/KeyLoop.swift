import CardboxEngine
import CardboxTUI
import Foundation

/// One kind of keystroke repeated on a loaded collection, for profilers: the tree's, a study
/// session's or the search box's keys, each followed by a render into a cell grid, as `measure`
/// times them. Run it with `--keys 0` and `--keys N` under callgrind: the difference is the cost of
/// N keys.
enum KeyLoop {
    enum Kind: String {
        case tree, study, search
    }

    /// The keys `measure` sends for each kind, in a loop, and the keys sent first to get there.
    static func script(_ kind: Kind) -> (prefix: [String], keys: [String]) {
        switch kind {
        case .tree:
            return ([], ["j", "l", "j", "j", "l", "j", "k", "j", "h", "j", "j", "k", "<PgDn>", "l", "j", "<PgUp>"])
        case .study: return (["<Enter>"], ["<Space>", "y", "<Space>", "n", "<Space>", "y", "<Space>", "y"])
        case .search: return (["/"], ["c", "a", "r", "d", "<BS>", "<BS>", "<BS>", "<BS>"])
        }
    }

    /// A state ready for `kind`'s keys: `collection` at `width`×`height` with its prefix keys sent.
    static func prepared(
        _ kind: Kind, collection: CardCollection, states: [CardState?], width: Int, height: Int
    ) throws -> AppState {
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        var state = AppState(
            collection: collection, states: states, scheduler: scheduler, now: Measurement.now, width: width,
            height: height)
        for key in script(kind).prefix {
            for parsed in try Key.parseKeys(key) {
                _ = update(&state, .key(parsed))
                _ = Screen.render(state, theme: .unicode(color: true))
            }
        }
        // The app builds the index on another thread after the first `/`; here it is built in place.
        if kind == .search { state.prepareSearch() }
        return state
    }

    /// Sends `count` keys of `kind` to `state`, each followed by a render; returns each key's time in ms.
    @inline(never)
    static func run(_ kind: Kind, state: inout AppState, count: Int) throws -> [Double] {
        let keys = try script(kind).keys.map { try Key.parseKeys($0)[0] }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        // As the app keeps one for its state: parts of earlier frames pasted where nothing changed.
        let cache = ScreenCache()
        for index in 0..<count {
            let key = keys[index % keys.count]
            let (_, ms) = Timing.measure { () -> MemorySurface in
                _ = update(&state, .key(key))
                return Screen.render(state, theme: .unicode(color: true), cache: cache)
            }
            samples.append(ms)
        }
        return samples
    }

    /// `CardboxBench keys --dir DIR --kind tree|study|search [--keys N] [--size WxH] [--slowest N]`: loads
    /// the prepared collection (through a deck index in DIR/keys-cache) and its progress, then sends the
    /// keys; `--slowest N` adds each key's thread CPU time and lists the N slowest keys.
    static func main(arguments: [String]) throws {
        guard let dir = option("--dir", in: arguments), let kind = option("--kind", in: arguments).flatMap(Kind.init)
        else {
            fail("keys needs --dir DIR --kind tree|study|search")
        }
        let folder = URL(fileURLWithPath: dir)
        let count = option("--keys", in: arguments).flatMap(Int.init) ?? 1_000
        let size = (option("--size", in: arguments) ?? "200x60").split(separator: "x").compactMap { Int($0) }
        let deck = folder.appendingPathComponent("deck").path
        let cache = DeckIndexCache(folder: folder.appendingPathComponent("keys-cache").path)
        let collection = ContentLoader.load(paths: [deck], cache: cache)
        let store = try ProgressStore(path: folder.appendingPathComponent("progress.sqlite").path, readOnly: true)
        let states = try store.loadProgress(for: collection, persistMoves: false).states
        let (ready, prepareMs) = try Timing.measure {
            try prepared(
                kind, collection: collection, states: states, width: size.first ?? 200, height: size.last ?? 60)
        }
        var state = ready
        if let index = state.searchIndex {
            print(
                "search: state made, first / and the index it asks for (texts read, index built, frame drawn) \(String(format: "%.1f", prepareMs)) ms; index of \(index.count) texts: \(String(format: "%.1f", Double(index.memoryBytes) / 1_048_576)) MB"
            )
        }
        guard let slowest = option("--slowest", in: arguments).flatMap(Int.init) else {
            let samples = try run(kind, state: &state, count: count)
            let summary = Timing.summary(samples)
            print(
                "\(kind.rawValue): \(count) keys, median \(String(format: "%.3f", summary.median)) ms, p99 \(String(format: "%.3f", summary.p99)) ms"
            )
            return
        }
        let costs = try detailed(kind, state: &state, count: count)
        let summary = Timing.summary(costs.map(\.wallMs))
        let cpu = Timing.summary(costs.map(\.cpuMs))
        print(
            "\(kind.rawValue): \(count) keys, wall median \(String(format: "%.3f", summary.median)) ms, p99 \(String(format: "%.3f", summary.p99)) ms; thread CPU median \(String(format: "%.3f", cpu.median)) ms, p99 \(String(format: "%.3f", cpu.p99)) ms"
        )
        let arithmetic = Timing.summary(costs.map(\.arithmeticMs))
        let memory = Timing.summary(costs.map(\.memoryMs))
        print(
            "  after each key, thread CPU of a fixed arithmetic round median \(String(format: "%.3f", arithmetic.median)) ms, p99 \(String(format: "%.3f", arithmetic.p99)) ms; of a 4 MB walk median \(String(format: "%.3f", memory.median)) ms, p99 \(String(format: "%.3f", memory.p99)) ms"
        )
        let keys = script(kind).keys
        let slow = costs.sorted(by: { $0.cpuMs > $1.cpuMs }).prefix(max(1, count / 100))
        // A round is slow when it took twice its median: the processor was slow at that moment too.
        func slowRound(_ cost: KeyCost) -> Bool {
            cost.arithmeticMs > 2 * arithmetic.median || cost.memoryMs > 2 * memory.median
        }
        let coincide = slow.filter(slowRound).count
        let elsewhere = costs.filter(slowRound).count
        print(
            "  of the \(slow.count) keys with the most thread CPU, \(coincide) were followed by a fixed round at least twice its median; of all \(count) keys, \(elsewhere)"
        )
        for cost in costs.sorted(by: { $0.wallMs > $1.wallMs }).prefix(slowest) {
            print(
                "  key \(cost.index) (\(keys[cost.index % keys.count])): wall \(String(format: "%.3f", cost.wallMs)) ms, thread CPU \(String(format: "%.3f", cost.cpuMs)) ms, \(cost.minorFaults) page faults, \(cost.preempted) involuntary switches; rounds after it \(String(format: "%.3f", cost.arithmeticMs)) / \(String(format: "%.3f", cost.memoryMs)) ms"
            )
        }
    }

    /// What one key cost: wall clock, this thread's CPU time, and what the kernel did meanwhile.
    struct KeyCost {
        var index: Int
        var wallMs: Double
        var cpuMs: Double
        var minorFaults: Int
        var preempted: Int
        /// Thread CPU time of one fixed arithmetic round and one 4 MB walk run right after the key.
        var arithmeticMs: Double
        var memoryMs: Double
    }

    /// `run`, with each key's thread CPU time, minor page faults and involuntary context switches
    /// beside its wall-clock time: a slow key with little CPU time waited for the processor. After each
    /// key one round of each of the fixed loops (`ProcessorFloor`) runs, so that a key slow on the
    /// thread's own CPU time can be set beside the processor's speed at the same moment.
    static func detailed(_ kind: Kind, state: inout AppState, count: Int) throws -> [KeyCost] {
        let keys = try script(kind).keys.map { try Key.parseKeys($0)[0] }
        func usage() -> rusage {
            var usage = rusage()
            getrusage(1, &usage)  // RUSAGE_THREAD, which Swift does not see
            return usage
        }
        var costs: [KeyCost] = []
        costs.reserveCapacity(count)
        var walker = ProcessorFloor.Walker()
        let cache = ScreenCache()
        for index in 0..<count {
            let key = keys[index % keys.count]
            let before = usage()
            let cpu = Timing.threadCPUMilliseconds()
            let (_, ms) = Timing.measure { () -> MemorySurface in
                _ = update(&state, .key(key))
                return Screen.render(state, theme: .unicode(color: true), cache: cache)
            }
            let spent = Timing.threadCPUMilliseconds() - cpu
            let after = usage()
            let arithmetic = walker.round(.arithmetic, seed: UInt64(index)).cpuMs
            let memory = walker.round(.memory, seed: UInt64(index)).cpuMs
            costs.append(
                KeyCost(
                    index: index, wallMs: ms, cpuMs: spent, minorFaults: after.ru_minflt - before.ru_minflt,
                    preempted: after.ru_nivcsw - before.ru_nivcsw, arithmeticMs: arithmetic, memoryMs: memory))
        }
        walker.finish()
        return costs
    }
}
