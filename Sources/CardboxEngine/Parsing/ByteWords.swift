/// Scans and case folding of UTF-8 bytes eight at a time, for the structural first pass: the same
/// results as reading the bytes one by one, with a few instructions per word instead of per byte.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// True when every byte is ASCII (below 0x80).
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= count {
            seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        var tail: UInt8 = 0
        while index < count {
            tail |= base[index]
            index += 1
        }
        return seen & highs == 0 && tail < 0x80
    }

    /// `isASCII` of an array.
    static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { isASCII($0) } }

    /// Turns the ASCII capitals `A`–`Z` into small letters, leaving every other byte as it is, and
    /// tells whether every byte is ASCII (below 0x80), as `isASCII` would have before.
    @discardableResult
    static func lowercaseASCII(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeMutableRawPointer(base)
        let count = bytes.count
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            seen |= word
            let lowered = lowercased(word)
            if lowered != word { raw.storeBytes(of: lowered, toByteOffset: index, as: UInt64.self) }
            index += 8
        }
        var tail: UInt8 = 0
        while index < count {
            let byte = base[index]
            tail |= byte
            if byte >= 0x41 && byte <= 0x5A { base[index] = byte | 0x20 }
            index += 1
        }
        return seen & highs == 0 && tail < 0x80
    }

    /// Lowercases the ASCII capitals as `lowercaseASCII` does, and tells whether the text was already
    /// single-spaced: no byte below 0x20 (tabs, newlines and the other controls), no space first or
    /// last, and no two spaces in a row. Such a text is its own `CardKey.normalize` once lowercased.
    /// When it is not, some of its capitals may be left as they were.
    static func lowercaseIfSingleSpaced(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        if base[0] == 0x20 || base[count - 1] == 0x20 { return false }
        let raw = UnsafeMutableRawPointer(base)
        let spaces = 0x20 &* ones
        var index = 0
        // Set in the high bit of some byte when a byte below 0x20 or two spaces in a row were seen.
        var bad: UInt64 = 0
        // The high bit of the last byte of the word before, set when it was a space.
        var spaceBefore: UInt64 = 0
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let lowered = lowercased(word)
            if lowered != word { raw.storeBytes(of: lowered, toByteOffset: index, as: UInt64.self) }
            // Bytes below 0x20: the borrow of a subtraction may mark a byte after a marked one too,
            // but never marks a word with none.
            bad |= (word &- spaces) & ~word & highs
            // Exactly the spaces, one high bit each.
            let flipped = word ^ spaces
            let isSpace = ~(((flipped & ~highs) &+ ~highs) | flipped) & highs
            bad |= isSpace & (isSpace << 8 | spaceBefore)
            spaceBefore = isSpace >> 56
            index += 8
        }
        var previousSpace = spaceBefore != 0
        while index < count {
            let byte = base[index]
            if byte < 0x20 || (byte == 0x20 && previousSpace) { return false }
            previousSpace = byte == 0x20
            if byte >= 0x41 && byte <= 0x5A { base[index] = byte | 0x20 }
            index += 1
        }
        return bad == 0
    }

    /// Each byte of `word` from `A`–`Z` with 0x20 added. Every byte's low seven bits plus a constant
    /// stay below 0x100, so no carry crosses into the next byte: the top bit of each sum says whether
    /// that byte is at least `A`, and at least the byte after `Z`.
    @inline(__always)
    static func lowercased(_ word: UInt64) -> UInt64 {
        let low = word & ~highs
        let atLeastA = low &+ (0x80 - 0x41) &* ones
        let pastZ = low &+ (0x80 - 0x5B) &* ones
        let capitals = atLeastA & ~pastZ & ~word & highs
        return word | capitals >> 2
    }
}
