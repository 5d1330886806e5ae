/// What the app shows when no deck was found: where it looked (each place in the order decks are
/// looked for) and how to add a deck. Decks added while it is shown appear by themselves.
public enum WelcomePane {
    /// One paragraph of the screen: its text, its style, and how far it is indented.
    private struct Paragraph {
        var text: String
        var role: Theme.Role
        var indent = 0
    }

    /// The screen's lines wrapped to `width`, `looked` being one line per place looked at.
    static func lines(looked: [String], width: Int, theme: Theme) -> [[TextRun]] {
        // How to add a deck comes first: on a small screen it is what must be seen.
        let dash = theme.glyphs.dash
        var paragraphs = [
            Paragraph(text: "Welcome to cardbox. No decks were found; to add one:", role: .heading),
            Paragraph(
                text: "cardbox init \(dash) writes a sample deck to ./cards; study it with cardbox --content cards",
                role: .text, indent: 2),
            Paragraph(
                text: "cardbox --content DIR \(dash) studies the Markdown decks (*.md) in DIR", role: .text, indent: 2),
            Paragraph(
                text: "or put decks in ./Content (the format: docs/CONTENT-FORMAT.md, installed in share/doc/cardbox)",
                role: .text, indent: 2),
            Paragraph(text: "", role: .text),
            Paragraph(text: "Looked in:", role: .text),
        ]
        for place in looked {
            paragraphs.append(Paragraph(text: String(place.drop { $0 == " " }), role: .muted, indent: 2))
        }
        paragraphs += [
            Paragraph(text: "", role: .text),
            Paragraph(text: "A deck saved where cardbox looks appears here by itself. q quits.", role: .muted),
        ]
        var lines: [[TextRun]] = []
        for paragraph in paragraphs {
            guard !paragraph.text.isEmpty else {
                lines.append([])
                continue
            }
            let indent = String(repeating: " ", count: paragraph.indent)
            for (index, line) in TextWrapper().wrap(plain: paragraph.text, width: max(1, width - paragraph.indent))
                .enumerated()
            {
                // Lines after the first are indented two more, so each entry reads as one.
                let prefix = index == 0 ? indent : indent + "  "
                lines.append([TextRun(prefix + line.plainText, theme.style(paragraph.role))])
            }
        }
        return lines
    }

    /// Draws the welcome screen into `rect`.
    public static func render<S: Surface>(looked: [String], into surface: inout S, rect: Rect, theme: Theme) {
        surface.drawBox(rect, title: "cardbox", focused: true, theme: theme)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: max(0, rect.width - 4), height: max(0, rect.height - 2))
        let shown = lines(looked: looked, width: inner.width - 2, theme: theme)
        PaneText.draw(shown, in: inner, scroll: 0, box: rect, theme: theme, into: &surface)
    }
}
