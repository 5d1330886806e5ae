/// The keys of one mode: `update` dispatches from it, the status line takes its hints from it, and
/// the help overlay (and the README's keys table, which a test compares) list it.
public struct KeyMap: Sendable {
    /// The heading of the mode's section in the help overlay.
    public let title: String
    public let bindings: [KeyBinding]
    /// What any other key does (for example "any key goes back"), if anything: its help and command.
    public let otherKeys: (binding: KeyBinding, command: Command)?

    init(_ title: String, _ bindings: [KeyBinding], otherKeys: (KeyBinding, Command)? = nil) {
        self.title = title
        self.bindings = bindings
        self.otherKeys = otherKeys.map { (binding: $0.0, command: $0.1) }
    }

    /// The command `key` runs in this mode; `otherKeys`' command when no binding has the key.
    public func command(for key: Key) -> Command? {
        for binding in bindings {
            if let match = binding.keys.first(where: { $0.key == key }) { return match.command }
        }
        return otherKeys?.command
    }

    /// The binding that runs `command`.
    public func binding(for command: Command) -> KeyBinding? {
        bindings.first { $0.runs(command) } ?? (otherKeys?.command == command ? otherKeys?.binding : nil)
    }

    /// A status-line hint for `command`: its keys and short help (or `text` instead).
    func hint(_ command: Command, _ text: String? = nil, glyphs: Glyphs) -> (String, String)? {
        guard let binding = binding(for: command) else { return nil }
        return (KeyBinding.draw(binding.shortLabel, glyphs), text ?? binding.short)
    }
}
