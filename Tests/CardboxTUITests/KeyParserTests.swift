import XCTest

@testable import CardboxTUI

final class KeyParserTests: XCTestCase {
    func testCharactersAndNamedKeys() throws {
        XCTAssertEqual(try Key.parseKeys("jj<Enter><Space>y"), [.char("j"), .char("j"), .enter, .space, .char("y")])
        XCTAssertEqual(
            try Key.parseKeys("<Esc><Tab><S-Tab><Up><Down><Left><Right><PgUp><PgDn><Home><End><BS><C-c>"),
            [.escape, .tab, .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .backspace, .ctrlC])
        XCTAssertEqual(try Key.parseKeys(""), [])
    }

    func testNamesIgnoreCaseAndHaveAliases() throws {
        XCTAssertEqual(
            try Key.parseKeys("<enter><ESC><Return><Escape><PageDown><backspace>"),
            [.enter, .escape, .enter, .escape, .pageDown, .backspace])
    }

    func testLiteralAngleBracketsSpacesAndNewlines() throws {
        XCTAssertEqual(try Key.parseKeys("<lt>a>"), [.char("<"), .char("a"), .char(">")])
        XCTAssertEqual(try Key.parseKeys("a b\n"), [.char("a"), .space, .char("b"), .enter])
        XCTAssertEqual(try Key.parseKeys("猫"), [.char("猫")])
    }

    func testUnknownNameIsAClearError() {
        XCTAssertThrowsError(try Key.parseKeys("j<Foo>k")) { error in
            XCTAssertEqual(error as? Key.ParseError, .unknownName("Foo"))
            XCTAssertTrue(
                "\(error)".hasPrefix("unknown key name <Foo>; known names: <Enter> <Space> <Esc>"), "\(error)")
        }
    }

    func testUnclosedNameIsAnError() {
        XCTAssertThrowsError(try Key.parseKeys("a<b")) { error in
            XCTAssertEqual(error as? Key.ParseError, .unterminated("b"))
        }
    }

    func testTerminalCharactersMapToKeys() {
        XCTAssertEqual(TerminalKeys.character(13), .enter)
        XCTAssertEqual(TerminalKeys.character(10), .enter)
        XCTAssertEqual(TerminalKeys.character(27), .escape)
        XCTAssertEqual(TerminalKeys.character(9), .tab)
        XCTAssertEqual(TerminalKeys.character(127), .backspace)
        XCTAssertEqual(TerminalKeys.character(3), .ctrlC)
        XCTAssertEqual(TerminalKeys.character(32), .space)
        XCTAssertEqual(TerminalKeys.character(0x732B), .char("猫"))
        XCTAssertEqual(TerminalKeys.character(1), .unknown)
    }
}
