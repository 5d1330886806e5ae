/// The small deck `cardbox init` writes: one of every part of the deck format, about a subject
/// anyone can check (the deck format itself, and a little geography).
public enum SampleDeck {
    /// The file name it is written under.
    public static let fileName = "sample-deck.md"

    public static let text = """
        ---
        title: Sample deck
        ---
        # How cards are written

        Q: Which marker starts a question card, and which one its answer?
        A: `Q:` starts the question and `A:` the answer. Either side may hold several paragraphs,
        lists, code and tables.

        C: A cloze hides each [gap] in turn, and a gap may carry a [hint::shown while hidden].

        R: Reverse card
        A: A card written with `R:` instead of `Q:`, asked both ways: each direction is its own card.

        ## Code and tables

        Q: How do you check a deck for problems?
        A: Run:

        ```sh
        cardbox check cards
        ```

        It prints each problem as `file:line: message`.

        Q: Which cloze syntax does what?
        A:

        | written | shows on the question side |
        | :--- | :--- |
        | `[Paris]` | `[...]` |
        | `[Paris::a capital]` | `[... a capital]` |
        | `[c1::Paris]` | `[...]`, with every other `c1` gap |

        # Geography

        R: Canberra
        A: The capital of Australia

        C: Gaps with one number share a card: [c1::Vienna] and [c1::Budapest] lie on the [c2::Danube::a river].

        Q: Whose table syntax do decks use?
        A: GitHub's: see the [GitHub Flavored Markdown spec](https://github.github.com/gfm/#tables-extension-).
        """
}
