import CardboxEngine
import XCTest

/// Reverse cards (`R:`), numbered cloze gaps that share one card, gap hints, and card families.
final class CardFormsTests: XCTestCase {
    func testReverseCardMakesTwoSiblingCards() {
        let c = Fixtures.collection(
            """
            # Services
            R: Amazon Kinesis Data Firehose
            A: Loads streaming data into S3, Redshift or OpenSearch without code.
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 2)
        let (forward, backward) = (c.cards[0], c.cards[1])
        XCTAssertEqual(forward.kind, .basic)
        XCTAssertEqual(backward.kind, .reversed)
        XCTAssertEqual(forward.question.plainText, "Amazon Kinesis Data Firehose")
        XCTAssertEqual(backward.question.plainText, forward.answer.plainText)
        XCTAssertEqual(backward.answer.plainText, forward.question.plainText)
        XCTAssertNotEqual(forward.key, backward.key)
        XCTAssertEqual(forward.family, backward.family)
        XCTAssertEqual(backward.source.line, 2)
        XCTAssertTrue(backward.key.hasPrefix("r-"))
    }

    func testForwardDirectionKeepsTheKeyOfTheQuestionCard() {
        let question = Fixtures.collection("Q: Amazon SageMaker Clarify\nA: Bias and explainability.")
        let reverse = Fixtures.collection("R: Amazon SageMaker Clarify\nA: Bias and explainability.")
        XCTAssertEqual(question.cards[0].key, reverse.cards[0].key)
        XCTAssertEqual(question.cards[0].family, question.cards[0].key)
    }

    func testPinnedReverseCard() {
        let c = Fixtures.collection("<!-- id: firehose -->\nR: Firehose\nA: Delivery stream")
        XCTAssertEqual(c.cards.map(\.key), ["firehose", "firehose-r"])
        XCTAssertEqual(Set(c.cards.map(\.family)), ["firehose"])
    }

    func testReverseWithoutAnswerIsReported() {
        let c = Fixtures.collection("R: Lonely\n\nQ: Next\nA: ok")
        XCTAssertEqual(c.diagnostics.map(\.description), ["deck.md:1: R: without A:"])
        XCTAssertEqual(c.cards.count, 1)
    }

    func testNumberedGapsShareOneCard() {
        let c = Fixtures.collection("C: [c1::Kinesis] streams and [c2::Firehose] delivers; [c1::Kinesis] replays.")
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 2)
        XCTAssertEqual(c.cards[0].question.plainText, "[...] streams and Firehose delivers; [...] replays.")
        XCTAssertEqual(c.cards[0].answer.plainText, "Kinesis streams and Firehose delivers; Kinesis replays.")
        XCTAssertEqual(c.cards[1].question.plainText, "Kinesis streams and [...] delivers; Kinesis replays.")
        XCTAssertEqual(c.cards[0].kind, .cloze(gap: 0, gapCount: 2))
        XCTAssertTrue(c.cards[0].key.hasSuffix("-1"))
        XCTAssertTrue(c.cards[1].key.hasSuffix("-2"))
        XCTAssertEqual(c.cards[0].family, c.cards[1].family)
    }

    func testNumbersNeedNotBeConsecutiveAndKeyUsesTheNumber() {
        let c = Fixtures.collection("C: [c3::a] and [c5::b]")
        XCTAssertEqual(c.cards.count, 2)
        XCTAssertTrue(c.cards[0].key.hasSuffix("-3"))
        XCTAssertTrue(c.cards[1].key.hasSuffix("-5"))
    }

    func testNumberingGapsTheWayTheyAlreadyAreKeepsKeys() {
        let plain = Fixtures.collection("C: [a] and [b]")
        let numbered = Fixtures.collection("C: [c1::a] and [c2::b]")
        let hinted = Fixtures.collection("C: [a::first letter] and [b]")
        XCTAssertEqual(plain.cards.map(\.key), numbered.cards.map(\.key))
        XCTAssertEqual(plain.cards.map(\.key), hinted.cards.map(\.key))
    }

    func testHintShowsInTheHiddenGap() {
        let c = Fixtures.collection("C: SageMaker's [Clarify::bias tool] finds bias; [Debugger] watches training.")
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(
            c.cards[0].question.plainText, "SageMaker's [... bias tool] finds bias; Debugger watches training.")
        XCTAssertEqual(c.cards[0].answer.plainText, "SageMaker's Clarify finds bias; Debugger watches training.")
        XCTAssertEqual(c.cards[1].question.plainText, "SageMaker's Clarify finds bias; [...] watches training.")
    }

    func testNumberAndHintTogether() {
        let c = Fixtures.collection("C: [c1::Paris::a capital] is in [c2::France]")
        XCTAssertEqual(c.cards[0].question.plainText, "[... a capital] is in France")
        XCTAssertEqual(c.cards[1].answer.plainText, "Paris is in France")
    }

    func testCodeSpanInGapKeepsItsColons() {
        let c = Fixtures.collection("C: In C++ write [`std::vector`] for a growable array.")
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards[0].answer.plainText, "In C++ write std::vector for a growable array.")
    }

    func testClozeNumberingProblemsAreReported() {
        let cases: [(String, String)] = [
            ("C: [c1::a] and [b]", "cloze mixes numbered gaps [c1::…] with unnumbered ones; number every gap or none"),
            ("C: [c0::a]", "cloze gap number c0 must be c1 to c100"),
            ("C: [c101::a]", "cloze gap number c101 must be c1 to c100"),
            ("C: [c1::]", "empty cloze gap []"),
            ("C: [::hint]", "empty cloze gap []"),
        ]
        for (text, message) in cases {
            let c = Fixtures.collection(text)
            XCTAssertEqual(c.diagnostics.map(\.message), [message], text)
            XCTAssertEqual(c.cards.count, 0, text)
        }
    }

    func testPlainCardIsItsOwnFamilyAndClozeGapsShareOne() {
        let c = Fixtures.collection("Q: one\nA: two\n\nC: [x] and [y]\n\n<!-- id: pin -->\nC: [p] [q]")
        XCTAssertEqual(c.cards[0].family, c.cards[0].key)
        XCTAssertEqual(c.cards[1].family, c.cards[2].family)
        XCTAssertNotEqual(c.cards[0].family, c.cards[1].family)
        XCTAssertEqual(c.cards[3].family, "pin")
        XCTAssertEqual(c.cards[4].family, "pin")
    }

    func testReverseCardsSurviveTheIndexAndDeferredText() throws {
        let text = "# T\nR: front\nA: back\n\nC: [c1::a] [c2::b::hint] [c1::c]\n"
        let held = Fixtures.collection(text)
        let loaded = CollectionBuilder.build(files: [ContentLoader.parse(bytes: Array(text.utf8), path: "deck.md")])
        XCTAssertEqual(held.cards, loaded.cards)
        XCTAssertEqual(
            loaded.cards.map(\.kind), [.basic, .reversed, .cloze(gap: 0, gapCount: 2), .cloze(gap: 1, gapCount: 2)])
        XCTAssertEqual(loaded.cards[1].question.plainText, "back")
        XCTAssertEqual(loaded.cards[3].question.plainText, "a [... hint] c")
    }
}
