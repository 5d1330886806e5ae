import Foundation

/// Identifies the build of the code that parses decks, so that an index written by another build
/// (with perhaps another parser) is never trusted.
///
/// It is the size, modification time and inode of the binary image holding this code (the
/// executable, or a test bundle), found in `/proc/self/maps`, mixed with the cache format version.
enum BuildStamp {
    static let current: UInt64 = {
        let image = imagePath(containing: UInt(bitPattern: #dsohandle)) ?? "/proc/self/exe"
        var info = stat()
        guard stat(image, &info) == 0 else { return 0 }
        let parts: [UInt64] = [
            UInt64(DeckIndexCodec.formatVersion), UInt64(info.st_size), UInt64(info.st_ino),
            UInt64(bitPattern: Int64(info.st_mtim.tv_sec)), UInt64(info.st_mtim.tv_nsec),
        ]
        return parts.withUnsafeBytes { FastHash.hash($0) }
    }()

    /// The file mapped at `address`, read from `/proc/self/maps` (`start-end perms offset dev inode path`).
    static func imagePath(containing address: UInt) -> String? {
        guard let maps = FileBytes.read("/proc/self/maps") else { return nil }
        for line in maps.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
            guard fields.count >= 6, let dash = fields[0].firstIndex(of: UInt8(ascii: "-")),
                let low = UInt(String(decoding: fields[0][..<dash], as: UTF8.self), radix: 16),
                let high = UInt(String(decoding: fields[0][(dash + 1)...], as: UTF8.self), radix: 16),
                low <= address, address < high
            else { continue }
            let path = String(decoding: Array(fields[5...].joined(separator: [UInt8(ascii: " ")])), as: UTF8.self)
            return path.hasPrefix("/") ? path : nil
        }
        return nil
    }
}
