import Foundation

/// Runs the user's git in a folder, never asking for a password on the terminal.
struct GitRunner {
    /// What git printed and how it ended.
    struct Result {
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    /// Why a git command failed: the command and git's own message.
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var message: String
        var description: String { "\(command) failed:\n\(message)" }
    }

    var folder: String

    /// Runs `git ARGUMENTS` in `folder`; standard output and error together.
    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs `git ARGUMENTS` and throws git's message when it fails.
    @discardableResult
    func check(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        guard result.succeeded else {
            throw Failure(command: "git " + arguments.joined(separator: " "), message: result.output)
        }
        return result.output
    }

    /// True when `folder` is inside a git work tree.
    var isWorkTree: Bool {
        (try? run(["rev-parse", "--is-inside-work-tree"]))?.output == "true"
    }
}
