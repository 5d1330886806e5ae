import CardboxEngine
import CardboxTUI
import Foundation

/// Decks loaded again while the app runs, with their progress read for them.
enum LiveReload {
    /// The progress of `collection`, with edited questions' progress moved as at start. `edited`, the
    /// card an editor just had open, keeps its progress even when its question changed past
    /// recognition: found by position, its old key's progress moves to it. Nil when the progress file
    /// cannot be read; the app then goes on with the decks it has.
    static func load(
        _ collection: CardCollection, store: ProgressStore, edited: EditedCard?, now: Date
    ) -> DeckReload? {
        do {
            var loaded: LoadedProgress
            do {
                loaded = try store.loadProgress(for: collection, persistMoves: true, now: now)
            } catch {
                // A file that refuses writes still gives its states.
                loaded = try store.loadProgress(for: collection, persistMoves: false, now: now)
            }
            var moved: [CardID: CardID] = [:]
            for match in loaded.moved { moved[match.orphan.id] = collection.cards[match.cardIndex].id }
            if let edited, moved[edited.id] == nil, !collection.cards.contains(where: { $0.id == edited.id }),
                let stored = try store.storedStates().first(where: { $0.id == edited.id }),
                let index = edited.find(in: collection, moved: moved, unclaimed: { loaded.states[$0] == nil })
            {
                let card = collection.cards[index]
                let orphan = OrphanMatcher.Orphan(deck: edited.id.deck, key: edited.id.key, question: stored.question)
                if (try? store.move(
                    OrphanMatcher.Match(orphan: orphan, cardIndex: index, similarity: 0), to: card.key, now: now))
                    != nil
                {
                    loaded.states[index] = stored.state
                    moved[edited.id] = card.id
                }
            }
            return DeckReload(
                collection: collection, states: loaded.states, suspended: try store.suspension(for: collection),
                moved: moved)
        } catch {
            return nil
        }
    }
}
