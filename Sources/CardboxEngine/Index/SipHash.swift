/// SipHash-1-3 (one compression round a word, three to finish), a keyed 64-bit pseudo-random function:
/// the seal of index entries (`IndexSealKey`).
///
/// Without the 128-bit key, no one can tell what a message hashes to, nor make two messages that
/// hash alike: unlike `FastHash`, a value someone wrote down cannot be matched by changed bytes.
/// The same function Swift's and Python's hash tables use against chosen keys.
enum SipHash {
    /// The hash of `buffer` under `key`, the 8-byte word at `zeroedWord` (a multiple of 8 inside the
    /// buffer, or -1 for none) taken as zeros: an entry's seal is hashed with its own place empty.
    static func hash13(_ buffer: UnsafeRawBufferPointer, key: IndexSealKey, zeroedWord: Int = -1) -> UInt64 {
        var state = State(key: key)
        let count = buffer.count
        var offset = count & ~7
        // The words before the zeroed one, a zero, and the words after: no test in the loops.
        if zeroedWord >= 0, zeroedWord & 7 == 0, zeroedWord < offset {
            state.compress(buffer, from: 0, to: zeroedWord)
            state.compress(0)
            state.compress(buffer, from: zeroedWord + 8, to: offset)
        } else {
            state.compress(buffer, from: 0, to: offset)
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        var shift: UInt64 = 0
        while offset < count {
            last |= UInt64(buffer[offset]) << shift
            shift += 8
            offset += 1
        }
        state.compress(last)
        return state.finish()
    }

    private struct State {
        var v0: UInt64
        var v1: UInt64
        var v2: UInt64
        var v3: UInt64

        init(key: IndexSealKey) {
            v0 = key.k0 ^ 0x736F_6D65_7073_6575
            v1 = key.k1 ^ 0x646F_7261_6E64_6F6D
            v2 = key.k0 ^ 0x6C79_6765_6E65_7261
            v3 = key.k1 ^ 0x7465_6462_7974_6573
        }

        @inline(__always)
        mutating func round() {
            v0 &+= v1
            v1 = rotate(v1, 13)
            v1 ^= v0
            v0 = rotate(v0, 32)
            v2 &+= v3
            v3 = rotate(v3, 16)
            v3 ^= v2
            v0 &+= v3
            v3 = rotate(v3, 21)
            v3 ^= v0
            v2 &+= v1
            v1 = rotate(v1, 17)
            v1 ^= v2
            v2 = rotate(v2, 32)
        }

        @inline(__always)
        mutating func compress(_ word: UInt64) {
            v3 ^= word
            round()
            v0 ^= word
        }

        /// Compresses the words from byte `start` up to byte `end` (both multiples of 8, in `buffer`).
        @inline(__always)
        mutating func compress(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) {
            guard let base = buffer.baseAddress else { return }
            var offset = start
            while offset < end {
                compress(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset &+= 8
            }
        }

        @inline(__always)
        mutating func finish() -> UInt64 {
            v2 ^= 0xFF
            round()
            round()
            round()
            return v0 ^ v1 ^ v2 ^ v3
        }

        @inline(__always)
        private func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
            value << bits | value >> (64 - bits)
        }
    }
}
