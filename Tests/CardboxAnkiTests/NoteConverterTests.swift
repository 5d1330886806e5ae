import XCTest

@testable import CardboxAnki

final class NoteConverterTests: XCTestCase {
    private let cloze = AnkiCollection.Notetype(
        id: 5, name: "Image Occlusion", isCloze: true,
        fieldNames: ["Occlusion", "Image", "Header", "Back Extra", "Comments"],
        questionFormats: ["{{cloze:Occlusion}}"])

    func testImageOcclusionShowsTheImage() throws {
        var converter = NoteConverter(mediaFiles: ["brain.png"])
        let note = AnkiCollection.Note(
            id: 7, guid: "g", notetypeID: 5,
            fields: [
                "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4:oi=1}}", "<img src=\"brain.png\">",
                "Name the lobe", "Frontal", "",
            ], tags: [])
        let cards = [AnkiCollection.Card(id: 1, noteID: 7, deckID: 1, ordinal: 0, interval: 0)]
        let imported = try converter.convert(
            note, pinnedID: "anki-7", notetype: cloze, cards: cards, decks: [1: "Anatomy::Brain"])
        XCTAssertEqual(
            imported.markdown, "<!-- id: anki-7 -->\nQ: ![](../media/brain.png)\n\nName the lobe\n\nA: Frontal\n")
        XCTAssertEqual(converter.mediaNames.used, ["brain.png": "brain.png"])
    }

    func testOtherNoteTypesAskTheFirstFieldAndAnswerWithTheRest() throws {
        var converter = NoteConverter(mediaFiles: [])
        let vocabulary = AnkiCollection.Notetype(
            id: 9, name: "Vocab", isCloze: false, fieldNames: ["Word", "Meaning", "Example"],
            questionFormats: ["{{Word}}"])
        let note = AnkiCollection.Note(
            id: 8, guid: "g", notetypeID: 9, fields: ["Hund", "dog", "Der Hund bellt."], tags: ["de"])
        let imported = try converter.convert(
            note, pinnedID: "anki-8", notetype: vocabulary,
            cards: [AnkiCollection.Card(id: 1, noteID: 8, deckID: 1, ordinal: 0, interval: 0)], decks: [1: "German"])
        XCTAssertEqual(imported.deck, "German")
        XCTAssertEqual(
            imported.markdown, "<!-- id: anki-8 -->\nQ: Hund\nA: dog\n\nDer Hund bellt.\n\n<!-- tags: de -->\n")
    }
}
