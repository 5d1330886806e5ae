import CardboxEngine
import Foundation

/// Anki's review history as cardbox progress: one `imported` review per reviewed card, at the time
/// of its last Anki review, putting it in the box whose interval is nearest the interval Anki gave.
public enum AnkiProgress {
    /// The import reviews for the cards `AnkiImporter` wrote from `collection`, keyed as it keys them.
    public static func reviews(of collection: AnkiCollection, scheduler: LeitnerScheduler) -> [Review] {
        let lastReview = Dictionary(grouping: collection.reviews, by: \.cardID).compactMapValues { reviews in
            reviews.max { $0.id < $1.id }
        }
        let cardsByNote = Dictionary(grouping: collection.cards, by: \.noteID)
        var result: [Review] = []
        for note in collection.notes {
            guard let notetype = collection.notetypes[note.notetypeID], let cards = cardsByNote[note.id],
                let first = cards.min(by: { $0.ordinal < $1.ordinal })
            else { continue }
            let deck = DeckLayout.title(of: collection.decks[first.deckID] ?? "Default")
            let reversed = !notetype.isCloze && NoteConverter.isReversed(notetype, cards: cards)
            for card in cards {
                guard let review = lastReview[card.id] else { continue }
                let key: String
                let occlusion = note.fields.first?.contains("image-occlusion:") == true
                if notetype.isCloze, !occlusion {
                    key = "anki-\(note.id)-\(card.ordinal + 1)"
                } else if card.ordinal == 0 || (occlusion && card.ordinal == cards.map(\.ordinal).min()) {
                    key = "anki-\(note.id)"
                } else if reversed, card.ordinal == 1 {
                    key = "anki-\(note.id)-r"
                } else {
                    continue
                }
                // Anki's interval in days; negative values are seconds of a learning step.
                let missed = review.ease == 1
                let box = missed ? 1 : scheduler.box(nearestInterval: review.interval)
                result.append(
                    Review(
                        deck: deck, cardKey: key, time: Date(timeIntervalSince1970: Double(review.id) / 1000),
                        answer: missed ? .missed : .gotIt, boxBefore: 0, boxAfter: box, mode: .imported,
                        isRepeat: false))
            }
        }
        return result
    }
}
