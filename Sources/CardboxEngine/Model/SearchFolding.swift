import Foundation

/// Folds text for case- and diacritic-insensitive search.
public enum SearchFolding {
    public static func fold(_ text: String) -> String {
        // Plain ASCII, the common case, only needs lower-casing; Foundation's folding is far slower.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// A card's searchable text: both sides without styles, folded.
    public static func fold(question: StyledText, answer: StyledText) -> String {
        fold(question.plainText + "\n" + answer.plainText)
    }
}
