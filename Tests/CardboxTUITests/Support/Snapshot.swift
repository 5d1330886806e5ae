import Foundation
import XCTest

/// Compares `text` with the golden file `__Snapshots__/<name>.txt` beside the tests.
///
/// With `CARDBOX_RECORD_SNAPSHOTS=1` the file is (re)written and the assertion fails to report it, so a
/// recording run is never mistaken for a passing one; run again without the variable to check.
/// A missing golden file fails too. A mismatch fails with a line-by-line diff.
func assertSnapshot(
    _ text: String, named name: String? = nil, function: String = #function,
    file: StaticString = #filePath, line: UInt = #line
) {
    let testName = name ?? function.replacingOccurrences(of: "()", with: "")
    // The snapshots live in the test target's folder, whatever subfolder the calling test is in.
    var folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
    while folder.lastPathComponent != "CardboxTUITests", folder.pathComponents.count > 1 {
        folder = folder.deletingLastPathComponent()
    }
    let directory = folder.appendingPathComponent("__Snapshots__")
    let url = directory.appendingPathComponent("\(testName).txt")
    let actual = text + "\n"
    if ProcessInfo.processInfo.environment["CARDBOX_RECORD_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            XCTFail(
                "Recorded snapshot \(url.lastPathComponent); run again without CARDBOX_RECORD_SNAPSHOTS to check it",
                file: file, line: line)
        } catch {
            XCTFail("Could not record snapshot \(url.path): \(error)", file: file, line: line)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail(
            "Missing snapshot \(url.path); record it with CARDBOX_RECORD_SNAPSHOTS=1\n\(framed(text))",
            file: file, line: line)
        return
    }
    guard expected != actual else { return }
    XCTFail("Snapshot \(testName) differs:\n\(diff(expected: expected, actual: actual))", file: file, line: line)
}

/// A readable line diff: `-` expected, `+` actual, with row numbers; unchanged rows are shown as context.
func diff(expected: String, actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var out: [String] = []
    for row in 0..<max(old.count, new.count) {
        let a = row < old.count ? old[row] : nil
        let b = row < new.count ? new[row] : nil
        let number = String(format: "%3d", row)
        if a == b {
            out.append("  \(number) |\(a ?? "")")
        } else {
            if let a { out.append("- \(number) |\(a)") }
            if let b { out.append("+ \(number) |\(b)") }
        }
    }
    return out.joined(separator: "\n")
}

func framed(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "|\($0)" }.joined(separator: "\n")
}
