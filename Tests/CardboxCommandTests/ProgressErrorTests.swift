import CardboxEngine
import Foundation
import XCTest

@testable import cardbox

/// The one-line messages for unusable progress files say what to run, and the command runs as printed.
final class ProgressErrorTests: XCTestCase {
    func testResetAdviceIsTheFullCommandQuotedForTheShell() {
        XCTAssertEqual(
            ProgressError.cannotOpen(path: "/s/progress.sqlite", reason: "it is not an SQLite database").adviceMessage,
            "cannot open progress file /s/progress.sqlite: it is not an SQLite database; "
                + "to move it aside and start fresh run: cardbox --progress /s/progress.sqlite --reset-progress")
        XCTAssertTrue(
            ProgressError.notCardbox(path: "/tmp/my notes.db").adviceMessage
                .hasSuffix("cardbox --progress '/tmp/my notes.db' --reset-progress"))
        XCTAssertTrue(
            ProgressError.notCardbox(path: "/tmp/it's.db").adviceMessage
                .hasSuffix("cardbox --progress '/tmp/it'\\''s.db' --reset-progress"))
        XCTAssertFalse(
            ProgressError.cannotWrite(path: "/ro/p.sqlite", reason: "the file is not writable").adviceMessage
                .contains("--reset-progress"), "moving a file aside does not help where nothing can be written")
    }
}
