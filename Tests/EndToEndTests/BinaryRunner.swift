import CardboxTestSupport
import Foundation
import XCTest

/// Runs the built `cardbox` binary as a child process and collects its output.
struct BinaryRunner {
    /// Output and exit status of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary built beside the test bundle (SwiftPM puts both in the same folder).
    static var binary: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("cardbox").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/cardbox").path
    }

    /// The deck index cache of every binary run by these tests, removed when the test process exits.
    static let cacheFolder: String = {
        atexit { try? FileManager.default.removeItem(atPath: BinaryRunner.cacheFolder) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("cardbox-tests-cache-\(getpid())").path
    }()

    static var shippedContent: String { packageRoot.appendingPathComponent("Content").path }

    /// Runs cardbox with `arguments`, stdin from /dev/null, in `directory`.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> Result
    {
        try runProcess(binary, arguments, environment: environment, directory: directory)
    }

    /// Runs any program with stdin from /dev/null and collects its output and status.
    static func runProcess(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        // Deck index entries go to a folder of the test run's own, never the user's cache.
        env["XDG_CACHE_HOME"] = cacheFolder
        // Nor is a settings file of the user's read: a test that wants one names it.
        env["XDG_CONFIG_HOME"] = cacheFolder + "/config"
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        // Drain both pipes while the process runs so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder removed after the test.
    static func temporaryFolder(_ test: XCTestCase) throws -> URL {
        try TemporaryFolder.create(prefix: "cardbox-e2e") { test.addTeardownBlock($0) }
    }

    /// A fresh temporary folder for a test that drives the app in tmux; skips the test without tmux.
    static func tmuxTestFolder(_ test: XCTestCase) throws -> URL {
        try XCTSkipUnless(Tmux.isInstalled, Tmux.missing)
        return try temporaryFolder(test)
    }
}
