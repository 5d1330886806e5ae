import CardboxEngine
import Foundation

extension AppState {
    /// Takes in the states and suspensions another device's answers gave: each card's counts move
    /// along its ancestors only. Cards of decks not loaded here are ignored.
    mutating func merge(states changed: [CardID: CardState?], suspensions: [CardID: Bool]) {
        guard !changed.isEmpty || !suspensions.isEmpty else { return }
        let wanted = Set(changed.keys).union(suspensions.keys)
        var indices: [CardID: Int] = [:]
        for (index, card) in collection.cards.enumerated() where wanted.contains(card.id) { indices[card.id] = index }
        for (card, state) in changed {
            guard let index = indices[card], states[index] != state else { continue }
            let before = states[index]
            states[index] = state
            cardChanged(index, from: before)
        }
        for (card, value) in suspensions {
            if let index = indices[card] { setSuspended(index, value) }
        }
    }
}
