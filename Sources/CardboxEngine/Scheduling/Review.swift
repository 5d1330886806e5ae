import Foundation

/// The learner's verdict on one card.
public enum Answer: String, Hashable, Sendable, CaseIterable {
    case gotIt = "got"
    case missed = "missed"
}

/// How a session picks cards and whether its answers move boxes.
public enum StudyMode: String, Hashable, Sendable, CaseIterable {
    /// Due cards plus new ones; answers move boxes.
    case study
    /// Cards falling due within the next days, asked early; answers move boxes as in study.
    case ahead
    /// Cards whose latest answer was "missed", ignoring due dates; boxes stay.
    case missed
    /// Every card of a topic, ignoring due dates; boxes stay.
    case cram
    /// Reading cards without grading.
    case browse
    /// Progress brought in from another program (Anki's review history): the row's `boxAfter` is
    /// the box the card is put in, at the row's time (`LeitnerScheduler.state(after:from:)`).
    case imported = "import"
}

/// One row of the append-only review log: what was answered, when, and how the box changed.
public struct Review: Hashable, Sendable {
    /// Row id in the progress store; nil until stored.
    public var id: Int64?
    public var deck: String
    public var cardKey: String
    public var time: Date
    public var answer: Answer
    /// Box before the answer; 0 for a card never reviewed.
    public var boxBefore: Int
    /// Box after the answer; 0 when the card stays new (a cram answer on a new card).
    public var boxAfter: Int
    public var mode: StudyMode
    /// A re-ask inside the same session after a miss: logged; it schedules nothing, though a right
    /// answer takes the card off the missed list.
    public var isRepeat: Bool
    /// Time spent on the card, from showing it to the grade, in seconds (at most `longestAnswer`);
    /// nil when it was not measured (answers logged before durations were kept, imports).
    public var seconds: Double? {
        didSet {
            if let seconds, !(0...Self.longestAnswer).contains(seconds) {
                self.seconds = min(max(0, seconds), Self.longestAnswer)
            }
        }
    }

    /// The longest an answer is counted as taking: a card left on screen while the learner is away
    /// would otherwise swamp the time spent.
    public static let longestAnswer: Double = 300

    /// The seconds from `shown` to `graded`, capped to `0...longestAnswer` (a clock set back counts as 0).
    public static func answerSeconds(shown: Date, graded: Date) -> Double {
        min(max(0, graded.timeIntervalSince(shown)), longestAnswer)
    }

    /// True for answers that measure recall at a box's interval: graded study or study-ahead answers
    /// of a reviewed card, not in-session repeats (cram and missed review leave boxes alone).
    public var measuresRecall: Bool { Self.measuresRecall(mode: mode, isRepeat: isRepeat, boxBefore: boxBefore) }

    /// `measuresRecall` of an answer with these values.
    public static func measuresRecall(mode: StudyMode, isRepeat: Bool, boxBefore: Int) -> Bool {
        (mode == .study || mode == .ahead) && !isRepeat && boxBefore >= 1
    }

    /// The card the answer was for.
    public var card: CardID { CardID(deck: deck, key: cardKey) }

    public init(
        id: Int64? = nil, deck: String, cardKey: String, time: Date, answer: Answer, boxBefore: Int,
        boxAfter: Int, mode: StudyMode, isRepeat: Bool, seconds: Double? = nil
    ) {
        self.id = id
        self.deck = deck
        self.cardKey = cardKey
        self.time = time
        self.answer = answer
        self.boxBefore = boxBefore
        self.boxAfter = boxAfter
        self.mode = mode
        self.isRepeat = isRepeat
        self.seconds = seconds.map { min(max(0, $0), Self.longestAnswer) }
    }
}
