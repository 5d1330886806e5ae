import Foundation

/// Fresh folders for tests. Free of XCTest, so that the benchmark can link this module too: a test
/// passes its `addTeardownBlock` as `cleanup`.
public enum TemporaryFolder {
    /// Creates a new empty folder named `prefix-<UUID>` in the system's temporary folder and hands its
    /// removal to `cleanup`.
    public static func create(
        prefix: String = "cardbox-test", cleanup: (@escaping @Sendable () -> Void) -> Void
    ) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        cleanup { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
