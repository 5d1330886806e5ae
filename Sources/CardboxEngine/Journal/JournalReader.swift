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
    /// last line without its newline is left for later.
    public static func read(folder: String, ownFile: String, positions: [String: JournalPosition]) -> Batch {
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
            let bytes: [UInt8]
            do {
                bytes = try JournalFile.read(path, from: position.offset)
            } catch {
                batch.warnings.append("\(error)")
                continue
            }
            guard let lastNewline = bytes.lastIndex(of: 0x0A) else { continue }
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
            batch.positions[name] = JournalPosition(
                offset: offset, line: line, tail: JournalFile.tailHash(bytes[...lastNewline]))
        }
        return batch
    }
}
