import XCTest

@testable import CardboxEngine

/// The whole-file byte scans of the first pass (the UTF-8 check, the `]:` scan) against a plain
/// byte-by-byte reading, for texts with the bytes in question at every offset, across the eight-byte
/// steps the scans take.
final class ByteScanTests: XCTestCase {
    /// The UTF-8 check read one byte at a time: the line of the first invalid sequence.
    private func referenceInvalidLine(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1 }
                i += 1
                continue
            }
            let length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            guard length > 0, i + length <= bytes.count else { return line }
            let lowest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                guard bytes[i + k] & 0xC0 == 0x80 else { return line }
                scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F)
            }
            if scalar < lowest || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return line }
            i += length
        }
        return nil
    }

    func testUTF8CheckFindsTheLineOfTheFirstInvalidSequenceAtEveryOffset() {
        let text = Array("Q: a\nA: bé東\n\n- x 😀 y\nplain words over eight bytes\n".utf8)
        let bad: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF5], [0x80], [0xE6, 0x9D]]
        XCTAssertNil(UTF8Check.firstInvalidLine(text))
        XCTAssertNil(UTF8Check.firstInvalidLine([]))
        for sequence in bad {
            for offset in 0...text.count {
                var bytes = text
                bytes.insert(contentsOf: sequence, at: offset)
                XCTAssertEqual(
                    UTF8Check.firstInvalidLine(bytes), referenceInvalidLine(bytes), "\(sequence) at \(offset)")
            }
        }
        XCTAssertEqual(UTF8Check.firstInvalidLine(Array("one\ntwo\nthree and more\n".utf8) + [0xFF]), 4)
    }

    func testLinkReferenceScanFindsAClosingBracketBeforeAColonAnywhere() {
        let text = Array("Q: [a] and [b](x) :\nA: ] : [c]\n".utf8)
        XCTAssertFalse(DeckSource.mayDefineLinkReferences(text))
        XCTAssertFalse(DeckSource.mayDefineLinkReferences(Array("]".utf8)))
        XCTAssertFalse(DeckSource.mayDefineLinkReferences(Array(":]".utf8)))
        for offset in 0...text.count {
            var bytes = text
            bytes.insert(contentsOf: Array("]:".utf8), at: offset)
            XCTAssertTrue(DeckSource.mayDefineLinkReferences(bytes), "at \(offset)")
        }
        XCTAssertTrue(DeckSource.mayDefineLinkReferences(Array("]:".utf8)))
        XCTAssertTrue(DeckSource.mayDefineLinkReferences(Array("text ends with ]]:".utf8)))
    }

    func testWordScansAgreeWithByteByByteReadingsAtEveryOffsetAndLength() {
        let text = Array("Q: Mixed CASE text, [Gap] @ ~Z` 東京 AZaz@[`{ and more words past eight bytes\n".utf8)
        for start in 0...text.count {
            for end in start...min(text.count, start + 20) {
                let slice = Array(text[start..<end])
                XCTAssertEqual(ByteWords.isASCII(slice), slice.allSatisfy { $0 < 0x80 }, "\(start)..<\(end)")
                var lowered = slice
                let ascii = lowered.withUnsafeMutableBufferPointer { ByteWords.lowercaseASCII($0) }
                XCTAssertEqual(ascii, slice.allSatisfy { $0 < 0x80 }, "\(start)..<\(end)")
                XCTAssertEqual(lowered, slice.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, "\(start)..<\(end)")
            }
        }
        for byte in 0...255 {
            let word = UInt64(byte) * 0x0101_0101_0101_0101
            let expected = UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) * 0x0101_0101_0101_0101
            XCTAssertEqual(ByteWords.lowercased(word), expected, "byte \(byte)")
        }
    }

    func testSingleSpacedTextsAreOnlyLowercasedAndNormalizeAsCardKeyDoesAtEveryOffset() {
        let texts = [
            "Q: What Does Option `--Flag` do? It ENABLES feature 12, see the manual here and there.",
            "two  spaces  Here and\tA tab, a\nnewline and an end space ",
            " Leading space and 東京の[首都圏] Words Then two spaces at the  end of the eighth byte",
            "x\u{01}y control and   three spaces, \r\n and more ASCII Words past eight bytes",
        ]
        for text in texts.map({ Array($0.utf8) }) {
            for start in 0...text.count {
                for end in start...min(text.count, start + 24) {
                    let slice = Array(text[start..<end])
                    let reference = CardKey.normalize(String(decoding: slice, as: UTF8.self))
                    var normalized: [UInt8] = [0x41]
                    StructuralText.normalize(slice, into: &normalized)
                    XCTAssertEqual(normalized, [0x41] + Array(reference.utf8), "\(start)..<\(end)")
                    guard !slice.isEmpty else { continue }
                    var lowered = slice
                    let single = lowered.withUnsafeMutableBufferPointer { ByteWords.lowercaseIfSingleSpaced($0) }
                    let expected =
                        slice.first != 0x20 && slice.last != 0x20 && !slice.contains { $0 < 0x20 }
                        && !zip(slice, slice.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
                    XCTAssertEqual(single, expected, "\(start)..<\(end)")
                    if single {
                        XCTAssertEqual(String(decoding: lowered, as: UTF8.self), reference, "\(start)..<\(end)")
                    }
                }
            }
        }
    }

    func testInlinePlainBytesAreThoseTheRendererReadsAsTextWhateverSurroundsThem() {
        let marks: Set<UInt8> = Set("!&*:<@W[\\]_`w~".utf8).union([0x7F, 0xEE])
        for byte in 0...255 {
            let value = UInt8(byte)
            XCTAssertEqual(StructuralInline.isPlain(value), value >= 0x20 && !marks.contains(value), "byte \(byte)")
            XCTAssertEqual(StructuralInline.plainTable[byte] == 1, StructuralInline.isPlain(value), "byte \(byte)")
        }
    }

    func testDecimalDigitsAndCopiesWithinABufferAreWrittenAsStringAndSlicesMakeThem() {
        for value in Array(0...1_200) + [9_999, 10_000, 123_456_789, Int(Int32.max)] {
            var written: [UInt8] = [0x23]
            StructuralText.appendDecimal(value, into: &written)
            XCTAssertEqual(String(decoding: written, as: UTF8.self), "#" + String(value))
        }
        let text = Array("questions back to back".utf8)
        for start in 0...text.count {
            for end in start...text.count {
                var copied = text
                StructuralText.appendCopy(of: start..<end, in: &copied)
                XCTAssertEqual(copied, text + text[start..<end], "\(start)..<\(end)")
            }
        }
    }

    func testKeyDigitsAreTheHashInLowerCaseHexAsCardKeyWritesThem() {
        var generator = SystemRandomNumberGenerator()
        var values: [UInt64] = [0, 1, 9, 10, 15, 16, 0xFFFF_FFFF, 0x1_0000_0000, .max, 0x0123_4567_89AB_CDEF]
        for _ in 0..<2_000 { values.append(generator.next()) }
        for value in values {
            var written: [UInt8] = []
            StructuralText.appendKey("q-", value, into: &written)
            XCTAssertEqual(String(decoding: written, as: UTF8.self), "q-" + CardKey.hex(value), "\(value)")
        }
    }
}
