/// The card states as read before the decks are known (`ProgressStore.prefetchStates`).
public struct PrefetchedStates: Sendable {
    /// Nil when the table holds something the byte-wise reading leaves to the general path.
    let rows: StateTableScan.Rows?
    /// The file's count of state writes when the rows were read (nil in a file without the counter).
    let writes: Int64?
    /// True when the rows came from the snapshot rather than the table.
    public let fromSnapshot: Bool

    /// Whether these rows can become the snapshot: read from the table, in a file that counts its
    /// state writes, with no row the table scan skipped.
    public var canBecomeSnapshot: Bool {
        !fromSnapshot && writes != nil && rows.map { $0.problems.isEmpty } == true
    }
}
