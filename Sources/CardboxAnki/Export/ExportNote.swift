/// A note to write into an Anki collection.
struct ExportNote {
    /// The note types cardbox writes.
    enum Kind: Int, CaseIterable {
        case basic, reversed, cloze
    }

    var kind: Kind
    var guid: String
    /// Anki's deck name, `::` between levels.
    var deck: String
    /// Front and Back, or Text and Back Extra; HTML.
    var fields: [String]
    /// Card ordinals: 0 (and 1 for a reverse), or cloze number − 1.
    var ordinals: [Int]
    var tags: [String]
}
