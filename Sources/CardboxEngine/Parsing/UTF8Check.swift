import Foundation

/// Finds the first line holding bytes that are not valid UTF-8.
enum UTF8Check {
    /// 1-based line of the first invalid sequence, or nil when all of `bytes` is valid UTF-8.
    static func firstInvalidLine(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let offset = firstInvalidOffset(buffer) else { return nil }
            // Lines are counted only when something is wrong: a sequence never holds a newline.
            var line = 1
            for index in 0..<offset where buffer[index] == 0x0A { line += 1 }
            return line
        }
    }

    /// Offset of the first byte of the first invalid sequence, or nil when all of `buffer` is valid.
    /// ASCII, most of a deck, is skipped eight bytes at a time.
    static func firstInvalidOffset(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = buffer.count
        guard n > 0 else { return nil }
        let raw = UnsafeRawPointer(buffer.baseAddress!)
        var i = 0
        while i < n {
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = buffer[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            let lowest: UInt32
            switch b {
            case 0xC2...0xDF:
                length = 2
                lowest = 0x80
            case 0xE0...0xEF:
                length = 3
                lowest = 0x800
            case 0xF0...0xF4:
                length = 4
                lowest = 0x10000
            default: return i
            }
            guard i + length <= n else { return i }
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = buffer[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < lowest || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
