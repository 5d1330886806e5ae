import CardboxEngine
import Foundation

// cardbox's benchmark: builds synthetic collections of several sizes, measures loading, rendering,
// keystrokes, commits and memory, prints one table and writes .bench/results.json.
//
//   CardboxBench run --cardbox PATH [--sizes 1000,10000,100000] [--out .bench/results.json] [--termcard PATH]
//   CardboxBench prepare --cards N --dir DIR      (child process: deck and progress)
//   CardboxBench measure --dir DIR                (child process: in-process figures as JSON)
//   CardboxBench parse --dir DIR [--repeat N] [--cache FOLDER]   (load loop for profilers)
//   CardboxBench journal [--lines N] [--dir DIR] [--out FILE]   (a million-line journal imported)
//   CardboxBench startup --dir DIR [--repeat N]   (progress load and headless first frame only, N times
//                                                 in one process, writing nothing; the first run is the cold one)
//   CardboxBench floor [--repeat N]              (the pty harness's own floor: /bin/echo timed as the app is)
//   CardboxBench keys --dir DIR --kind tree|study|search [--keys N] [--size WxH]
//                                                 (one kind of keystroke in a loop, for profilers)

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("CardboxBench: \(message)\n".utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "prepare":
    guard let cards = option("--cards", in: arguments).flatMap(Int.init), let dir = option("--dir", in: arguments)
    else {
        fail("prepare needs --cards N --dir DIR")
    }
    let folder = URL(fileURLWithPath: dir)
    do {
        try SyntheticDeck.write(cards: cards, to: folder.appendingPathComponent("deck"))
        let collection = ContentLoader.load(paths: [folder.appendingPathComponent("deck").path])
        guard collection.diagnostics.isEmpty else {
            fail("generated deck has problems: \(collection.diagnostics.prefix(3))")
        }
        let store = try ProgressStore(path: folder.appendingPathComponent("progress.sqlite").path)
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        try SyntheticDeck.fillProgress(
            store, collection: collection, scheduler: scheduler, reviewsPerCard: 10, now: Measurement.now)
        try SyntheticDeck.writeTermcardData(collection, to: folder.appendingPathComponent("termcard.json"))
    } catch {
        fail("\(error)")
    }
case "measure":
    guard let dir = option("--dir", in: arguments) else { fail("measure needs --dir DIR") }
    do {
        let result = try Measurement.run(folder: URL(fileURLWithPath: dir), keys: 1_000, commits: 300)
        print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    } catch {
        fail("\(error)")
    }
case "startup":
    guard let dir = option("--dir", in: arguments) else { fail("startup needs --dir DIR") }
    do {
        let runs = try Measurement.startup(
            folder: URL(fileURLWithPath: dir),
            repeats: option("--repeat", in: arguments).flatMap(Int.init) ?? 5)
        for (index, run) in runs.enumerated() {
            print(
                "run \(index + 1): progressLoadMs \(String(format: "%.1f", run.load))  headlessFirstFrameMs \(String(format: "%.1f", run.firstFrame))"
            )
        }
    } catch {
        fail("\(error)")
    }
case "floor":
    do {
        let runs = try PseudoTerminal.floor(runs: option("--repeat", in: arguments).flatMap(Int.init) ?? 7)
        print("runs (ms): " + runs.map { String(format: "%.2f", $0) }.joined(separator: " "))
        print(String(format: "median %.2f ms", Timing.summary(runs).median))
    } catch {
        fail("\(error)")
    }
case "keys":
    do {
        try KeyLoop.main(arguments: arguments)
    } catch {
        fail("\(error)")
    }
case "stats":
    // The statistics screen opened again and again on one loaded collection, for profilers:
    // CardboxBench stats --dir DIR [--repeat N] [--size WxH]
    guard let dir = option("--dir", in: arguments) else { fail("stats needs --dir DIR") }
    let size = (option("--size", in: arguments) ?? "200x60").split(separator: "x").compactMap { Int($0) }
    do {
        let times = try Measurement.statsOpen(
            folder: URL(fileURLWithPath: dir), repeats: option("--repeat", in: arguments).flatMap(Int.init) ?? 200,
            width: size.first ?? 200, height: size.last ?? 60)
        let summary = Timing.summary(times)
        print(
            "statistics screen open: median \(String(format: "%.2f", summary.median)) ms, p99 \(String(format: "%.2f", summary.p99)) ms"
        )
    } catch {
        fail("\(error)")
    }
case "parse":
    // Parse-only loop, for profilers: CardboxBench parse --dir DIR [--repeat N] [--cache FOLDER]
    guard let dir = option("--dir", in: arguments) else { fail("parse needs --dir DIR") }
    let cache = option("--cache", in: arguments).map {
        DeckIndexCache(folder: $0, sealKey: IndexSealKey.loadOrCreate(at: IndexSealKey.defaultFile()))
    }
    for _ in 0..<(option("--repeat", in: arguments).flatMap(Int.init) ?? 1) {
        let (collection, ms) = Timing.measure { ContentLoader.load(paths: [dir], cache: cache) }
        let resident =
            (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?
            .split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { $0 * 4096 / 1_048_576 } ?? 0
        print(
            "\(collection.cards.count) cards in \(String(format: "%.1f", ms)) ms; resident \(String(format: "%.1f", resident)) MB, peak \(String(format: "%.1f", Timing.peakRSS())) MB"
        )
    }
case "journal":
    // The journal import: CardboxBench journal [--lines N] [--dir DIR]
    let lines = option("--lines", in: arguments).flatMap(Int.init) ?? 1_000_000
    let dir =
        option("--dir", in: arguments)
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("cardbox-bench-journal-\(getpid())").path
    do {
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try JournalBench.run(lines: lines, folder: URL(fileURLWithPath: dir))
        print(
            "journal: \(result.lines) lines (\(String(format: "%.0f", result.fileMB)) MB) imported in "
                + "\(String(format: "%.0f", result.firstImportMs)) ms (CPU \(String(format: "%.0f", result.firstImportCPUMs)) ms); next start, nothing new: "
                + "\(String(format: "%.1f", result.unchangedImportMs)) ms; 1000 more lines: "
                + "\(String(format: "%.1f", result.thousandMoreMs)) ms "
                + "(CPU \(String(format: "%.1f", result.thousandMoreCPUMs)) ms); upgrade of that log from v8-compact-log: "
                + "\(String(format: "%.0f", result.upgradeFromCompactLogMs)) ms "
                + "(CPU \(String(format: "%.0f", result.upgradeFromCompactLogCPUMs)) ms); from v5-lean-log: "
                + "\(String(format: "%.0f", result.upgradeFromLeanLogMs)) ms "
                + "(CPU \(String(format: "%.0f", result.upgradeFromLeanLogCPUMs)) ms)")
        if let out = option("--out", in: arguments) {
            try JSONEncoder().encode(result).write(to: URL(fileURLWithPath: out))
        }
    } catch {
        fail("\(error)")
    }
case "run":
    guard let cardbox = option("--cardbox", in: arguments) else { fail("run needs --cardbox PATH") }
    let sizes = (option("--sizes", in: arguments) ?? "1000,10000,100000").split(separator: ",").compactMap { Int($0) }
    let out = option("--out", in: arguments) ?? ".bench/results.json"
    do {
        try BenchRun(cardbox: cardbox, sizes: sizes, output: out, termcard: option("--termcard", in: arguments)).run()
    } catch {
        fail("\(error)")
    }
default:
    fail("usage: CardboxBench run --cardbox PATH [--sizes 1000,10000,100000] [--out FILE] [--termcard PATH]")
}
