import CardboxEngine
import Foundation

/// Everything that can happen to the app: the input to `update`.
public enum Action: Hashable, Sendable {
    case key(Key)
    /// The terminal now has `width` columns and `height` rows.
    case resize(width: Int, height: Int)
    /// Time passed; `now` is the current time (counts and due dates follow it).
    case tick(now: Date)
    /// A frame was drawn; `viewport` is what its card and answer panes held (scrolling stays inside it).
    case rendered(Viewport)
    /// A card's review log, oldest first, read for its details.
    case historyLoaded(CardID, [Review])
    /// Other devices' answers were merged into the progress file: the new state of each card they
    /// touched (nil: new again), the new suspension of cards whose suspension changed, and the answers
    /// per study day read again (imported answers count in the history and streaks).
    case merged(states: [CardID: CardState?], suspensions: [CardID: Bool], activity: ActivityHistory?)
    /// Other devices' lines are being merged off the UI thread: `lines` read so far (the status line
    /// says so); 0 when the merge ended without changing anything.
    case merging(lines: Int)
    /// Carrying out `effect` failed; `reason` says why. `update` puts memory back in step with the file.
    case effectFailed(Effect, reason: String)
    /// Something found after start-up (the progress file failed its integrity check): shown now, and
    /// kept among the warnings.
    case problemFound(String)
    /// The deck files changed on disk; the app goes on with these decks.
    case decksChanged(DeckReload)
    /// The editor opened on `card` has exited: `problem` says why it failed (a non-zero status, or
    /// it could not be started), `reload` holds the decks when a file changed, and `fileChanged` says
    /// whether the card's own file reads differently (an editor quit without saving may still touch
    /// the folder, with a swap file, or rewrite the file as it was).
    case editorFinished(EditedCard, problem: String?, reload: DeckReload?, fileChanged: Bool = true)
    /// The outcome of opening a link or an image (`o`), for the status line; `failed` when it was not opened.
    case openFinished(String, failed: Bool)
    /// The search index asked for by `Effect.indexSearch` is built.
    case searchIndexed(BuiltSearchIndex)
}
