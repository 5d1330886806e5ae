/// How to start the user's editor at a file and line: `$VISUAL`, else `$EDITOR`, else `vi`, run
/// through `sh -c` so that a value with arguments (`code --wait`, `emacsclient -t`) works.
///
/// The line is passed the way the editor reads it: `+LINE FILE` for vi, vim, nvim, nano, emacs,
/// micro, helix, kakoune and any editor not listed (the old Unix convention); `-g FILE:LINE` for
/// Visual Studio Code and its forks; `FILE:LINE` for Sublime Text and Zed.
public struct EditorCommand: Hashable, Sendable {
    /// The editor as the variable gives it (a shell command line).
    public var editor: String
    /// Arguments after the editor's own: the line and the file, as the editor wants them.
    public var arguments: [String]

    /// Editors that take `-g FILE:LINE`.
    static let gotoFlag: Set<String> = ["code", "code-insiders", "codium", "vscodium", "cursor", "windsurf"]
    /// Editors that take `FILE:LINE`.
    static let fileColonLine: Set<String> = ["subl", "sublime_text", "zed", "zeditor"]

    public init(environment: [String: String], file: String, line: Int) {
        let chosen = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }
            .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        editor = chosen ?? "vi"
        let name = Self.programName(editor)
        let line = max(1, line)
        if Self.gotoFlag.contains(name) {
            arguments = ["-g", "\(file):\(line)"]
        } else if Self.fileColonLine.contains(name) {
            arguments = ["\(file):\(line)"]
        } else {
            arguments = ["+\(line)", file]
        }
    }

    /// The program's base name: the first word of the command line (after `VAR=value` assignments
    /// and an `env`), without its folder.
    static func programName(_ command: String) -> String {
        for word in words(command) where word != "env" && !word.contains("=") {
            return String(word.split(separator: "/").last ?? Substring(word))
        }
        return ""
    }

    /// The command line's words, with single and double quotes and backslashes read as the shell does
    /// (enough to find the program's name; the shell itself runs the command).
    static func words(_ command: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                word.append(character)
                escaped = false
            } else if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The process to start: `/bin/sh -c 'EDITOR "$@"' sh ARGUMENTS…`; the file and line are
    /// positional parameters, never pasted into the command text, so no file name can run as a command.
    public var argv: [String] { ["/bin/sh", "-c", editor + " \"$@\"", "sh"] + arguments }
}
