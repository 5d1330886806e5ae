import Foundation

/// What an import changed: the new state of every card it touched and the new suspension of every card
/// whose suspension log grew.
public struct JournalMerge: Sendable {
    public var states: [CardID: CardState?] = [:]
    public var suspensions: [CardID: Bool] = [:]
    /// Lines that were new to this file (duplicates not counted).
    public var imported = 0

    public init() {}

    public var isEmpty: Bool { states.isEmpty && suspensions.isEmpty }

    /// Adds what a later import changed: its states and suspensions replace those of the same cards.
    public mutating func add(_ later: JournalMerge) {
        states.merge(later.states) { _, new in new }
        suspensions.merge(later.suspensions) { _, new in new }
        imported += later.imported
    }
}
