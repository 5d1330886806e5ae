import Foundation

/// Folds text for case- and diacritic-insensitive search.
public enum SearchFolding {
    public static func fold(_ text: String) -> String {
        // Plain ASCII, the common case, only needs lower-casing, byte by byte; Foundation's folding is
        // far slower.
        var text = text
        let ascii = text.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for index in bytes.indices {
                    let byte = bytes[index]
                    buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return bytes.count
            }
        }
        return ascii
            ?? text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// A card's searchable text: both sides without styles, folded.
    public static func fold(question: StyledText, answer: StyledText) -> String {
        fold(question.plainText + "\n" + answer.plainText)
    }
}
