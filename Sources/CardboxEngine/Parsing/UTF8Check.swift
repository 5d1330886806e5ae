/// Finds the first line holding bytes that are not valid UTF-8.
enum UTF8Check {
    /// 1-based line of the first invalid sequence, or nil when all of `bytes` is valid UTF-8.
    static func firstInvalidLine(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1 }
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
            default: return line
            }
            guard i + length <= n else { return line }
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return line }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < lowest || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return line }
            i += length
        }
        return nil
    }
}
