import CardboxEngine
import XCTest

@testable import CardboxAnki

final class HTMLToMarkdownTests: XCTestCase {
    private func md(_ html: String) -> String { HTMLToMarkdown.convert(html) }

    func testInlineStyles() {
        XCTAssertEqual(
            md("a <b>bold </b>and <i>it</i> <u>under</u> <s>gone</s>"), "a **bold** and *it* *under* ~~gone~~")
        XCTAssertEqual(md("<strong><em>both</em></strong>"), "***both***")
    }

    func testBreaksEntitiesAndBlocks() {
        XCTAssertEqual(md("one<br>two<br/>"), "one\\\ntwo")
        XCTAssertEqual(md("a&nbsp;b &lt;tag&gt; &amp; &eacute;"), "a b \\<tag\\> \\& é")
        XCTAssertEqual(md("first<div>second</div><p>third</p>"), "first\n\nsecond\n\nthird")
    }

    func testListsUnclosedItemsAndNesting() {
        XCTAssertEqual(md("<ul><li>one<li>two</ul>"), "- one\n- two")
        XCTAssertEqual(md("<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>"), "1. a\n2. b\n    - c")
    }

    func testCodeLinksImagesAndDroppedElements() {
        XCTAssertEqual(md("<code>a*b</code>"), "`a*b`")
        XCTAssertEqual(md("<pre>let x = 1\nlet y = 2</pre>"), "```\nlet x = 1\nlet y = 2\n```")
        XCTAssertEqual(md("<a href=\"https://x.org/a b\">x</a>"), "[x](<https://x.org/a b>)")
        XCTAssertEqual(md("<img src=\"a.png\" alt=\"A\">"), "![A](a.png)")
        XCTAssertEqual(md("<script>alert(1)</script><style>p{}</style>kept"), "kept")
    }

    func testTextThatWouldBeDeckSyntaxStaysText() {
        XCTAssertEqual(md("# not a topic [not a gap] *x*"), "\\# not a topic \\[not a gap\\] \\*x\\*")
        XCTAssertEqual(md("intro<br>A: not an answer"), "intro\\\nA\u{2060}: not an answer")
        XCTAssertEqual(md("- not a list"), "\\- not a list")
        XCTAssertEqual(md("<h2>Heading</h2>text"), "**Heading**\n\ntext")
    }

    func testTableBecomesAGitHubTable() {
        XCTAssertEqual(
            md("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"),
            "| a | b |\n| --- | --- |\n| 1 | 2 |")
    }

    func testConvertedTextParsesAsOneCard() {
        // Whatever the field holds, the card keeps its two sides.
        let answer = md("x<br>A: y<br>Q: z<br>C: [w]<br># h<br>---")
        let parsed = DeckParser.parse(text: "Q: q\nA: \(answer)\n", path: "t.md")
        let cards = parsed.items.flatMap { item -> [Card] in
            if case let .cards(_, cards) = item { return cards }
            return []
        }
        XCTAssertEqual(cards.count, 1)
        XCTAssertEqual(parsed.items.count, 1, "no heading was made")
        XCTAssertTrue(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
    }

    func testClozeMarkers() {
        let marked = ClozeMarkers.mark("{{c1::a::hint}} and {{c2::b {{c3::inner}}}} and {{c4::}}")
        XCTAssertEqual(marked.numbers, [1, 2, 4])
        XCTAssertEqual(
            ClozeMarkers.gaps(in: HTMLToMarkdown.convert(marked.text)), "[c1::a::hint] and [c2::b inner] and ")
    }

    func testSoundsBecomeLinksToTheirFiles() {
        let text = HTMLToMarkdown.convert("Listen: [sound:hello world.mp3] and [sound:missing.mp3]")
        let linked = NoteConverter.soundLinks(in: text) { $0 == "hello world.mp3" ? "media/hello-world.mp3" : nil }
        XCTAssertEqual(linked, "Listen: [sound: hello world.mp3](media/hello-world.mp3) and \\[sound:missing.mp3\\]")
    }
}
