/// Similarity of two texts as the Dice coefficient of their character bigrams (0 ... 1).
public enum TextSimilarity {
    public static func dice(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let x = bigrams(a)
        let y = bigrams(b)
        guard !x.isEmpty || !y.isEmpty else { return 1 }
        var counts: [UInt64: Int] = [:]
        for gram in x { counts[gram, default: 0] += 1 }
        var shared = 0
        for gram in y where (counts[gram] ?? 0) > 0 {
            counts[gram]! -= 1
            shared += 1
        }
        return 2 * Double(shared) / Double(x.count + y.count)
    }

    static func bigrams(_ text: String) -> [UInt64] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2 else { return scalars.map { UInt64($0.value) } }
        return (0..<(scalars.count - 1)).map { UInt64(scalars[$0].value) << 32 | UInt64(scalars[$0 + 1].value) }
    }
}
