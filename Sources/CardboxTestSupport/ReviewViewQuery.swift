/// The query that reads every column of a progress file's `review` view, oldest row first.
///
/// Tests of the log's migrations read the view with it before and after an upgrade and compare the
/// rows, so every upgrade is held to the same columns.
public enum ReviewViewQuery {
    /// Every column the `review` view has presented since the first log, ordered by id.
    public static let everyColumn = """
        SELECT id, deck, card_key, time, result, box_before, box_after, mode, is_repeat, seconds, device, seq,
            question_hash, undone FROM review ORDER BY id
        """
}
