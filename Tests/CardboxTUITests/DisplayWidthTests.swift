import CardboxTestSupport
import XCTest

@testable import CardboxTUI

final class DisplayWidthTests: XCTestCase {
    func testASCII() {
        XCTAssertEqual(DisplayWidth.width(of: "hello, world"), 12)
        XCTAssertEqual(DisplayWidth.width(of: ""), 0)
    }

    func testCJKAndFullwidthTakeTwoCells() {
        XCTAssertEqual(DisplayWidth.width(of: "日本語"), 6)
        XCTAssertEqual(DisplayWidth.width(of: "한국어"), 6)
        XCTAssertEqual(DisplayWidth.width(of: "ＡＢ"), 4, "fullwidth Latin")
        XCTAssertEqual(DisplayWidth.width(of: "ｱｲ"), 2, "halfwidth katakana stays narrow")
        XCTAssertEqual(DisplayWidth.width(of: "a猫b"), 4)
    }

    func testEmoji() {
        XCTAssertEqual(DisplayWidth.width(of: "👍"), 2)
        XCTAssertEqual(DisplayWidth.width(of: "🗼🐈"), 4)
        XCTAssertEqual(DisplayWidth.width(of: "👩‍💻"), 2, "a ZWJ sequence is one picture")
        XCTAssertEqual(DisplayWidth.width(of: "👍🏽"), 2, "a skin-tone modifier adds nothing")
        XCTAssertEqual(DisplayWidth.width(of: "🇯🇵"), 2, "a flag")
    }

    func testCombiningMarksJoinersAndControlsTakeNoCells() {
        XCTAssertEqual(DisplayWidth.width(of: "e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.width(of: "a\u{200B}b"), 2, "zero-width space")
        XCTAssertEqual(DisplayWidth.width(of: Unicode.Scalar(0x200D)!), 0, "zero-width joiner")
        XCTAssertEqual(DisplayWidth.width(of: Unicode.Scalar(0xFE0F)!), 0, "variation selector")
        XCTAssertEqual(DisplayWidth.width(of: Unicode.Scalar(0x0301)!), 0)
        XCTAssertEqual(DisplayWidth.width(of: "\u{7}"), 0)
        XCTAssertEqual(DisplayWidth.width(of: "\u{1B}[31m"), 4, "ESC itself is 0, the rest printable")
        XCTAssertEqual(DisplayWidth.width(of: "\u{9F}"), 0, "C1 control")
    }

    func testTruncateNeverSplitsAWideCharacter() {
        XCTAssertEqual(DisplayWidth.truncate("日本語", to: 6), "日本語")
        XCTAssertEqual(DisplayWidth.truncate("日本語", to: 5), "日本…")
        XCTAssertEqual(DisplayWidth.truncate("日本語", to: 4), "日…")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 1), "a")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 0), "")
        XCTAssertEqual(DisplayWidth.prefix(of: "日本", fitting: 3).text, "日")
        XCTAssertEqual(DisplayWidth.prefix(of: "日本", fitting: 3).width, 2)
    }

    func testPadding() {
        XCTAssertEqual(DisplayWidth.padLeft("7", to: 3), "  7")
        XCTAssertEqual(DisplayWidth.padRight("猫", to: 4), "猫  ")
        XCTAssertEqual(DisplayWidth.padRight("abcdef", to: 4), "abc…")
    }

    func testPrintableASCIIAndMixedStringsAgreeWithTheClusterWalk() {
        XCTAssertEqual(DisplayWidth.width(of: "Topic 12 / Kinesis"), 18)
        XCTAssertEqual(DisplayWidth.width(of: "a\tb\u{7F}c"), 3, "control characters take no cell")
        XCTAssertEqual(DisplayWidth.width(of: "日本語 Japanese"), 15)
        XCTAssertEqual(DisplayWidth.width(of: "e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.width(of: ""), 0)
    }

    func testStringsWalkedByScalarHaveOneScalarPerCharacter() {
        // Where the scalar walk is taken, it must see the characters Swift's grapheme breaking sees.
        var random = CardboxTestSupport.SplitMix(seed: 11)
        let joiners: [UInt32] = [0x0D, 0x0A, 0x200D, 0xFE0F, 0x1F600, 0x1F1E6, 0x1F1EF, 0x301, 0x1100, 0x1161, 0x3099]
        func scalar() -> Unicode.Scalar {
            let value: UInt32 =
                switch Int.random(in: 0..<5, using: &random) {
                case 0: UInt32.random(in: 0...0x3100, using: &random)
                case 1: UInt32.random(in: 0x4DF0...0x4E10, using: &random)
                case 2: UInt32.random(in: 0xFF00...0xFFA0, using: &random)
                case 3: joiners.randomElement(using: &random)!
                default: UInt32.random(in: 0x20...0x7E, using: &random)
                }
            return Unicode.Scalar(value) ?? "?"
        }
        var walked = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) { text.unicodeScalars.append(scalar()) }
            guard DisplayWidth.isOneScalarPerCharacter(text) else { continue }
            walked += 1
            XCTAssertEqual(text.count, text.unicodeScalars.count, text.debugDescription)
            XCTAssertEqual(
                DisplayWidth.width(of: text), text.reduce(0) { $0 + DisplayWidth.width(of: $1) }, text.debugDescription)
        }
        XCTAssertGreaterThan(walked, 1_000)
        XCTAssertFalse(DisplayWidth.isOneScalarPerCharacter("e\u{301}"))
        XCTAssertFalse(DisplayWidth.isOneScalarPerCharacter("a\r\nb"))
        XCTAssertTrue(DisplayWidth.isOneScalarPerCharacter("│ 日本 ─ café… ✓"))
    }
}
