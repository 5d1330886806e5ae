import Foundation

/// The shared folder's naming: `<device>.tsv` per device, and the `*.sync-conflict-*` copies Syncthing
/// makes of them, which are read like journals.
public enum JournalFolder {
    /// A device id: 16 lower-case hexadecimal digits.
    public static func isDeviceID<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A new random device id.
    public static func newDeviceID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The file a device writes.
    public static func fileName(device: String) -> String { device + ".tsv" }

    /// The device whose journal `name` is (or is a conflict copy of); nil for files that are not journals.
    public static func device(ofFile name: String) -> String? {
        guard name.hasSuffix(".tsv") else { return nil }
        let prefix = name.prefix(16)
        guard isDeviceID(prefix) else { return nil }
        let rest = name.dropFirst(16).dropLast(4)
        if rest.isEmpty || rest.hasPrefix(".sync-conflict-") { return String(prefix) }
        return nil
    }

    /// The journal files in `folder` (conflict copies included), sorted by name; none when it cannot be read.
    public static func journals(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { device(ofFile: $0) != nil }.sorted()
    }
}
