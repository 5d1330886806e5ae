/// Parts of earlier frames kept by what they were drawn from, so that a part whose inputs did not
/// change is pasted instead of drawn again.
///
/// `Context` is what every part depends on (the theme, a pane's width, the decks' version): a new
/// context empties the cache. `Key` is what one part depends on beyond it, all of it: a part is only
/// ever pasted where the same key would draw the same cells. At most `limit` parts are kept.
final class SnapshotCache<Context: Equatable, Key: Hashable, Extra> {
    private var context: Context?
    private var parts: [Key: (snapshot: MemorySurface, extra: Extra)] = [:]
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Starts a frame drawn in `context`, forgetting every part kept for another.
    func begin(_ context: Context) {
        guard context != self.context else { return }
        parts.removeAll(keepingCapacity: true)
        self.context = context
    }

    /// The part kept for `key`, if any, with what came with it.
    func part(for key: Key) -> (snapshot: MemorySurface, extra: Extra)? { parts[key] }

    /// Keeps `snapshot` for `key`; when the cache is full, it starts again from empty.
    func keep(_ snapshot: MemorySurface, extra: Extra, for key: Key) {
        if parts.count >= limit { parts.removeAll(keepingCapacity: true) }
        parts[key] = (snapshot, extra)
    }

    /// Parts kept now.
    var count: Int { parts.count }
}
