/// One row of a keymap: keys, the command each runs, and the help for them.
public struct KeyBinding: Sendable {
    /// The keys and the command each runs.
    public let keys: [(key: Key, command: Command)]
    /// The keys as the help overlay and README show them; `{up}`, `{down}`, `{left}`, `{right}`
    /// stand for the arrow glyphs.
    public let label: String
    /// What the keys do, for the help overlay.
    public let help: String
    /// The keys as the status line shows them (more compact than `label`).
    public let shortLabel: String
    /// What the keys do in a word or two, for the status line.
    public let short: String
    /// False for the keys left out of the help overlay (those of a screen that explains itself).
    public let inHelp: Bool

    init(
        _ label: String, _ help: String, keys: [(Key, Command)], short: String, shortLabel: String? = nil,
        inHelp: Bool = true
    ) {
        self.keys = keys.map { (key: $0.0, command: $0.1) }
        self.label = label
        self.help = help
        self.short = short
        self.shortLabel = shortLabel ?? label
        self.inHelp = inHelp
    }

    /// A binding whose keys all run `command`.
    init(
        _ label: String, _ help: String, _ keys: [Key], _ command: Command, short: String, shortLabel: String? = nil,
        inHelp: Bool = true
    ) {
        self.init(
            label, help, keys: keys.map { ($0, command) }, short: short, shortLabel: shortLabel, inHelp: inHelp)
    }

    /// True when one of the keys runs `command`.
    public func runs(_ command: Command) -> Bool { keys.contains { $0.command == command } }

    /// `template` with its arrow placeholders drawn in `glyphs`; any other `{` is kept as it is.
    static func draw(_ template: String, _ glyphs: Glyphs) -> String {
        // Most templates have no placeholder: the status bar draws several at every frame.
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        // Not Foundation's replacingOccurrences, which goes through NSString: the first frame's
        // hints cost a million instructions that way, most of it the bridge's first use.
        let placeholders = [
            ("{up}", glyphs.up), ("{down}", glyphs.down), ("{left}", glyphs.left), ("{right}", glyphs.right),
        ]
        var drawn = ""
        var rest = template[...]
        while let brace = rest.firstIndex(of: "{") {
            drawn += rest[..<brace]
            rest = rest[brace...]
            if let (name, glyph) = placeholders.first(where: { rest.hasPrefix($0.0) }) {
                drawn += glyph
                rest = rest.dropFirst(name.count)
            } else {
                drawn += "{"
                rest = rest.dropFirst()
            }
        }
        return drawn + rest
    }
}
