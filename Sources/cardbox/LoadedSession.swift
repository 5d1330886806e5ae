import ArgumentParser
import CardboxEngine
import Foundation

/// Decks, progress store and card states loaded for one run of a command.
struct LoadedSession {
    var collection: CardCollection
    var store: ProgressStore
    var states: [CardState?]
    var scheduler: LeitnerScheduler

    /// Loads content and progress. A read-only run never creates or changes the progress file.
    static func open(_ options: GlobalOptions, writable: Bool) throws -> LoadedSession {
        let collection = ContentLoader.load(paths: options.contentPaths())
        let file = options.progressFile
        let store: ProgressStore
        do {
            if writable {
                store = try ProgressStore(path: file)
            } else if FileManager.default.fileExists(atPath: file) {
                store = try ProgressStore(path: file, readOnly: true)
            } else {
                store = try ProgressStore()
            }
        } catch {
            printError("cardbox: \(error)")
            throw ExitCode(1)
        }
        let loaded = try store.loadProgress(for: collection, persistMoves: writable, now: options.currentDate())
        let scheduler = LeitnerScheduler(config: .standard())
        return LoadedSession(collection: collection, store: store, states: loaded.states, scheduler: scheduler)
    }
}
