import Foundation
import Synchronization
import XCTest

@testable import CardboxTUI

/// Work beside the UI thread runs at a lower priority, and only its own thread does.
final class BackgroundThreadTests: XCTestCase {
    func testTheWorkRunsLowerAndTheCallerKeepsItsPriority() {
        let before = BackgroundThread.priority
        let seen = Mutex<Int32?>(nil)
        let done = expectation(description: "the work ran")
        BackgroundThread.start("test") {
            seen.withLock { $0 = BackgroundThread.priority }
            done.fulfill()
        }
        wait(for: [done], timeout: 10)
        XCTAssertNotEqual(before, -100)
        XCTAssertEqual(seen.withLock { $0 }, min(19, before + BackgroundThread.niceness))
        XCTAssertEqual(BackgroundThread.priority, before, "the calling thread keeps its priority")
    }
}
