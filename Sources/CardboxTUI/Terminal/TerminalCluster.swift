import Foundation

/// What a cell's grapheme cluster becomes on a real terminal, where one curses cell holds a single
/// spacing character plus combining marks (`setcchar`), and terminals disagree on how wide a joined
/// emoji sequence is. The in-memory surface (and `cardbox render`) keeps the full cluster.
enum TerminalCluster {
    /// The scalars to draw for `text`: its first character, with only the marks that really combine
    /// with it. Joiners, variation selectors, emoji modifiers (skin tones), tags and every further
    /// spacing character are left out, so no terminal can draw a lone joiner or advance the cursor
    /// by more than the cell's width; the caller pads to the cell's width.
    static func drawable(_ text: String) -> [Unicode.Scalar] {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return [] }
        var out = [first]
        while let scalar = scalars.next() {
            guard isCombiningMark(scalar) else { break }
            out.append(scalar)
        }
        return out
    }

    /// A nonspacing or enclosing mark that is not one of the emoji-sequence controls.
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C, 0x200D: return false  // zero-width non-joiner and joiner
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF: return false  // variation selectors
        case 0x1F3FB...0x1F3FF: return false  // skin-tone modifiers
        case 0xE0000...0xE007F: return false  // tags (subdivision flags)
        case 0x20E3: return false  // the keycap, drawn only with its emoji
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// One ASCII character standing for `text` outside a UTF-8 locale, where the C library cannot
    /// print it: the typographic characters spelled plainly, accented letters without their accents,
    /// and `?` for anything else.
    static func ascii(_ text: String) -> Character {
        guard let first = text.unicodeScalars.first else { return "?" }
        if first.isASCII { return Character(first) }
        switch first {
        case "–", "—", "‐", "‑", "‒", "−", "─", "━": return "-"
        case "›", "»", "→", "▸", "▶": return ">"
        case "‹", "«", "←", "◂", "◀": return "<"
        case "“", "”", "„", "″": return "\""
        case "‘", "’", "‚", "′": return "'"
        case "…", "·", "•", "∙": return first == "•" ? "*" : "."
        case "×": return "x"
        case "↑", "▲": return "^"
        case "↓", "▼": return "v"
        case "│", "┃": return "|"
        case "\u{00A0}", "\u{2002}", "\u{2003}", "\u{2009}": return " "
        default: break
        }
        // Accented Latin letters: the base letter of the canonical decomposition.
        if let base = String(first).decomposedStringWithCanonicalMapping.unicodeScalars.first, base.isASCII,
            base.properties.isAlphabetic
        {
            return Character(base)
        }
        return "?"
    }
}
