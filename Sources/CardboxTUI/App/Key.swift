/// A key press, as the terminal or a key script delivers it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case enter, escape, tab, backTab
    case up, down, left, right
    case pageUp, pageDown, home, end
    case backspace, space, ctrlC
    case unknown

    /// Why a key script could not be read.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unknownName(String)
        case unterminated(String)

        public var description: String {
            switch self {
            case .unknownName(let name):
                "unknown key name <\(name)>; known names: \(Key.names.map { "<\($0.name)>" }.joined(separator: " "))"
            case .unterminated(let rest):
                "key name not closed with '>' in \"<\(rest)\"; write a literal '<' as <lt>"
            }
        }
    }

    /// Key names understood inside angle brackets (matched case-insensitively), first the canonical ones.
    static let names: [(name: String, key: Key)] = [
        ("Enter", .enter), ("Space", .space), ("Esc", .escape), ("Tab", .tab), ("S-Tab", .backTab),
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right), ("PgUp", .pageUp), ("PgDn", .pageDown),
        ("Home", .home), ("End", .end), ("BS", .backspace), ("C-c", .ctrlC), ("lt", .char("<")), ("gt", .char(">")),
    ]

    static let aliases: [String: Key] = [
        "return": .enter, "cr": .enter, "escape": .escape, "backtab": .backTab, "btab": .backTab,
        "pageup": .pageUp, "pagedown": .pageDown, "backspace": .backspace, "ctrl-c": .ctrlC,
    ]

    /// Reads a key script such as `jj<Enter><Space>y`: each character is a key, names in angle
    /// brackets are special keys (`<Enter> <Space> <Esc> <Tab> <S-Tab> <Up> <Down> <Left> <Right>
    /// <PgUp> <PgDn> <Home> <End> <BS> <C-c>`), `<lt>` is a literal `<`. A space is `Space`, a
    /// newline `Enter`.
    public static func parseKeys(_ text: String) throws -> [Key] {
        var keys: [Key] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<" {
                let rest = text[text.index(after: index)...]
                guard let close = rest.firstIndex(of: ">") else { throw ParseError.unterminated(String(rest)) }
                let name = String(rest[..<close])
                keys.append(try key(named: name))
                index = text.index(after: close)
                continue
            }
            switch character {
            case " ": keys.append(.space)
            case "\n", "\r", "\r\n": keys.append(.enter)
            case "\t": keys.append(.tab)
            default: keys.append(.char(character))
            }
            index = text.index(after: index)
        }
        return keys
    }

    static func key(named name: String) throws -> Key {
        let lower = name.lowercased()
        if let match = names.first(where: { $0.name.lowercased() == lower }) { return match.key }
        if let alias = aliases[lower] { return alias }
        throw ParseError.unknownName(name)
    }

    /// The character a printable key types (a space for `.space`), if any.
    var typedCharacter: Character? {
        switch self {
        case .char(let c): c
        case .space: " "
        default: nil
        }
    }
}
