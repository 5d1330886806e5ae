/// The card state table as read before the decks are known (`ProgressStore.prefetchStates`).
public struct PrefetchedStates: Sendable {
    /// Nil when the table holds something the byte-wise reading leaves to the general path.
    let rows: StateTableScan.Rows?
}
