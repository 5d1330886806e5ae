import Foundation

/// The replay of an import's cards: each card's new answers and the rows it already has in the file,
/// in (time, device, sequence) order, giving the boxes of the new rows, the boxes that change on the
/// old ones, the card's state and the activity totals of the new rows.
///
/// It reads no database (the rows already in the file are read before it runs), with everything kept
/// in arrays indexed by line or by card: a million answers over ten thousand cards take a fifth of a
/// second.
struct JournalReplay {
    /// One answer of a card being replayed: a new line (`line` ≥ 0) or a row already in the file.
    struct Row {
        var time: Double
        /// Index into `names` (compared as text only when times are equal).
        var device: Int32
        var seq: Int64
        var answer: Answer
        var mode: StudyMode
        var isRepeat: Bool
        var boxBefore: Int
        var boxAfter: Int
        /// The line's index among the batch's answers; -1 for a row already in the file.
        var line: Int32
        var rowID: Int64
        var seconds: Double?
    }

    /// A row already in the file whose boxes the replay changed.
    struct Fix {
        var row: Row
        var before: Int
        var after: Int
    }

    private let answers: [JournalLines.PackedAnswer]
    private let names: JournalStrings
    /// The cards to replay (numbers into `cardDecks`), the lines of each (`order[starts[n]..<starts[n + 1]]`).
    let cards: [Int32]
    private let cardDecks: [String]
    private let order: [Int32]
    private let starts: [Int]
    /// The rows already in the file of each card of `cards`, by position; empty when the log has none.
    private let existing: [[Row]]
    private let scheduler: LeitnerScheduler
    private let limit: Double

    /// The boxes of each new line, by its index among the answers.
    private(set) var boxes: [(before: UInt8, after: UInt8)]
    /// The state of each card of `cards` after its replay, and the rows already in the file it changed.
    private(set) var states: [CardState?]
    private(set) var fixes: [[Fix]]
    private(set) var dueDates: DueDateCache
    private(set) var totals: ActivityTotals.Pending

    init(
        answers: [JournalLines.PackedAnswer], names: JournalStrings, cards: [Int32], cardDecks: [String],
        order: [Int32], starts: [Int], existing: [[Row]], scheduler: LeitnerScheduler, now: Date,
        dueDates: DueDateCache, totals: ActivityTotals.Pending
    ) {
        self.answers = answers
        self.names = names
        self.cards = cards
        self.cardDecks = cardDecks
        self.order = order
        self.starts = starts
        self.existing = existing
        self.scheduler = scheduler
        limit = now.timeIntervalSince1970
        self.dueDates = dueDates
        self.totals = totals
        boxes = Array(repeating: (0, 0), count: answers.count)
        states = Array(repeating: nil, count: cards.count)
        fixes = Array(repeating: [], count: cards.count)
    }

    /// Replays every card.
    mutating func run() {
        var rows: [Row] = []
        var deckNumbers: [String: Int32] = [:]
        for position in cards.indices {
            let number = Int(cards[position])
            rows.removeAll(keepingCapacity: true)
            if !existing.isEmpty { rows.append(contentsOf: existing[position]) }
            for index in order[starts[number]..<starts[number + 1]] {
                let answer = answers[Int(index)]
                rows.append(
                    Row(
                        time: answer.time, device: answer.device, seq: answer.seq, answer: answer.answer,
                        mode: answer.mode, isRepeat: answer.isRepeat, boxBefore: 0, boxAfter: Int(answer.box),
                        line: index, rowID: 0, seconds: answer.seconds.isNaN ? nil : answer.seconds))
            }
            // Replay order: time, then device, then sequence (lines of one file usually come in order).
            let names = self.names
            let inOrder = { (lhs: Row, rhs: Row) -> Bool in
                if lhs.time != rhs.time { return lhs.time < rhs.time }
                if lhs.device != rhs.device { return names[lhs.device] < names[rhs.device] }
                return lhs.seq < rhs.seq
            }
            var sorted = true
            for index in rows.indices.dropFirst() where inOrder(rows[index], rows[index - 1]) {
                sorted = false
                break
            }
            if !sorted { rows.sort(by: inOrder) }

            let deckName = cardDecks[number]
            let deck: Int32
            if let known = deckNumbers[deckName] {
                deck = known
            } else {
                deck = totals.deck(deckName)
                deckNumbers[deckName] = deck
            }
            var state: CardState?
            var changed: [Fix] = []
            for row in rows {
                let (before, after) = scheduler.replayStep(
                    row.answer, mode: row.mode, isRepeat: row.isRepeat, time: row.time,
                    logged: (row.boxBefore, row.boxAfter), state: &state, limit: limit, dueDates: &dueDates)
                if row.line >= 0 {
                    boxes[Int(row.line)] = (UInt8(before), UInt8(after))
                    totals.add(
                        deck: deck, time: row.time, answer: row.answer, seconds: row.seconds,
                        recallBox: Review.measuresRecall(mode: row.mode, isRepeat: row.isRepeat, boxBefore: before)
                            ? before : nil)
                } else if before != row.boxBefore || after != row.boxAfter {
                    changed.append(Fix(row: row, before: before, after: after))
                }
            }
            states[position] = state
            fixes[position] = changed
        }
    }
}
