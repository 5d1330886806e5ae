import Foundation
import XCTest

/// Runs the Python scripts in Tests/AnkiScripts with the real Anki library from `.venv-anki/`
/// (made by `make anki-venv`, which `make test` runs first).
enum RealAnki {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv-anki/bin/python")
    static let scripts = root.appendingPathComponent("Tests/AnkiScripts")

    /// Runs `script` with `arguments`; fails the test (never skips it) when Anki is not installed.
    static func run(
        _ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line
    )
        throws -> String
    {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            XCTFail("the Anki library is not installed in .venv-anki; run `make anki-venv`", file: file, line: line)
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [scripts.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: outData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            XCTFail("\(script) failed: \(String(decoding: errData, as: UTF8.self))", file: file, line: line)
            throw CancellationError()
        }
        return text
    }

    /// Packages built once per test run by Tests/AnkiScripts/make_packages.py.
    nonisolated(unsafe) private static var built: URL?

    static func packages(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        if let built { return built }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cardbox-anki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try run("make_packages.py", [folder.path], file: file, line: line)
        built = folder
        return folder
    }

    /// The notes as Anki held them when it built the packages.
    static func summary() throws -> [[String: Any]] {
        let data = try Data(contentsOf: try packages().appendingPathComponent("summary.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["notes"] as? [[String: Any]] ?? []
    }
}
