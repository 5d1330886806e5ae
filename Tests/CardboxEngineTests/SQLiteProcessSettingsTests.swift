import CardboxEngine
import XCTest

/// SQLite's process-wide settings can only be made before SQLite is first used; later, nothing changes
/// and the caller is told so (the app makes them first thing, before any thread or connection).
final class SQLiteProcessSettingsTests: XCTestCase {
    func testSettingsAreRefusedOnceSQLiteIsInUse() throws {
        let store = try ProgressStore()
        XCTAssertEqual(try store.reviewCount(), 0)
        XCTAssertFalse(SQLiteProcessSettings.apply())
        // The store goes on working after the refused call.
        XCTAssertEqual(try store.reviewCount(), 0)
    }
}
