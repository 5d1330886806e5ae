import Foundation

/// Finds folded search terms in folded card text, comparing UTF-8 bytes with `memchr` and `memcmp`.
///
/// Both sides are folded the same way (`SearchFolding`), so a byte match is a text match; this is
/// what keeps typing in the search box fast on 100,000 cards.
public enum TextSearch {
    /// True when `text` contains every one of `terms`.
    public static func contains(_ text: String, all terms: [[UInt8]]) -> Bool {
        var text = text
        return text.withUTF8 { haystack in terms.allSatisfy { contains(haystack, $0) } }
    }

    /// True when `needle` occurs in `haystack`.
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count, let base = haystack.baseAddress else { return false }
        return needle.withUnsafeBufferPointer { needleBytes in
            var offset = 0
            let lastStart = haystack.count - needle.count
            while offset <= lastStart {
                guard let found = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + position, needleBytes.baseAddress!, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }

    /// True when every text matching `longer` also matches `shorter`: each of `shorter`'s terms lies
    /// within one of `longer`'s. Typing a letter usually narrows; a letter that merges into the one
    /// before it (a combining accent, say) may not, and then the search starts over.
    public static func narrows(_ shorter: String, to longer: String) -> Bool {
        let old = terms(of: shorter)
        let new = terms(of: longer)
        return old.allSatisfy { term in new.contains { $0.withUnsafeBufferPointer { contains($0, term) } } }
    }

    /// The folded terms of a query, as bytes.
    public static func terms(of query: String) -> [[UInt8]] {
        SearchFolding.fold(query).split(whereSeparator: \.isWhitespace).map { Array($0.utf8) }
    }
}
