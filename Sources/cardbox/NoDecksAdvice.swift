import CardboxEngine
import Foundation

/// What every command says when no deck file was found: each place looked at, in the order decks
/// are looked for, and how to add a deck.
enum NoDecksAdvice {
    /// The lines to print. `paths` are paths named on the command line instead of the settings, if any.
    static func lines(settings: EffectiveSettings, paths: [String] = []) -> [String] {
        var out = ["cardbox: no decks found. Looked in:"]
        if !paths.isEmpty {
            for path in paths { out.append("  \(path): \(status(of: path))") }
        } else {
            let content = settings.content
            func describe(_ label: String, matches: (EffectiveSettings.Origin) -> Bool, unset: String) {
                if matches(content.origin) {
                    for path in content.value { out.append("  \(label) \(path): \(status(of: path))") }
                } else {
                    out.append("  \(label): \(unset)")
                }
            }
            describe(
                "--content", matches: { if case .flag = $0 { true } else { false } }, unset: "not given")
            describe(
                "$CARDBOX_CONTENT", matches: { if case .environment = $0 { true } else { false } }, unset: "not set")
            describe(
                "settings file (\(settings.fileLocation)) content",
                matches: { if case .file = $0 { true } else { false } }, unset: "not set")
            if case .standard = content.origin {
                for path in standardCandidates() { out.append("  \(path): \(status(of: path))") }
            }
        }
        out.append(
            "Add a deck: `cardbox init` writes a sample deck to ./cards (then run `cardbox --content cards`),"
                + " or put Markdown decks (*.md) in ./Content or name them with --content PATH.")
        return out
    }

    /// `./Content`, then the decks installed beside the binary.
    static func standardCandidates() -> [String] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/cardbox/Content").path
        return ["./Content", installed]
    }

    private static func status(of path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no such file or folder"
        }
        return isDirectory.boolValue ? "no deck files (*.md) in this folder" : "not a deck file"
    }
}
