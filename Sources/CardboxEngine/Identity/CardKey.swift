/// Makes the stable key a card's progress is stored under.
///
/// Basic cards: `q-` and a 64-bit FNV-1a hash of the normalized question. The reverse direction of an
/// `R:` card: `r-` and the same hash (a pinned id gets `-r`). Cloze cards: `c-`, the hash of the
/// normalized text with its brackets, and the card number. A pinned id replaces the hash.
public enum CardKey {
    /// Lower-cased text with runs of white space folded to one space and the ends trimmed.
    public static func normalize(_ text: String) -> String {
        var text = text
        let ascii = text.withUTF8 { bytes -> String? in
            // The common case, plain ASCII, folded byte by byte.
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    out.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        if let ascii { return ascii }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        // Scalars, not Characters: grapheme breaking is the slow part of walking a String.
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    public static func basic(normalizedQuestion: String, pinnedID: String?) -> String {
        if let pinnedID { return pinnedID }
        return "q-" + hex(fnv1a(normalizedQuestion))
    }

    public static func cloze(normalizedText: String, gap: Int, pinnedID: String?) -> String {
        (pinnedID ?? ("c-" + hex(fnv1a(normalizedText)))) + "-\(gap + 1)"
    }

    /// The key of the answer-to-question direction of an `R:` card.
    public static func reversed(normalizedQuestion: String, pinnedID: String?) -> String {
        if let pinnedID { return pinnedID + "-r" }
        return "r-" + hex(fnv1a(normalizedQuestion))
    }

    /// See `Card.family`.
    static func family(of key: String, kind: Card.Kind) -> String {
        switch kind {
        case .basic:
            return key
        case .reversed:
            if key.hasSuffix("-r") { return String(key.dropLast(2)) }
            return key.hasPrefix("r-") ? "q-" + key.dropFirst(2) : key
        case .cloze:
            guard let dash = key.lastIndex(of: "-") else { return key }
            return String(key[..<dash])
        }
    }

    /// The gap suffix of a cloze key (`-3`), or nil for a basic card's key; matching keeps kinds apart.
    static func gapSuffix(of key: String) -> Substring? {
        guard key.hasPrefix("c-"), let dash = key.lastIndex(of: "-") else { return nil }
        return key[dash...]
    }

    /// `fnv1a` over raw UTF-8 bytes (an index entry's stored question), without making a String.
    static func fnv1a(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
