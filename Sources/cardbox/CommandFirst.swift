/// Moves a command's name given after the shared options to the front, so `cardbox --content DIR stats`
/// means what `cardbox stats --content DIR` means.
///
/// The argument parser only finds a command's name in first place; anywhere else the default command
/// (the full-screen app) reads it as a stray argument. Only the shared options come before a command
/// name, so the words before it are these options and their values.
enum CommandFirst {
    /// The shared options that take a value as the next argument.
    static let optionsWithValue = Set(StudyArguments.namesWithValue)

    /// `arguments` (without the program's name) with the first command name moved to the front, when it
    /// comes after options only; otherwise `arguments` unchanged.
    static func reordered(_ arguments: [String], commands: Set<String>) -> [String] {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" || !word.hasPrefix("-") {
                guard word != "--", commands.contains(word), index > 0 else { return arguments }
                var result = arguments
                result.remove(at: index)
                return [word] + result
            }
            index += optionsWithValue.contains(word) ? 2 : 1
        }
        return arguments
    }
}
