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
            let parsed = parse(bytes, through: lastNewline, path: path, firstLine: position.line)
            batch.lines.append(parsed.lines)
            batch.warnings += parsed.warnings
            let line = parsed.lastLine
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

    /// From how many bytes a file's lines are parsed in two halves at once, one on another thread.
    static let parallelBytes = 1 << 22

    /// The lines of `bytes[...end]` (`end` is a newline), the first numbered `firstLine + 1`: what they
    /// hold, a warning per line that could not be read, and the number of the last. Many bytes are
    /// parsed in two halves at once, split at a newline; the second half's texts join the first's table.
    static func parse(
        _ bytes: [UInt8], through end: Int, path: String, firstLine: Int, parallelBytes: Int = parallelBytes
    ) -> (lines: JournalLines, warnings: [String], lastLine: Int) {
        let middle = end / 2
        guard end >= parallelBytes,
            let split = bytes[middle...end].firstIndex(of: 0x0A), split < end
        else {
            let part = parse(bytes, from: 0, through: end)
            return (
                part.lines, part.warnings.map { "\(path):\(firstLine + $0.line): \($0.text)" }, firstLine + part.count
            )
        }
        let second = ParsedPart.Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { [bytes] in
            second.part = parse(bytes, from: split + 1, through: end)
        }
        var first = parse(bytes, from: 0, through: split)
        group.wait()
        let rest = second.part ?? parse(bytes, from: split + 1, through: end)
        first.lines.append(rest.lines)
        let warnings =
            first.warnings.map { "\(path):\(firstLine + $0.line): \($0.text)" }
            + rest.warnings.map { "\(path):\(firstLine + first.count + $0.line): \($0.text)" }
        return (first.lines, warnings, firstLine + first.count + rest.count)
    }

    /// The lines of one stretch of a file: what they hold, the warnings by line number within it, how
    /// many lines it has.
    struct ParsedPart: Sendable {
        var lines = JournalLines()
        var warnings: [(line: Int, text: String)] = []
        var count = 0

        /// Where another thread leaves its part (read after it is done).
        final class Box: @unchecked Sendable {
            var part: ParsedPart?
        }
    }

    /// Parses `bytes[start...end]`, `end` being a newline.
    private static func parse(_ bytes: [UInt8], from start: Int, through end: Int) -> ParsedPart {
        var part = ParsedPart()
        bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            var start = start
            while start <= end {
                let lineEnd = base.distance(to: UnsafeRawPointer(memchr(base + start, 0x0A, end + 1 - start)!))
                part.count += 1
                var textEnd = lineEnd
                if textEnd > start && buffer[textEnd - 1] == 0x0D { textEnd -= 1 }
                if textEnd > start {
                    do {
                        try part.lines.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<textEnd]))
                    } catch {
                        part.warnings.append((part.count, "\(error)"))
                    }
                }
                start = lineEnd + 1
            }
        }
        return part
    }
}
