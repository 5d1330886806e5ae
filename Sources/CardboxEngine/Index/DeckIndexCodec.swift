import Foundation

/// The binary form of one deck file's index: what parsing found, without the card text.
///
///     "CBXI"  format version u32  build stamp u64  content hash u64  content length u64
///     the file's device u64, inode u64, mtime and ctime (ns) u64, when it was read (ns) u64
///     search texts' offset u64  search texts' hash u64  seal u64             (96 bytes in all)
///     path  title flag u8 [title]
///     diagnostics u32 × (line u32, severity u8, message)
///     normalized questions (one string, back to back)
///     items u32 × (0, level u8, line u32, title) | (1, line u32, start u32, end u32,
///                  cards u32 × (key, kind u8, gap count u32, question start u32, question end u32,
///                               search start u32, search end u32))
///     (kind: 0 basic, 1 cloze, 2 the reverse direction of an `R:` card)
///     search texts (every card's, back to back, up to the checksum)
///     checksum u64 of everything before the search texts
///
/// Integers are little-endian; strings are a u32 byte count and UTF-8. The search texts come last,
/// outside the checksum and with a hash of their own, so that a start reads and checks everything
/// but them; they are read on the first search. The seal is the SipHash-1-3 under the user's
/// `IndexSealKey` of everything before the search texts, its own eight bytes taken as zeros (zero
/// when written without a key); the checksum covers the seal.
enum DeckIndexCodec {
    /// Raise whenever the layout above or the meaning of a parse changes.
    static let formatVersion: UInt32 = 7
    static let magic: UInt32 = 0x4958_4243  // "CBXI" read little-endian
    /// The bytes before the path: everything a start checks before it decodes the rest.
    static let fixedHeaderSize = 96
    /// Where the search texts' offset sits in the fixed header.
    static let searchStartOffset = 72
    /// Where the seal sits in the fixed header.
    static let sealOffset = 88

    /// What the fixed header of an entry says.
    struct Header {
        var stamp: UInt64
        var contentHash: UInt64
        var contentLength: Int
        /// The deck file's `stat` when it was read for this entry (nil: not recorded).
        var file: FileStamp?
        /// When (ns since 1970) the file was read: its times must be safely older to be trusted.
        var readAt: Int64
        var searchStart: Int
        var searchHash: UInt64
        /// The entry's seal (`seal(of:key:)`), zero when it was written without a key.
        var seal: UInt64

        /// Reads the fixed header at the start of `bytes`; nil when they are not this format's.
        init?(_ bytes: UnsafeRawBufferPointer) {
            var reader = ByteReader(bytes)
            guard (try? reader.u32()) == DeckIndexCodec.magic, (try? reader.u32()) == DeckIndexCodec.formatVersion,
                let stamp = try? reader.u64(), let contentHash = try? reader.u64(),
                let length = try? reader.u64(), length < UInt64(Int.max),
                let device = try? reader.u64(), let inode = try? reader.u64(), let modified = try? reader.u64(),
                let changed = try? reader.u64(), let readAt = try? reader.u64(),
                let searchStart = try? reader.u64(), let searchHash = try? reader.u64(),
                let seal = try? reader.u64(), searchStart >= UInt64(DeckIndexCodec.fixedHeaderSize),
                searchStart < UInt64(Int.max)
            else { return nil }
            self.stamp = stamp
            self.contentHash = contentHash
            contentLength = Int(length)
            self.readAt = Int64(bitPattern: readAt)
            file =
                readAt == 0
                ? nil
                : FileStamp(
                    size: Int64(length), modified: Int64(bitPattern: modified), changed: Int64(bitPattern: changed),
                    inode: inode, device: device, isFolder: false)
            self.searchStart = Int(searchStart)
            self.searchHash = searchHash
            self.seal = seal
        }
    }

    /// The deck file's stamp and read time as an entry records them (zeros when not recorded).
    static func writeFileStamp(_ file: FileStamp?, readAt: Int64, into writer: inout ByteWriter) {
        writer.u64(file?.device ?? 0)
        writer.u64(file?.inode ?? 0)
        writer.u64(UInt64(bitPattern: file?.modified ?? 0))
        writer.u64(UInt64(bitPattern: file?.changed ?? 0))
        writer.u64(file == nil ? 0 : UInt64(bitPattern: readAt))
    }

    /// The entry for `file`, or nil when some card's text is held parsed (it has no place in the file).
    /// `fileStamp` is the file's `stat` taken when its content was read, at `readAt` (ns since 1970):
    /// a later start trusts the file unread while its `stat` stays the same (`DeckIndexCache`).
    /// With a `sealKey` the entry is sealed with it (`seal(of:key:)`).
    static func encode(
        _ file: ParsedDeckFile, contentHash: UInt64, contentLength: Int, stamp: UInt64, fileStamp: FileStamp? = nil,
        readAt: Int64 = 0, sealKey: IndexSealKey? = nil
    ) -> [UInt8]? {
        if case let .table(table, headings) = file.layout {
            return encode(
                file, table: table, headings: headings, contentHash: contentHash, contentLength: contentLength,
                stamp: stamp, fileStamp: fileStamp, readAt: readAt, sealKey: sealKey)
        }
        let cards = file.cardList
        var source: DeckSource?
        for number in 0..<cards.count {
            guard case let .deferred(place) = cards[number].sides, source == nil || source === place.source else {
                return nil
            }
            source = place.source
        }
        // Room for the whole entry, which holds about the file's size in search texts and a third of
        // it in questions: growing it would copy it again and again.
        var writer = ByteWriter(capacity: 64 * 1024 + 2 * contentLength)
        writer.u32(magic)
        writer.u32(formatVersion)
        writer.u64(stamp)
        writer.u64(contentHash)
        writer.u64(UInt64(contentLength))
        writeFileStamp(fileStamp, readAt: readAt, into: &writer)
        // The search texts' offset and hash and the seal, filled in once they are written.
        writer.u64(0)
        writer.u64(0)
        writer.u64(0)
        writer.string(DeckIndexCache.absolute(file.path))
        writer.u8(file.title == nil ? 0 : 1)
        if let title = file.title { writer.string(title) }
        writer.u32(UInt32(file.diagnostics.count))
        for diagnostic in file.diagnostics {
            writer.u32(UInt32(clamping: diagnostic.location.line))
            writer.u8(diagnostic.severity == .error ? 0 : 1)
            writer.string(diagnostic.message)
        }
        if let source { source.questions.withUnsafeBytes { writer.bytes($0) } } else { writer.bytes([]) }
        // The item count, filled in once the items are written.
        let itemCountOffset = writer.bytes.count
        writer.u32(0)
        var itemCount: UInt32 = 0
        var writable = true
        file.walk { level, title, line in
            itemCount += 1
            writer.u8(0)
            writer.u8(UInt8(clamping: level))
            writer.u32(UInt32(clamping: line))
            writer.string(title)
        } cards: { line, numbers in
            itemCount += 1
            guard writable, let first = numbers.first, case let .deferred(place) = cards[first].sides else {
                writable = false
                return
            }
            writer.u8(1)
            writer.u32(UInt32(clamping: line))
            writer.u32(place.start)
            writer.u32(place.end)
            writer.u32(UInt32(numbers.count))
            for number in numbers {
                let card = cards[number]
                guard case let .deferred(place) = card.sides else {
                    writable = false
                    return
                }
                card.withKeyBytes { writer.bytes($0) }
                switch card.kind {
                case .basic:
                    writer.u8(0)
                    writer.u32(0)
                case .reversed:
                    writer.u8(2)
                    writer.u32(0)
                case let .cloze(_, gapCount):
                    writer.u8(1)
                    writer.u32(UInt32(gapCount))
                }
                writer.u32(place.normalizedStart)
                writer.u32(place.normalizedEnd)
                writer.u32(place.searchStart)
                writer.u32(place.searchEnd)
            }
        }
        guard writable else { return nil }
        writer.set(u32: itemCount, at: itemCountOffset)
        let searchStart = writer.bytes.count
        let searchTexts = source?.loadedSearchTexts() ?? []
        writer.set(UInt64(searchStart), at: searchStartOffset)
        writer.set(FastHash.hash(searchTexts), at: searchStartOffset + 8)
        writer.append(searchTexts)
        // Sealed as `sealed` seals it, without copying it.
        writer.u64(writer.withUnsafeMutableBytes { sealAndChecksum(main: $0, upTo: searchStart, key: sealKey) })
        return writer.bytes
    }

    /// `encode` for a file whose cards are the rows of `table`: the same bytes, written straight
    /// from the rows into one buffer of the entry's exact size (no `Card` per row, no growing).
    private static func encode(
        _ file: ParsedDeckFile, table: DeckSource, headings: [ParsedDeckFile.Heading], contentHash: UInt64,
        contentLength: Int, stamp: UInt64, fileStamp: FileStamp?, readAt: Int64, sealKey: IndexSealKey?
    ) -> [UInt8]? {
        // A marker that wrote no card has no place in an entry (as in the items' encoding).
        guard !headings.contains(where: { $0.level == 0 }) else { return nil }
        let rows = table.rows
        let keys = table.keys
        let questions = table.questions
        let searchTexts = table.loadedSearchTexts()
        var path = DeckIndexCache.absolute(file.path)
        var title = file.title
        var messages = file.diagnostics.map(\.message)
        var headingTitles = headings.map(\.title)
        // The exact size: the fixed header, the strings, the items, the search texts and the checksum.
        var size = fixedHeaderSize + 4 + path.utf8.count + 1 + (title.map { 4 + $0.utf8.count } ?? 0) + 4
        for message in messages { size += 4 + 1 + 4 + message.utf8.count }
        size += 4 + questions.count + 4
        for heading in headingTitles { size += 1 + 1 + 4 + 4 + heading.utf8.count }
        var markers = 0
        for row in rows where row.gap == 0 { markers += 1 }
        size += markers * (1 + 4 + 4 + 4 + 4) + rows.count * (4 + 1 + 4 + 16) + keys.count
        size += searchTexts.count + 8
        let itemCount = UInt32(truncatingIfNeeded: headings.count + markers)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var out = EntryOutput(base: UnsafeMutableRawPointer(buffer.baseAddress!))
            out.u32(magic)
            out.u32(formatVersion)
            out.u64(stamp)
            out.u64(contentHash)
            out.u64(UInt64(contentLength))
            out.u64(fileStamp?.device ?? 0)
            out.u64(fileStamp?.inode ?? 0)
            out.u64(UInt64(bitPattern: fileStamp?.modified ?? 0))
            out.u64(UInt64(bitPattern: fileStamp?.changed ?? 0))
            out.u64(fileStamp == nil ? 0 : UInt64(bitPattern: readAt))
            // The search texts' offset and hash and the seal, filled in once they are written.
            out.u64(0)
            out.u64(0)
            out.u64(0)
            out.string(&path)
            out.u8(title == nil ? 0 : 1)
            if title != nil { out.string(&title!) }
            out.u32(UInt32(file.diagnostics.count))
            for index in file.diagnostics.indices {
                out.u32(UInt32(clamping: file.diagnostics[index].location.line))
                out.u8(file.diagnostics[index].severity == .error ? 0 : 1)
                out.string(&messages[index])
            }
            questions.withUnsafeBytes { out.bytes($0) }
            out.u32(itemCount)
            keys.withUnsafeBytes { keyBytes in
                var next = 0
                var row = 0
                var keyStart = 0
                while row < rows.count || next < headings.count {
                    if next < headings.count, headings[next].cardsBefore <= row {
                        out.u8(0)
                        out.u8(UInt8(clamping: headings[next].level))
                        out.u32(UInt32(clamping: headings[next].line))
                        out.string(&headingTitles[next])
                        next += 1
                        continue
                    }
                    var end = row + 1
                    while end < rows.count, rows[end].gap != 0 { end += 1 }
                    out.u8(1)
                    out.u32(rows[row].line)
                    out.u32(rows[row].start)
                    out.u32(rows[row].end)
                    out.u32(UInt32(truncatingIfNeeded: end - row))
                    for card in rows[row..<end] {
                        let keyEnd = Int(card.keyEnd)
                        out.bytes(UnsafeRawBufferPointer(rebasing: keyBytes[keyStart..<keyEnd]))
                        keyStart = keyEnd
                        out.u8(card.form)
                        out.u32(card.form == CardRow.cloze ? card.gapCount : 0)
                        out.u32(card.normalizedStart)
                        out.u32(card.normalizedEnd)
                        out.u32(card.searchStart)
                        out.u32(card.searchEnd)
                    }
                    row = end
                }
            }
            let searchStart = out.offset
            out.offset = searchStartOffset
            out.u64(UInt64(searchStart))
            out.u64(FastHash.hash(searchTexts))
            out.offset = searchStart
            searchTexts.withUnsafeBytes { out.raw($0) }
            out.u64(
                sealAndChecksum(
                    main: UnsafeMutableRawBufferPointer(start: out.base, count: size), upTo: searchStart, key: sealKey))
            precondition(out.offset == size, "an index entry's size was counted wrong")
            count = size
        }
    }

    /// Stores little-endian integers and length-prefixed strings into memory sized for them up front.
    private struct EntryOutput {
        let base: UnsafeMutableRawPointer
        var offset = 0

        mutating func u8(_ value: UInt8) {
            base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
            offset += 1
        }

        mutating func u32(_ value: UInt32) {
            base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
            offset += 4
        }

        mutating func u64(_ value: UInt64) {
            base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }

        mutating func raw(_ bytes: UnsafeRawBufferPointer) {
            if let source = bytes.baseAddress, bytes.count > 0 {
                (base + offset).copyMemory(from: source, byteCount: bytes.count)
            }
            offset += bytes.count
        }

        /// A u32 byte count and the bytes.
        mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
            u32(UInt32(bytes.count))
            raw(bytes)
        }

        mutating func string(_ value: inout String) {
            value.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
        }
    }

    /// `unsealed` with its checksum appended: the hash of the bytes before its search texts. With a
    /// `key`, its seal is made first; without, the seal it holds is kept (right or not).
    static func sealed(_ unsealed: [UInt8], key: IndexSealKey? = nil) -> [UInt8] {
        var entry = unsealed
        let searchStart = unsealed.withUnsafeBytes { Header($0)?.searchStart } ?? unsealed.count
        let checksum = entry.withUnsafeMutableBytes { bytes in
            searchStart <= bytes.count
                ? sealAndChecksum(main: bytes, upTo: searchStart, key: key)
                : FastHash.hash(UnsafeRawBufferPointer(bytes))
        }
        withUnsafeBytes(of: checksum.littleEndian) { entry.append(contentsOf: $0) }
        return entry
    }

    /// Seals the bytes of `entry` before its search texts (up to `searchStart`) with `key`, when there is
    /// one, writing the seal into its place; returns the checksum of those bytes, taken after, so that it
    /// covers the seal. Every way of writing an entry ends here.
    private static func sealAndChecksum(
        main entry: UnsafeMutableRawBufferPointer, upTo searchStart: Int, key: IndexSealKey?
    ) -> UInt64 {
        let main = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(entry)[..<searchStart])
        if let key {
            entry.storeBytes(of: seal(of: main, key: key).littleEndian, toByteOffset: sealOffset, as: UInt64.self)
        }
        return FastHash.hash(main)
    }

    /// The file an entry describes, with cards whose text is read from `content` when shown; nil when
    /// the entry is damaged, from another build or format, or for other content or another path.
    static func decode(
        _ entry: [UInt8], entryPath: String, path: String, content: [UInt8], contentHash: UInt64,
        stamp: UInt64
    ) -> ParsedDeckFile? {
        withVerifiedMain(of: entry) { main, searchLength in
            decode(
                main: main, searchLength: searchLength, entryPath: entryPath, path: path,
                content: DeckContent(path: path, bytes: content), contentHash: contentHash, stamp: stamp)
        }
    }

    /// The file an entry's checked bytes before its search texts (`main`) describe, or nil.
    /// `sealed`: the entry's seal was found right (`seal(of:key:)`), so its keys are known to be
    /// those of their questions and are not checked again. `mapping`: the entry's pages, which
    /// `main` lies in; the questions are then read from them, kept mapped, instead of copied.
    static func decode(
        main: UnsafeRawBufferPointer, searchLength: Int, entryPath: String, path: String, content: DeckContent,
        contentHash: UInt64, stamp: UInt64, sealed: Bool = false, mapping: FileMapping? = nil
    ) -> ParsedDeckFile? {
        var reader = ByteReader(main)
        return try? decode(
            &reader, searchLength: searchLength, entryPath: entryPath, path: path, content: content,
            contentHash: contentHash, stamp: stamp, sealed: sealed, mapping: mapping)
    }

    /// The seal of an entry whose bytes before the search texts are `main` (at least the fixed
    /// header): their SipHash-1-3 under `key`, the seal's own place taken as zeros.
    static func seal(of main: UnsafeRawBufferPointer, key: IndexSealKey) -> UInt64 {
        SipHash.hash13(main, key: key, zeroedWord: sealOffset)
    }

    /// Runs `read` on the entry's bytes before its search texts and the search texts' length, or
    /// returns nil when the checksum does not match.
    private static func withVerifiedMain<T>(
        of entry: [UInt8], _ read: (UnsafeRawBufferPointer, Int) -> T?
    ) -> T? {
        guard entry.count >= fixedHeaderSize + 8 else { return nil }
        return entry.withUnsafeBytes { buffer -> T? in
            guard let header = Header(buffer), header.searchStart <= buffer.count - 8 else { return nil }
            let main = UnsafeRawBufferPointer(rebasing: buffer[..<header.searchStart])
            let stored = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: buffer.count - 8, as: UInt64.self))
            guard FastHash.hash(main) == stored else { return nil }
            return read(main, buffer.count - 8 - header.searchStart)
        }
    }

    private struct Mismatch: Error {}

    /// The fewest bytes a diagnostic, an item and a card take in an entry (a u32 count of strings'
    /// bytes included), by which every count read is bounded.
    static let minimumDiagnosticSize = 4 + 1 + 4
    static let minimumItemSize = 1 + 1 + 4 + 4
    static let minimumCardSize = 4 + 1 + 4 + 16

    /// The largest entry read for content of `contentLength` bytes: a cloze of 100 gaps repeats its
    /// text in each card's question and search text, so entries can be far larger than their file,
    /// but never by more than this. A larger file (say, a sparse one) is not read at all.
    static func maximumEntrySize(contentLength: Int) -> Int {
        (1 << 20) + contentLength * 512
    }

    /// What an index entry records of a card's kind: tag 0 basic, 1 cloze, 2 the reverse direction
    /// of an `R:` card (which follows its forward card in the same item).
    enum KeyForm {
        case basic
        case cloze(gap: Int)
        case reversed
    }

    /// True when `key` is the key of a card with this normalized question: the key made from it, or
    /// a pinned id that the file really holds. A key and question that do not belong together (keys
    /// swapped in a crafted entry) would store answers under the wrong card.
    ///
    /// Compares bytes: every card of every unchanged file is checked at each start, so this makes no
    /// String (it gives what comparing with `CardKey.basic`, `cloze` or `reversed` of the question would).
    static func keyMatches(
        _ key: UnsafeRawBufferPointer, question: UnsafeRawBufferPointer, form: KeyForm, content: DeckContent
    ) -> Bool {
        var stem = key[...]
        var question = question[...]
        let prefix: UInt8
        switch form {
        case .basic:
            prefix = UInt8(ascii: "q")
        case let .cloze(gap):
            // `c-HASH-N` (or `PIN-N`) for a question that ends in ` #N`.
            let number = gap + 1
            var digits = 1
            while digits < 20, number >= power(ofTen: digits) { digits += 1 }
            guard stem.count > digits + 1, question.count >= digits + 2,
                stem[stem.endIndex - digits - 1] == UInt8(ascii: "-"),
                endsInDecimal(stem, number, digits: digits),
                question[question.endIndex - digits - 2] == 0x20,
                question[question.endIndex - digits - 1] == UInt8(ascii: "#"),
                endsInDecimal(question, number, digits: digits)
            else { return false }
            stem = stem.dropLast(digits + 1)
            question = question.dropLast(digits + 2)
            prefix = UInt8(ascii: "c")
        case .reversed:
            // `r-HASH` (or `PIN-r`) for a question that ends in ` #r`.
            guard question.count >= 3, question.suffix(3).elementsEqual(" #r".utf8) else { return false }
            question = question.dropLast(3)
            if stem.count > 2, stem.suffix(2).elementsEqual("-r".utf8) {
                return isPinned(stem.dropLast(2), in: content)
            }
            prefix = UInt8(ascii: "r")
        }
        if stem.count == 18, stem[stem.startIndex] == prefix, stem[stem.startIndex + 1] == UInt8(ascii: "-") {
            let written = lowerHex(UnsafeRawBufferPointer(rebasing: stem.dropFirst(2)))
            if let written, written == CardKey.fnv1a(bytes: UnsafeRawBufferPointer(rebasing: question)) {
                return true
            }
        }
        // A reversed card's key without `-r` is never a pin: a pin gets `-r`.
        if case .reversed = form { return false }
        return isPinned(stem, in: content)
    }

    /// The value of sixteen lower-case hex digits, most significant first, as `CardKey.hex` writes
    /// them; nil when `digits` are anything else. Eight digits a step (`hexWord`): every card's key is
    /// read at each start.
    static func lowerHex(_ digits: UnsafeRawBufferPointer) -> UInt64? {
        guard digits.count == 16,
            let high = hexWord(UInt64(littleEndian: digits.loadUnaligned(fromByteOffset: 0, as: UInt64.self))),
            let low = hexWord(UInt64(littleEndian: digits.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        else { return nil }
        return high << 32 | low
    }

    /// The value of the eight lower-case hex digits in `word`, the first in its lowest byte; nil when a
    /// byte is not one. Every byte is worked on at once; no step carries into the next byte.
    private static func hexWord(_ word: UInt64) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // A digit's value is its low four bits, plus 9 for a letter (bit 6 set): at most 24 for any byte.
        let nibbles = (word & (0x0F &* ones)) &+ ((word >> 6) & ones) &* 9
        // Each value below 16, and the byte `CardKey.hex` writes for it ('0' + v, or 'a' + v - 10) the
        // byte that is there: together, exactly the lower-case hex digits.
        guard (nibbles &+ 0x70 &* ones) & (0x80 &* ones) == 0 else { return nil }
        let letters = ((nibbles &+ 0x76 &* ones) >> 7) & ones
        guard nibbles &+ 0x30 &* ones &+ letters &* 0x27 == word else { return nil }
        // Two digits a byte, in the low byte of each 16-bit lane, then the four bytes first digit first.
        let pairs = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF
        return (pairs & 0xFF) << 24 | (pairs >> 16 & 0xFF) << 16 | (pairs >> 32 & 0xFF) << 8 | pairs >> 48
    }

    /// 10 to the power `exponent` (below 19).
    private static func power(ofTen exponent: Int) -> Int {
        var value = 1
        for _ in 0..<exponent { value &*= 10 }
        return value
    }

    /// True when `bytes` end in `number` written in `digits` decimal digits (no sign, no leading zero).
    private static func endsInDecimal(_ bytes: Slice<UnsafeRawBufferPointer>, _ number: Int, digits: Int) -> Bool {
        var rest = number
        var index = bytes.endIndex
        for _ in 0..<digits {
            index -= 1
            guard bytes[index] == 0x30 + UInt8(truncatingIfNeeded: rest % 10) else { return false }
            rest /= 10
        }
        return true
    }

    /// True when the file holds `pin` after an `id:` (read now, if it was not: pins are rare).
    private static func isPinned(_ pin: Slice<UnsafeRawBufferPointer>, in file: DeckContent) -> Bool {
        // A key that is not UTF-8 would read as another String than the bytes that were matched.
        guard !pin.isEmpty, file.length >= 3, String(decoding: pin, as: UTF8.self).utf8.elementsEqual(pin),
            let content = file.bytes
        else { return false }
        return content.withUnsafeBufferPointer { bytes -> Bool in
            var index = 0
            while index + 2 < bytes.count {
                defer { index += 1 }
                guard bytes[index] == UInt8(ascii: "i"), bytes[index + 1] == UInt8(ascii: "d"),
                    bytes[index + 2] == UInt8(ascii: ":")
                else { continue }
                var start = index + 3
                while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                if start + pin.count <= bytes.count, bytes[start..<(start + pin.count)].elementsEqual(pin) {
                    return true
                }
            }
            return false
        }
    }

    /// The search texts of an entry that is sound and still describes `contentHash` at `path`.
    static func searchTexts(in entry: [UInt8], path: String, contentHash: UInt64, stamp: UInt64) -> [UInt8]? {
        withVerifiedMain(of: entry) { main, searchLength -> [UInt8]? in
            var reader = ByteReader(main)
            guard let header = Header(main),
                (try? self.header(&reader, path: path, contentHash: contentHash, contentLength: nil, stamp: stamp))
                    != nil
            else { return nil }
            let texts = Array(entry[header.searchStart..<(header.searchStart + searchLength)])
            return FastHash.hash(texts) == header.searchHash ? texts : nil
        }
    }

    /// True when `entry` is whole (checksum and search texts' hash) and of this build and content.
    static func isSound(_ entry: [UInt8], contentHash: UInt64) -> Bool {
        withVerifiedMain(of: entry) { main, searchLength -> Bool? in
            guard let header = Header(main), header.stamp == BuildStamp.current, header.contentHash == contentHash
            else { return nil }
            return entry.withUnsafeBytes {
                FastHash.hash(
                    UnsafeRawBufferPointer(rebasing: $0[header.searchStart..<(header.searchStart + searchLength)]))
            } == header.searchHash ? true : nil
        } ?? false
    }

    /// The build stamp and the deck file's absolute path an entry names, read from its first bytes
    /// without checking the rest; nil when they are not an entry of this format.
    static func owner(ofEntryStart bytes: UnsafeRawBufferPointer) -> (stamp: UInt64, path: String)? {
        guard let header = Header(bytes) else { return nil }
        var reader = ByteReader(bytes, offset: fixedHeaderSize)
        guard let path = try? reader.string() else { return nil }
        return (header.stamp, path)
    }

    /// Reads and checks everything before the normalized questions.
    private static func header(
        _ reader: inout ByteReader, path: String, contentHash: UInt64, contentLength: Int?,
        stamp: UInt64
    ) throws -> (title: String?, diagnostics: [Diagnostic]) {
        guard try reader.u32() == magic, try reader.u32() == formatVersion, try reader.u64() == stamp,
            try reader.u64() == contentHash
        else { throw Mismatch() }
        let length = try reader.u64()
        guard contentLength.map({ UInt64($0) == length }) ?? true else { throw Mismatch() }
        // The file's stamp, the search texts' place and hash, and the seal: read by `Header`.
        for _ in 0..<8 { _ = try reader.u64() }
        guard try reader.stringBytes().elementsEqual(DeckIndexCache.absolute(path).utf8) else { throw Mismatch() }
        let title = try reader.u8() == 1 ? try reader.string() : nil
        var diagnostics: [Diagnostic] = []
        let diagnosticCount = Int(try reader.u32())
        // Every count is bounded by the bytes left: a crafted count cannot make a huge allocation.
        guard diagnosticCount <= reader.remaining / minimumDiagnosticSize else { throw Mismatch() }
        for _ in 0..<diagnosticCount {
            let line = Int(try reader.u32())
            let severity: Diagnostic.Severity = try reader.u8() == 0 ? .error : .warning
            diagnostics.append(
                Diagnostic(SourceLocation(path: path, line: line), try reader.string(), severity: severity))
        }
        return (title, diagnostics)
    }

    private static func decode(
        _ reader: inout ByteReader, searchLength: Int, entryPath: String, path: String, content: DeckContent,
        contentHash: UInt64, stamp: UInt64, sealed: Bool, mapping: FileMapping?
    ) throws -> ParsedDeckFile {
        let (title, diagnostics) = try header(
            &reader, path: path, contentHash: contentHash,
            contentLength: content.length, stamp: stamp)
        let questionBytes = try reader.stringBytes()
        // The search texts stay in the entry until the first search (`DeckSource.loadedSearchTexts`).
        let searchTextCount = searchLength
        let itemCount = Int(try reader.u32())
        guard itemCount <= reader.remaining / minimumItemSize else { throw Mismatch() }
        var headings: [ParsedDeckFile.Heading] = []
        var keys: [UInt8] = []
        var rows: [CardRow] = []
        // About what a card with an 18-byte key takes in an entry; the arrays grow if there are more.
        let expectedCards = reader.remaining / 43
        keys.reserveCapacity(expectedCards * 18)
        rows.reserveCapacity(expectedCards)
        for _ in 0..<itemCount {
            switch try reader.u8() {
            case 0:
                let level = Int(try reader.u8())
                let line = Int(try reader.u32())
                let title = try reader.string()
                guard level > 0 else { throw Mismatch() }
                headings.append(.init(level: level, title: title, line: line, cardsBefore: rows.count))
            case 1:
                let line = try reader.u32()
                let start = try reader.u32()
                let end = try reader.u32()
                guard start < end, Int(end) <= content.length else { throw Mismatch() }
                let count = Int(try reader.u32())
                guard count <= reader.remaining / minimumCardSize else { throw Mismatch() }
                if count == 0 { headings.append(.init(level: 0, title: "", line: Int(line), cardsBefore: rows.count)) }
                var previousTag: UInt8?
                for gap in 0..<count {
                    let key = try reader.stringBytes()
                    let tag = try reader.u8()
                    let gapCount = try reader.u32()
                    // An item holds one basic card, a basic card and its reverse, or every gap of a cloze.
                    let form: KeyForm
                    switch tag {
                    case 0 where gap == 0 && gapCount == 0 && count <= 2:
                        form = .basic
                    case 1 where Int(gapCount) == count && (gap == 0 || previousTag == 1):
                        form = .cloze(gap: gap)
                    case 2 where gap == 1 && gapCount == 0 && count == 2 && previousTag == 0:
                        form = .reversed
                    default: throw Mismatch()
                    }
                    previousTag = tag
                    let questionStart = try reader.u32()
                    let questionEnd = try reader.u32()
                    let searchStart = try reader.u32()
                    let searchEnd = try reader.u32()
                    guard questionStart <= questionEnd, Int(questionEnd) <= questionBytes.count,
                        searchStart <= searchEnd, Int(searchEnd) <= searchTextCount,
                        sealed
                            || keyMatches(
                                key,
                                question: UnsafeRawBufferPointer(
                                    rebasing: questionBytes[Int(questionStart)..<Int(questionEnd)]),
                                form: form, content: content)
                    else { throw Mismatch() }
                    // As contiguous bytes, so the append is one copy rather than a byte at a time.
                    key.withMemoryRebound(to: UInt8.self) { keys.append(contentsOf: $0) }
                    rows.append(
                        CardRow(
                            keyEnd: UInt32(truncatingIfNeeded: keys.count), line: line, start: start, end: end,
                            gap: UInt32(gap), gapCount: tag == 1 ? gapCount : 0, form: tag,
                            normalizedStart: questionStart, normalizedEnd: questionEnd, searchStart: searchStart,
                            searchEnd: searchEnd))
                }
            default:
                throw Mismatch()
            }
        }
        guard reader.remaining == 0, keys.count < Int(UInt32.max) else { throw Mismatch() }
        // Left in the entry's pages when they are mapped (copying them would fault in every page of
        // the copy); the rest of the entry is unmapped.
        let questions: TableBytes
        if let mapping, let start = questionBytes.baseAddress, !questionBytes.isEmpty {
            let offset = UnsafeRawPointer(start) - mapping.base
            questions = TableBytes(mapping, range: offset..<(offset + questionBytes.count))
        } else {
            questions = TableBytes(Array(questionBytes))
        }
        // Only files whose card lines were exact are written (`DeckSource.deferSides`).
        let source = DeckSource(
            path: path, deck: ParsedDeckFile.deckName(title: title, path: path), content: content,
            questions: questions, searchTexts: .inEntry(path: entryPath, contentHash: contentHash),
            entryPath: entryPath, keys: keys, rows: rows)
        return ParsedDeckFile(
            path: path, title: title, table: source, headings: headings, diagnostics: diagnostics)
    }
}
