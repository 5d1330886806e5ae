import Foundation

/// Where each line of a file starts, counted the way cmark-gfm counts them (`\n`, `\r\n` or `\r`).
struct SourceLines: Sendable {
    /// Byte offset of each line's first byte; line 1 is at index 0.
    private(set) var starts: [Int] = [0]
    let byteCount: Int

    init(_ bytes: [UInt8]) {
        byteCount = bytes.count
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if memchr(base, 0x0D, buffer.count) == nil {
                // Only `\n` ends lines (the usual file): `memchr` finds each one.
                var index = 0
                while index < buffer.count, let found = memchr(base + index, 0x0A, buffer.count - index) {
                    index = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                    starts.append(index)
                }
                return
            }
            var index = 0
            while index < buffer.count {
                let byte = buffer[index]
                index += 1
                if byte == 0x0A {
                    starts.append(index)
                } else if byte == 0x0D {
                    if index < buffer.count, buffer[index] == 0x0A { index += 1 }
                    starts.append(index)
                }
            }
        }
        self.starts = starts
    }

    var count: Int { starts.count }

    /// Byte offset where 1-based `line` starts; the end of the file past the last line.
    func start(ofLine line: Int) -> Int {
        line >= 1 && line <= starts.count ? starts[line - 1] : byteCount
    }

    /// The side-marker letter (`Q`, `R`, `A` or `C` followed by `:`) that opens `line` after blanks, if any.
    func marker(onLine line: Int, in bytes: [UInt8]) -> UInt8? {
        guard line >= 1 && line <= starts.count else { return nil }
        var index = Self.skippingBlanks(bytes, from: starts[line - 1])
        guard index + 1 < bytes.count else { return nil }
        let letter = bytes[index]
        index += 1
        guard SourceLines.isMarkerLetter(letter), bytes[index] == UInt8(ascii: ":") else { return nil }
        return letter
    }

    /// `Q`, `R`, `A` or `C`: the letters that, followed by `:`, open a card's side.
    static func isMarkerLetter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "Q") || byte == UInt8(ascii: "A") || byte == UInt8(ascii: "C") || byte == UInt8(ascii: "R")
    }

    /// True when `line` is an ATX heading: up to three spaces, one to six `#`, then a blank or the end.
    func isATXHeading(line: Int, in bytes: [UInt8]) -> Bool {
        guard line >= 1 && line <= starts.count else { return false }
        var index = starts[line - 1]
        var spaces = 0
        while index < bytes.count, bytes[index] == 0x20, spaces < 4 {
            index += 1
            spaces += 1
        }
        guard spaces < 4 else { return false }
        var hashes = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            index += 1
            hashes += 1
        }
        guard (1...6).contains(hashes) else { return false }
        return index == bytes.count || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index])
    }

    /// True when `line` holds nothing but spaces and tabs (a blank line to CommonMark).
    func isBlank(line: Int, in bytes: [UInt8]) -> Bool {
        guard line >= 1 && line <= starts.count else { return true }
        var index = starts[line - 1]
        let end = line < starts.count ? starts[line] : bytes.count
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
            index += 1
        }
        return true
    }

    /// The first offset at or after `index` that is not a space, a tab or a byte-order mark.
    static func skippingBlanks(_ bytes: [UInt8], from index: Int) -> Int {
        var index = index
        while index < bytes.count {
            if bytes[index] == 0x20 || bytes[index] == 0x09 {
                index += 1
            } else if index + 2 < bytes.count, bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF
            {
                index += 3
            } else {
                break
            }
        }
        return index
    }
}
