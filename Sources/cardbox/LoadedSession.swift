import ArgumentParser
import CardboxEngine
import CardboxTUI
import Foundation

/// Decks, progress store and card states loaded for one run of a command.
struct LoadedSession {
    var collection: CardCollection
    var store: ProgressStore
    var states: [CardState?]
    var scheduler: LeitnerScheduler
    /// Every setting of the run and where it came from.
    var settings: EffectiveSettings
    /// Held while the app may write, so that no second instance writes the same file.
    var lock: ProgressLock?
    /// Stored progress of loaded decks that no card has (after edited questions took theirs).
    var orphans: [OrphanMatcher.Orphan] = []
    /// State rows that could not be used (bad values), skipped; one line each.
    var problems: [String] = []

    /// Whether each card is suspended (empty when none is).
    var suspended: [Bool] = []
    /// The journal folder, when one is set and the run may write.
    var journal: Journal?
    /// Problems met in the journal folder at start (`file:line: what is wrong`).
    var journalWarnings: [String] = []
    /// The states as read from the table at start, kept until they are written as the snapshot
    /// (nil when the start read the snapshot, or the rows cannot become one).
    var statesForSnapshot: PrefetchedStates?
    /// Stamps of the deck files as they were before the decks loaded, for the full-screen app to notice a
    /// file changed since (taken on the loading thread when `open` was asked for them).
    var watcher: DeckWatcher?
    /// What the app's start read on its second thread, when it could (`StartLane`): today's extra new
    /// cards and the tree's memory, with the lane that reads the activity, which `appContext` then reads
    /// no more.
    var startReads: StartLane.Reads?

    /// Where the tree's open topics and selection are kept between runs: beside the progress file.
    var treeMemoryFile: String { settings.progress.value + ".tree.json" }

    /// What the app starts from, at `now` (fixed by `--now`, else the clock). `rememberedTree` reads
    /// the tree the last run left.
    func appContext(now: @escaping @Sendable () -> Date, rememberedTree: Bool) throws -> AppContext {
        let store = store
        var memory: TreeMemory?
        if let startReads {
            memory = rememberedTree ? startReads.treeMemory : nil
        } else if rememberedTree {
            memory = StartLane.treeMemory(file: treeMemoryFile)
        }
        var context = AppContext(
            collection: collection, states: states, scheduler: scheduler, now: now, warnings: warnings,
            suspended: suspended,
            rules: StudyDayRules(
                newOrder: settings.newOrder.value, aheadDays: settings.aheadDays.value, leech: settings.leechRule),
            extraNewToday: try startReads?.progress.extraNewToday
                ?? store.extraNewCards(onStudyDay: scheduler.studyDay(of: now())),
            treeMemory: memory,
            history: { (try? store.reviews(of: $0)) ?? [] },
            activity: try startReads?.lane.activity() ?? activity(now: now()),
            poll: journal.map { journal in
                let scheduler = scheduler
                return { now, reading in
                    // Off the UI thread. Whatever the last append missed (the folder was away) goes out first.
                    try? journal.flush()
                    // A few cards per transaction: an answer given meanwhile waits for one of them at most.
                    guard let (merge, _) = try? journal.mergeBeside(scheduler: scheduler, now: now, reading: reading),
                        !merge.isEmpty
                    else { return nil }
                    return .merged(states: merge.states, suspensions: merge.suspensions, activity: nil)
                }
            },
            settle: { [scheduler, collection] action in
                // On the UI thread, which writes the answers: what is read here includes every one given.
                guard case .merged(let states, let suspensions, _) = action else { return action }
                var merge = JournalMerge()
                merge.states = states
                merge.suspensions = suspensions
                let fresh = (try? store.refreshed(merge)) ?? merge
                // Imported answers count in the history and streaks: read again from the running totals.
                let activity = try? store.activity(in: collection, scheduler: scheduler, now: now())
                return .merged(states: fresh.states, suspensions: fresh.suspensions, activity: activity)
            })
        if collection.decks.isEmpty {
            // The welcome screen lists the places looked at, as the other commands print them.
            context.decksLookedFor = NoDecksAdvice.lines(settings: settings).filter { $0.hasPrefix("  ") }
            context.warnings = []
        }
        return context
    }

    /// One line for the status bar when the decks have problems.
    var warnings: [String] {
        var lines: [String] = []
        let deckProblems = collection.diagnostics.count
        if deckProblems > 0 {
            lines.append("\(deckProblems) deck problem\(deckProblems == 1 ? "" : "s"); run cardbox check")
        }
        if !problems.isEmpty {
            lines.append(
                "\(problems.count) progress row\(problems.count == 1 ? "" : "s") with bad values skipped; cardbox stats lists them"
            )
        }
        if !journalWarnings.isEmpty {
            lines.append(
                "\(journalWarnings.count) journal problem\(journalWarnings.count == 1 ? "" : "s"); run cardbox sync")
        }
        return lines
    }

    /// Loads content and progress. A read-only run never creates or changes the progress file. With
    /// `startLane` (the full-screen app), what its first frame needs is read on a second thread while this
    /// one opens the progress store (`StartLane`).
    static func open(
        _ settings: EffectiveSettings, now: Date, writable: Bool, resetProgress: Bool = false,
        startLane: Bool = false
    ) throws
        -> LoadedSession
    {
        // The decks load on other threads while this one opens the progress file and reads its states.
        let decks = BackgroundLoad(
            paths: settings.content.value, cache: DeckIndexCache.standard(), watch: startLane)
        let file = settings.progress.value
        // Every value was checked where it was read (flag or settings file), so this cannot throw here.
        let scheduler = LeitnerScheduler(config: try settings.leitnerConfig())
        let store: ProgressStore
        var lock: ProgressLock?
        var lane: StartLane?
        do {
            if writable {
                try ProgressPaths.createFolder(for: file)
                let folder = ProgressPaths.folder(of: file)
                // Refuse at start what would only fail at the first answer: a read-only folder or file.
                if access(folder, W_OK) != 0 {
                    throw ProgressError.cannotWrite(
                        path: file, reason: "the folder is not writable (\(String(cString: strerror(errno))))")
                }
                let content = try ProgressFileCheck.inspect(file)
                if content != .missing, access(file, W_OK) != 0 {
                    throw ProgressError.cannotWrite(
                        path: file, reason: "the file is not writable (\(String(cString: strerror(errno))))")
                }
                // Keyed to the file itself: a second path to it (a link) finds it taken. The owner's
                // id is noted only once the file is accepted.
                lock = try ProgressLock(progressFile: file, announce: false)
                if resetProgress, let moved = try ProgressReset.moveAside(file, now: Date()) {
                    printError("cardbox: moved the old progress file to \(moved)")
                    // The lock went with the old file; take the fresh file's.
                    lock = try ProgressLock(progressFile: file, announce: false)
                } else if content == .data, settings.journal.value == nil, startLane {
                    // The start's reads begin now, beside the store's opening; a journal would be merged
                    // into the file before them, so with one they wait for the store.
                    lane = StartLane(file: file, scheduler: scheduler, now: now, decks: { decks.wait() })
                }
                if lane != nil {
                    // Opened after the first frame, when the lane has read what it needs (below).
                    store = ProgressStore(openingAtFirstUse: file)
                } else {
                    store = try ProgressStore(path: file)
                    lock?.announce()
                }
            } else if try ProgressFileCheck.inspect(file) == .data {
                do {
                    store = try ProgressStore(path: file, readOnly: true)
                } catch ProgressError.cannotOpen(_, let reason)
                    where access(URL(fileURLWithPath: file).deletingLastPathComponent().path, W_OK) != 0
                {
                    // Not a damaged file: SQLite must write beside it to read its write-ahead log.
                    throw ProgressError.cannotWrite(
                        path: file,
                        reason: "its folder is read-only, and SQLite needs to write there to read the file's "
                            + "write-ahead log (-wal) (\(reason))")
                }
            } else {
                store = try ProgressStore()
            }
        } catch {
            throw failedToOpen(error)
        }
        // Other devices' lines are merged before the states are read, and this device's missing lines written.
        var journal: Journal?
        var journalWarnings: [String] = []
        if writable, let folder = settings.journal.value {
            let opened = Journal(folder: folder, store: store)
            do {
                let report = try opened.start(
                    scheduler: LeitnerScheduler(config: try settings.leitnerConfig()), now: now)
                if let device = report.newDevice {
                    printError(
                        "cardbox: this progress file's journal holds answers it did not write (a copied or restored file); "
                            + "it is now device \(device)")
                }
                journalWarnings = report.warnings
                for warning in report.warnings { printError("cardbox: \(warning)") }
            } catch {
                journalWarnings = ["\(error)"]
                printError("cardbox: journal: \(error)")
            }
            journal = opened
        }
        let loaded: LoadedProgress
        let collection: CardCollection
        let suspended: [Bool]
        let prefetched: PrefetchedStates
        // Nil when the file could not be read on the second thread: then the store reads it, as it names
        // what is wrong.
        let reads = lane?.wait(treeMemoryFile: file + ".tree.json")
        if lane != nil {
            // The lane found the file needing nothing done, or the store is opened now, and names what is wrong.
            if reads == nil {
                do { try store.open() } catch { throw failedToOpen(error) }
            }
            lock?.announce()
        }
        do {
            prefetched = try reads?.progress.states ?? store.prefetchStates()
            collection = decks.wait()
            loaded = try store.loadProgress(
                for: collection, persistMoves: writable, now: now,
                prefetched: prefetched)
            // A key moved while loading moves its suspensions too: then they are read again.
            if let reads, loaded.moved.isEmpty {
                suspended = ProgressStore.suspension(of: reads.progress.suspendedCards, for: collection)
            } else {
                suspended = try store.suspension(for: collection)
            }
        } catch {
            printError(
                "cardbox: \(ProgressError.cannotOpen(path: file, reason: ProgressStore.reason(error)).adviceMessage)")
            throw ExitCode(1)
        }
        // The rows with the cards they matched: a snapshot written from them keeps each row's card.
        let placed = prefetched.placed(by: loaded)
        // Key moves made while loading travel too.
        if !loaded.moved.isEmpty { try? journal?.flush() }
        // A row with values the scheduler cannot use is skipped and named, never trapped on.
        if !writable {
            for problem in loaded.problems { printError("\(file): \(problem) (skipped)") }
        }
        return LoadedSession(
            collection: collection, store: store, states: loaded.states, scheduler: scheduler, settings: settings,
            lock: lock, orphans: loaded.orphans, problems: loaded.problems, suspended: suspended,
            journal: journal, journalWarnings: journalWarnings,
            statesForSnapshot: writable && placed.canBecomeSnapshot ? placed : nil,
            watcher: decks.watcher, startReads: loaded.moved.isEmpty ? reads : nil)
    }
}

extension LoadedSession {
    /// Prints why the progress file could not be opened; the error to end the command with.
    private static func failedToOpen(_ error: any Error) -> ExitCode {
        printError("cardbox: \(commandLineMessage(error))")
        return ExitCode(1)
    }

    /// The answers per study day over the loaded decks, from the store's running totals.
    func activity(now: Date) throws -> ActivityHistory {
        do {
            return try store.activity(in: collection, scheduler: scheduler, now: now)
        } catch {
            printError("cardbox: \(commandLineMessage(error))")
            throw ExitCode(1)
        }
    }
}

/// Loads the decks on a background thread; `wait()` returns them, on any thread, as often as asked.
private final class BackgroundLoad: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once on the loading thread before `done` is signalled, read after waiting for it.
    private var collection: CardCollection?
    private var stamps: DeckWatcher?

    /// With `watch`, the files' stamps are taken first, on the same thread (`watcher`).
    init(paths: [String], cache: DeckIndexCache, watch: Bool) {
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            // Before the load, so that a file changed during the load is noticed.
            if watch { stamps = DeckWatcher(paths: paths, cache: cache) }
            collection = ContentLoader.load(paths: paths, cache: cache)
            done.leave()
        }
    }

    func wait() -> CardCollection {
        done.wait()
        return collection ?? .empty
    }

    /// The stamps taken before the load, once it is done (nil unless asked for).
    var watcher: DeckWatcher? {
        done.wait()
        return stamps
    }
}
