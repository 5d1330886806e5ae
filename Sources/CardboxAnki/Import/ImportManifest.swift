import Foundation

/// What the last import wrote into a folder, by path and content hash, kept in
/// `.cardbox-import.json` so that a second import never overwrites a file edited since.
struct ImportManifest: Codable {
    static let fileName = ".cardbox-import.json"

    var version = 1
    /// Path relative to the import folder → hash of the bytes the import wrote there.
    var files: [String: String] = [:]

    static func load(from folder: URL) -> ImportManifest {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(fileName)),
            let manifest = try? JSONDecoder().decode(ImportManifest.self, from: data)
        else { return ImportManifest() }
        return manifest
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// 64-bit FNV-1a of the bytes, in hex: enough to tell an edited file from the one written.
    static func hash(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
