/// Finds, among fixed texts, those whose bigram Dice similarity (`TextSimilarity.dice`) with a
/// query reaches a threshold, with far less work per pair than `dice` itself.
///
/// Each text's bigrams are made a set by numbering repeats ("ab" twice is ab#1, ab#2), packed into
/// one integer each without collision, and kept sorted: the Dice coefficient is then
/// 2·|X∩Y| / (|X|+|Y|), with |X∩Y| counted by merging two sorted lists, no allocation per pair.
/// A length filter skips every text whose bigram count cannot reach the threshold with the
/// query's (Dice ≤ 2·shorter / (shorter + longer)): texts are ordered by length and only the window
/// of lengths that can match is visited.
struct SimilarTextFinder {
    private let threshold: Double
    private let texts: [String]
    /// Each text's tokens in ascending order.
    private let sortedTokens: [[UInt64]]
    /// Text slots ordered by token count, and those counts, for the length window.
    private let byLength: [Int]
    private let lengths: [Int]

    init(texts: [String], threshold: Double) {
        self.threshold = threshold
        self.texts = texts
        let sortedTokens = texts.map { Self.tokens($0).sorted() }
        self.sortedTokens = sortedTokens
        let order = texts.indices.sorted { (sortedTokens[$0].count, $0) < (sortedTokens[$1].count, $1) }
        byLength = order
        lengths = order.map { sortedTokens[$0].count }
    }

    /// The texts at least `threshold` similar to `query`, with their similarity, in text order.
    func matches(for query: String) -> [(slot: Int, similarity: Double)] {
        var compared = 0
        return matches(for: query, compared: &compared)
    }

    /// `matches(for:)`, adding to `compared` the number of texts compared token by token.
    func matches(for query: String, compared: inout Int) -> [(slot: Int, similarity: Double)] {
        let queryTokens = Self.tokens(query).sorted()
        let count = queryTokens.count
        // Lengths n with 2·min(n, count) / (n + count) ≥ threshold, widened by one for rounding.
        let low = Int((Double(count) * threshold / (2 - threshold)).rounded(.down)) - 1
        let high = Int((Double(count) * (2 - threshold) / threshold).rounded(.up)) + 1
        var found: [(slot: Int, similarity: Double)] = []
        var position = firstPosition(withLengthAtLeast: max(0, low))
        while position < lengths.count, lengths[position] <= high {
            let slot = byLength[position]
            position += 1
            let other = sortedTokens[slot]
            let total = count + other.count
            compared += 1
            if total > 0 {
                let shared = Self.sharedCount(queryTokens, other)
                guard 2 * Double(shared) / Double(total) >= threshold else { continue }
            }
            // The reported similarity is `dice` itself, as the matcher always used.
            let similarity = TextSimilarity.dice(query, texts[slot])
            if similarity >= threshold { found.append((slot, similarity)) }
        }
        return found.sorted { $0.slot < $1.slot }
    }

    /// The first position in `lengths` holding at least `length` (binary search).
    private func firstPosition(withLengthAtLeast length: Int) -> Int {
        var low = 0
        var high = lengths.count
        while low < high {
            let middle = (low + high) / 2
            if lengths[middle] < length { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many tokens two ascending lists share.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0
        var j = 0
        var shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// The text's bigrams with repeats numbered, as `TextSimilarity.dice` counts them: a bigram is
    /// two 21-bit scalars, so the repeat number fits above them without any collision.
    static func tokens(_ text: String) -> [UInt64] {
        var seen: [UInt64: UInt64] = [:]
        return TextSimilarity.bigrams(text).map { gram in
            let repeatIndex = seen[gram, default: 0]
            seen[gram] = repeatIndex + 1
            let packed = (gram >> 32) << 21 | (gram & 0x1F_FFFF)
            return packed | repeatIndex << 42
        }
    }
}
