import CardboxAnki
import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

/// Anki's plain-text export, written by hand: headers, quoting, plain text and hostile deck names.
final class TextImportTests: XCTestCase {
    private func importText(_ text: String) throws -> (URL, CardCollection, AnkiImporter.Report) {
        let folder = try TemporaryFolder.create(prefix: "cardbox-text", cleanup: addTeardownBlock)
        let file = folder.appendingPathComponent("notes.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out/decks")
        let report = try AnkiImporter.run(file: file, into: out)
        return (out, ContentLoader.load(paths: [out.path]), report)
    }

    func testHeadersQuotingAndPlainText() throws {
        let (out, collection, report) = try importText(
            """
            #separator:Comma
            #html:false
            #deck:Vocabulary
            #columns:Front,Back,Tags
            "A ""quoted"" front","Line one
            Line two <not a tag> & more",word noun
            plain,text,

            """)
        XCTAssertEqual(report.notes, 2)
        XCTAssertEqual(collection.decks.map(\.title), ["Vocabulary"])
        XCTAssertEqual(collection.cards.map(\.question.plainText), ["A \"quoted\" front", "plain"])
        XCTAssertTrue(collection.cards[0].answer.plainText.hasPrefix("Line one"))
        XCTAssertTrue(collection.cards[0].answer.plainText.hasSuffix("Line two <not a tag> & more"))
        let deck = try String(contentsOf: out.appendingPathComponent("Vocabulary.md"), encoding: .utf8)
        XCTAssertTrue(deck.contains("A: Line one\\\nLine two \\<not a tag\\> \\& more"), deck)
        XCTAssertTrue(deck.contains("<!-- tags: word noun -->"), deck)
        XCTAssertFalse(collection.hasErrors, "\(collection.diagnostics)")
    }

    func testDeckNamesCannotLeaveTheFolder() throws {
        let (out, collection, _) = try importText(
            """
            #separator:tab
            #deck column:3
            Q1\tA1\t../../escape::../up
            Q2\tA2\t/etc/passwd
            Q3\tA3\t..::.hidden::a/b\\\\c

            """)
        XCTAssertEqual(collection.cards.count, 3)
        let parent = out.deletingLastPathComponent()
        let outside = try FileManager.default.contentsOfDirectory(atPath: parent.path)
        XCTAssertEqual(outside, ["decks"], "nothing beside the folder")
        let files = FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String } ?? []
        let components = files.flatMap { $0.split(separator: "/") }
        XCTAssertTrue(components.allSatisfy { $0 != ".." && $0 != "." && !$0.hasPrefix(".h") }, "\(files)")
        XCTAssertTrue(files.contains("-etc-passwd.md"), "\(files)")
    }

    func testUnclosedQuoteIsRefused() throws {
        XCTAssertThrowsError(try importText("#separator:tab\n\"open\\tx\n")) { error in
            XCTAssertTrue("\(error)".contains("notes.txt:2: quoted field is never closed"), "\(error)")
        }
    }
}
