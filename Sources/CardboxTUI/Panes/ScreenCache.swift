/// What the screen keeps from frame to frame to draw the next one with less work: the topic tree's
/// rows, the search overlay's rows of hits and its preview of an answer, and the card pane of a
/// topic, each kept by everything it is drawn from (`SnapshotCache`).
///
/// A frame drawn with a cache is the same as one drawn without (a seeded test holds them equal after
/// random keys). A cache follows one app state through its frames: decks replaced are told apart by
/// the state's `decksVersion`, so a new state wants a new cache.
public final class ScreenCache {
    let treeRows = SnapshotCache<TopicTreePane.RowContext, TopicTreePane.RowKey, Void>(limit: 1_024)
    let searchRows = SnapshotCache<SearchPane.RowContext, SearchPane.RowKey, Void>(limit: 1_024)
    /// The search overlay's preview of the selected card's answer.
    let previews = SnapshotCache<SearchPane.RowContext, SearchPane.PreviewKey, Void>(limit: 256)
    /// The card pane of a topic, with the number of lines it held: each is most of a screen's half
    /// (about 50 KB at 200×60), so fewer are kept.
    let topicPanes = SnapshotCache<CardPane.TopicContext, CardPane.TopicKey, Int>(limit: 64)

    public init() {}

    /// Makes a cache and drops it, so that the runtime has made its generic types on the calling
    /// thread: the first making checks their parameters' conformances, each check a walk over every
    /// conformance record of the binary (2.5 million instructions for the three), which the start's
    /// warm-up thread takes on ahead of the first frame.
    @inline(never)
    public static func prepareTypes() {
        withExtendedLifetime(ScreenCache()) {}
    }
}
