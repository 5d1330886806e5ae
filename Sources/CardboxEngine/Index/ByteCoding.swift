/// Appends little-endian integers and length-prefixed strings to a byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    // Byte by byte: appending the value's bytes as a collection costs a generic call per number,
    // and an entry writes several numbers a card.
    mutating func u32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    mutating func u64(_ value: UInt64) {
        u32(UInt32(truncatingIfNeeded: value))
        u32(UInt32(truncatingIfNeeded: value >> 32))
    }

    /// Overwrites the eight bytes at `offset` (written before) with `value`.
    mutating func set(_ value: UInt64, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
    }

    /// Overwrites the four bytes at `offset` (written before) with `value`.
    mutating func set(u32 value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 4), with: $0) }
    }

    /// Raw bytes, without a length.
    mutating func append(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    /// Runs `body` on the bytes written so far, which it may change in place.
    mutating func withUnsafeMutableBytes<T>(_ body: (UnsafeMutableRawBufferPointer) -> T) -> T {
        bytes.withUnsafeMutableBytes(body)
    }

    /// Length-prefixed raw bytes, read back with `ByteReader.stringBytes()`.
    mutating func bytes(_ value: [UInt8]) {
        u32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// Length-prefixed raw bytes (a string's UTF-8), read back with `ByteReader.stringBytes()`.
    mutating func bytes(_ value: UnsafeRawBufferPointer) {
        u32(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            u32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and throws `ByteReader.Truncated`.
struct ByteReader {
    /// The data ended before a value did.
    struct Truncated: Error {}

    // The readers are inlined by hand: every card of every entry is read through them at each start,
    // and the compiler stops inlining them into a long enough loop.

    private let buffer: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var remaining: Int { buffer.count - offset }

    @inline(__always)
    mutating func u8() throws -> UInt8 {
        guard remaining >= 1 else { throw Truncated() }
        defer { offset += 1 }
        return buffer[offset]
    }

    @inline(__always)
    mutating func u32() throws -> UInt32 {
        guard remaining >= 4 else { throw Truncated() }
        defer { offset += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    mutating func u64() throws -> UInt64 {
        guard remaining >= 8 else { throw Truncated() }
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The bytes of a length-prefixed string, without decoding them.
    @inline(__always)
    mutating func stringBytes() throws -> UnsafeRawBufferPointer {
        let count = Int(try u32())
        guard remaining >= count else { throw Truncated() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    mutating func string() throws -> String {
        String(decoding: try stringBytes(), as: UTF8.self)
    }
}
