import Foundation

/// Drives a whole benchmark: prepares and measures each size in child processes, times the real
/// binary's start on a pseudo-terminal, prints the table and writes the JSON file.
struct BenchRun {
    let cardbox: String
    let sizes: [Int]
    let output: String
    /// termcard's executable, to time the same cards in it; nil leaves the comparison out.
    var termcard: String?
    let startRuns = 7

    /// Figures for one size, as written to the JSON file: the in-process ones and the real binary's.
    struct SizeResult: Codable {
        var measured: Measurement
        /// The first start, with no deck index yet.
        var binaryColdFirstFrameMs: Double
        /// Median of the starts after it, which read the index the first one wrote.
        var binaryFirstFrameMs: Double
        var binaryFirstFrameRunsMs: [Double]
        /// The pty harness's own floor (`PseudoTerminal.floor`), median of `startRuns`, taken beside the starts.
        var harnessFloorMs: Double?
        var appColdPeakRSSMB: Double
        var appPeakRSSMB: Double
        /// `cardbox stats --json`, process start to exit: median of `startRuns`.
        var statsJSONMs: Double
        var statsJSONRunsMs: [Double]
        /// Spawn to the first card shown after Enter, median of `startRuns`: cardbox (index warm), termcard.
        var firstCardMs: Double?
        var termcardFirstCardMs: Double?
        var termcardFirstCardRunsMs: [Double]?
    }

    func run() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cardbox-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        var results: [SizeResult] = []
        for size in sizes {
            let folder = root.appendingPathComponent("\(size)")
            FileHandle.standardError.write(Data("bench: preparing \(size) cards…\n".utf8))
            _ = try child(["prepare", "--cards", "\(size)", "--dir", folder.path])
            FileHandle.standardError.write(Data("bench: measuring \(size) cards…\n".utf8))
            let json = try child(["measure", "--dir", folder.path])
            let measured = try JSONDecoder().decode(Measurement.self, from: Data(json.utf8))
            let cache = folder.appendingPathComponent("cache")
            try? FileManager.default.removeItem(at: cache)
            let (coldMs, coldRSS) = try startBinary(folder: folder, cache: cache)
            var starts: [Double] = []
            var appRSS = 0.0
            for _ in 0..<startRuns {
                let (ms, rss) = try startBinary(folder: folder, cache: cache)
                starts.append(ms)
                appRSS = max(appRSS, rss)
            }
            let floor = try PseudoTerminal.floor(runs: startRuns)
            let statsRuns = try (0..<startRuns).map { _ in try statsJSON(folder: folder, cache: cache) }
            var result = SizeResult(
                measured: measured, binaryColdFirstFrameMs: coldMs,
                binaryFirstFrameMs: Timing.summary(starts).median,
                binaryFirstFrameRunsMs: starts, harnessFloorMs: Timing.summary(floor).median, appColdPeakRSSMB: coldRSS,
                appPeakRSSMB: appRSS,
                statsJSONMs: Timing.summary(statsRuns).median, statsJSONRunsMs: statsRuns)
            if let termcard {
                FileHandle.standardError.write(Data("bench: first card after Enter, cardbox and termcard…\n".utf8))
                // Taken in turns, so that a slow moment of the machine falls on both.
                var ours: [Double] = []
                var theirs: [Double] = []
                for _ in 0..<startRuns {
                    ours.append(
                        try firstCard(cardboxArguments(folder), cache: cache, menu: "TOPICS", key: "\r", card: "STUDY"))
                    theirs.append(
                        try firstCard(
                            [termcard, "--data", folder.appendingPathComponent("termcard.json").path], cache: cache,
                            menu: "Quit", key: "r\n", card: "FRONT"))
                }
                result.firstCardMs = Timing.summary(ours).median
                result.termcardFirstCardMs = Timing.summary(theirs).median
                result.termcardFirstCardRunsMs = theirs
            }
            results.append(result)
        }
        print(table(results))
        try write(results)
    }

    /// Spawns the real binary on a 100x30 pseudo-terminal and times it until the status line is drawn.
    private func startBinary(folder: URL, cache: URL) throws -> (Double, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let terminal = try PseudoTerminal(
            arguments: cardboxArguments(folder), width: 100, height: 30,
            environment: ["TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "NO_COLOR": "1", "XDG_CACHE_HOME": cache.path])
        guard terminal.waitFor("TOPICS", timeout: 60) else {
            terminal.finish(timeout: 0)
            throw NSError(
                domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "cardbox never drew its first screen"])
        }
        let elapsed = Timing.milliseconds(clock.now - start)
        let rss = terminal.peakRSS() ?? 0
        terminal.send("q")
        terminal.finish()
        return (elapsed, rss)
    }

    private func cardboxArguments(_ folder: URL) -> [String] {
        [
            cardbox, "--content", folder.appendingPathComponent("deck").path,
            "--progress", folder.appendingPathComponent("progress.sqlite").path, "--now", "2026-05-28T20:26:40Z",
        ]
    }

    /// Spawns `arguments` on an 80x24 pseudo-terminal, presses `key` once `menu` is drawn and times it
    /// from spawn until `card` (the first card's screen) is drawn; the app is then killed.
    private func firstCard(_ arguments: [String], cache: URL, menu: String, key: String, card: String) throws -> Double
    {
        let clock = ContinuousClock()
        let start = clock.now
        let terminal = try PseudoTerminal(
            arguments: arguments, width: 80, height: 24,
            environment: ["TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "NO_COLOR": "1", "XDG_CACHE_HOME": cache.path])
        defer { terminal.finish(timeout: 0) }
        guard terminal.waitFor(menu, timeout: 120) else {
            throw NSError(
                domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(arguments[0]) never drew \(menu)"])
        }
        terminal.send(key)
        guard terminal.waitFor(card, timeout: 120) else {
            throw NSError(
                domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(arguments[0]) never drew \(card)"])
        }
        return Timing.milliseconds(clock.now - start)
    }

    /// Runs `cardbox stats --json` on the collection (its deck index already written) and times it to exit.
    private func statsJSON(folder: URL, cache: URL) throws -> Double {
        try SpawnTimer.run(
            [
                cardbox, "stats", "--json", "--content", folder.appendingPathComponent("deck").path,
                "--progress", folder.appendingPathComponent("progress.sqlite").path, "--now", "2026-05-28T20:26:40Z",
            ], environment: ["XDG_CACHE_HOME": cache.path])
    }

    private func child(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cardbox-bench-out-\(getpid())")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw NSError(
                domain: "bench", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "cannot create \(output.path) for a child's output"])
        }
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(
                domain: "bench", code: Int(process.terminationStatus),
                userInfo: [NSLocalizedDescriptionKey: "child \(arguments[0]) failed"])
        }
        return try String(contentsOf: output, encoding: .utf8)
    }

    private func table(_ results: [SizeResult]) -> String {
        func ms(_ value: Double) -> String { String(format: value < 10 ? "%.3f" : "%.1f", value) }
        func percentiles(_ value: Percentiles) -> String { "\(ms(value.median)) / \(ms(value.p99))" }
        func cpu(_ value: Percentiles) -> String { value.cpuP99.map(ms) ?? "-" }
        let rows: [(String, (SizeResult) -> String)] = [
            ("cards", { "\($0.measured.cards)" }),
            ("files", { "\($0.measured.files)" }),
            ("reviews in log", { "\($0.measured.reviews)" }),
            ("parse + index, no deck index (ms)", { ms($0.measured.parseMs) }),
            ("load with deck index (ms)", { ms($0.measured.indexedLoadMs) }),
            ("progress load (ms)", { ms($0.measured.progressLoadMs) }),
            ("first frame, headless (ms)", { ms($0.measured.headlessFirstFrameMs) }),
            ("first frame, binary in pty, first start (ms)", { ms($0.binaryColdFirstFrameMs) }),
            ("first frame, binary in pty (ms, median of next \(startRuns))", { ms($0.binaryFirstFrameMs) }),
            ("pty harness floor, /bin/echo (ms, median of \(startRuns))", { $0.harnessFloorMs.map(ms) ?? "-" }),
            ("tree key 80x24 median / p99 (ms)", { percentiles($0.measured.treeKey80x24) }),
            ("tree key 200x60 median / p99 (ms)", { percentiles($0.measured.treeKey200x60) }),
            ("tree key 200x60, p99 of its thread's CPU time (ms)", { cpu($0.measured.treeKey200x60) }),
            ("study key 80x24 median / p99 (ms)", { percentiles($0.measured.studyKey80x24) }),
            ("study key 200x60 median / p99 (ms)", { percentiles($0.measured.studyKey200x60) }),
            ("study key 200x60, p99 of its thread's CPU time (ms)", { cpu($0.measured.studyKey200x60) }),
            ("open search, first time (ms)", { ms($0.measured.openSearchMs) }),
            ("search index built, off the UI thread (ms)", { ms($0.measured.searchIndexMs) }),
            ("search key 200x60 median / p99 (ms)", { percentiles($0.measured.searchKey200x60) }),
            ("search key 200x60, p99 of its thread's CPU time (ms)", { cpu($0.measured.searchKey200x60) }),
            ("fixed loop as long as a key, median / p99 (ms)", { percentiles($0.measured.processorFloor) }),
            ("fixed loop, p99 of its thread's CPU time (ms)", { cpu($0.measured.processorFloor) }),
            ("4 MB walk, median / p99 (ms)", { percentiles($0.measured.memoryFloor) }),
            ("4 MB walk, p99 of its thread's CPU time (ms)", { cpu($0.measured.memoryFloor) }),
            ("answer commit median / p99 (ms)", { percentiles($0.measured.commit) }),
            ("activity totals read and folded (ms)", { ms($0.measured.activityLoadMs) }),
            ("statistics screen open, 80x24, median (ms)", { ms($0.measured.statsOpen80x24Ms) }),
            ("statistics screen open, 200x60, median (ms)", { ms($0.measured.statsOpen200x60Ms) }),
            ("stats --json, binary (ms, median of \(startRuns))", { ms($0.statsJSONMs) }),
            ("first card after Enter, cardbox (ms, median of \(startRuns))", { $0.firstCardMs.map(ms) ?? "-" }),
            (
                "first card after Enter, termcard (ms, median of \(startRuns))",
                { $0.termcardFirstCardMs.map(ms) ?? "-" }
            ),
            (
                "termcard / cardbox, first card",
                { result in
                    guard let ours = result.firstCardMs, let theirs = result.termcardFirstCardMs, ours > 0 else {
                        return "-"
                    }
                    return String(format: "%.1f×", theirs / ours)
                }
            ),
            ("peak RSS, app at first frame, first start (MB)", { String(format: "%.1f", $0.appColdPeakRSSMB) }),
            ("peak RSS, app at first frame (MB)", { String(format: "%.1f", $0.appPeakRSSMB) }),
            ("peak RSS, bench process (MB)", { String(format: "%.1f", $0.measured.peakRSSMB) }),
        ]
        let cells = rows.map { row in [row.0] + results.map(row.1) }
        let widths = (0..<(results.count + 1)).map { column in cells.map { $0[column].count }.max() ?? 0 }
        return cells.map { line in
            line.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "   ")
        }.joined(separator: "\n")
    }

    private func write(_ results: [SizeResult]) throws {
        struct File: Codable {
            var machine: [String: String]
            var results: [SizeResult]
        }
        let machine = [
            "cores": "\(ProcessInfo.processInfo.activeProcessorCount)",
            "memoryGB": String(format: "%.1f", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824),
            "os": ProcessInfo.processInfo.operatingSystemVersionString,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(File(machine: machine, results: results)).write(to: url)
        FileHandle.standardError.write(Data("bench: wrote \(output)\n".utf8))
    }
}
