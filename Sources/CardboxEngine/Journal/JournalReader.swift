import Foundation

/// Reads the lines of other devices' journal files that were not read yet.
public enum JournalReader {
    /// New lines, where each file is now read up to, and a `file:line: what is wrong` warning per
    /// line that could not be read.
    public struct Batch: Sendable {
        public var lines = JournalLines()
        public var positions: [String: JournalPosition] = [:]
        public var warnings: [String] = []
    }

    /// Reads every journal in `folder` except `ownFile` from where `positions` say it was read up to.
    /// A file that shrank or whose bytes before that point changed is read again from the start; a
    /// last line without its newline is left for later. With `maxBytes`, at most that much of each file
    /// is read (whole lines; more when a single line is longer), and the rest on a later call.
    public static func read(
        folder: String, ownFile: String, positions: [String: JournalPosition], maxBytes: Int64? = nil
    ) -> Batch {
        var batch = Batch()
        for name in JournalFolder.journals(in: folder) where name != ownFile {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let size = JournalFile.size(path) else { continue }
            var position = positions[name] ?? JournalPosition(offset: 0, line: 0, tail: JournalFile.tailHash([]))
            if position.offset > size
                || (position.offset > 0 && (try? JournalFile.tailHash(path, before: position.offset)) != position.tail)
            {
                position = JournalPosition(offset: 0, line: 0, tail: JournalFile.tailHash([]))
            }
            guard size > position.offset else { continue }
            var bytes: [UInt8]
            var lastNewline: Int?
            do {
                let end = maxBytes.map { position.offset + max(1, $0) }
                bytes = try JournalFile.read(path, from: position.offset, to: end)
                lastNewline = bytes.lastIndex(of: 0x0A)
                if lastNewline == nil, let end, end < size {
                    // Not one whole line in the window: take the first line, however long.
                    bytes = try JournalFile.read(path, from: position.offset)
                    lastNewline = bytes.firstIndex(of: 0x0A)
                }
            } catch {
                batch.warnings.append("\(error)")
                continue
            }
            guard let lastNewline else { continue }
            var line = position.line
            bytes.withUnsafeBytes { buffer in
                var start = 0
                while start <= lastNewline {
                    let base = buffer.baseAddress!
                    let end = base.distance(to: UnsafeRawPointer(memchr(base + start, 0x0A, lastNewline + 1 - start)!))
                    line += 1
                    var lineEnd = end
                    if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    if lineEnd > start {
                        do {
                            try batch.lines.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd]))
                        } catch {
                            batch.warnings.append("\(path):\(line): \(error)")
                        }
                    }
                    start = end + 1
                }
            }
            let offset = position.offset + Int64(lastNewline) + 1
            // The 64 bytes before the new position, which may reach back before what was read now.
            let tail =
                lastNewline + 1 >= 64 || position.offset == 0
                ? JournalFile.tailHash(bytes[...lastNewline])
                : ((try? JournalFile.tailHash(path, before: offset)) ?? JournalFile.tailHash(bytes[...lastNewline]))
            batch.positions[name] = JournalPosition(offset: offset, line: line, tail: tail)
        }
        return batch
    }
}
