import Foundation

/// The binary form of one deck file's index: what parsing found, without the card text.
///
///     "CBXI"  format version u32  build stamp u64  content hash u64  content length u64
///     the file's device u64, inode u64, mtime and ctime (ns) u64, when it was read (ns) u64
///     search texts' offset u64  search texts' hash u64  seal u64             (96 bytes in all)
///     path  title flag u8 [title]
///     diagnostics u32 × (line u32, severity u8, message)
///     headings u32 × (level u8, line u32, cards before it u32, title)
///     normalized questions (one string, back to back)
///     keys (one string, back to back)
///     rows u32, zeros up to the rows' alignment, rows × `CardRow` as laid out in memory (padding zeroed)
///     search texts (every card's, back to back, up to the checksum)
///     checksum u64 of everything before the search texts
///
/// Integers are little-endian; strings are a u32 byte count and UTF-8. The questions, keys and rows
/// are the card table's own (`DeckSource`): a start reads them in place from the mapped entry
/// (`DeckIndexCache.readMain`), checking every row (`check`) but copying none. The rows' layout is
/// this build's, which the build stamp stands for. The search texts come last,
/// outside the checksum and with a hash of their own, so that a start reads and checks everything
/// but them; they are read on the first search. The seal is the SipHash-1-3 under the user's
/// `IndexSealKey` of everything before the search texts, its own eight bytes taken as zeros (zero
/// when written without a key); the checksum covers the seal.
enum DeckIndexCodec {
    /// Raise whenever the layout above or the meaning of a parse changes.
    static let formatVersion: UInt32 = 8
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
            // A marker that wrote no card has no place in an entry (as for cards held as items).
            guard !headings.contains(where: { $0.level == 0 }) else { return nil }
            return table.questions.withUnsafeBytes { questions in
                table.keys.withUnsafeBytes { keys in
                    table.rows.withUnsafeBufferPointer { rows in
                        encode(
                            file, headings: headings, questions: questions, keys: keys, rows: rows,
                            searchTexts: table.loadedSearchTexts(), contentHash: contentHash,
                            contentLength: contentLength, stamp: stamp, fileStamp: fileStamp, readAt: readAt,
                            sealKey: sealKey)
                    }
                }
            }
        }
        // Cards held as items: their table made from them, each card's text deferred to one source.
        let cards = file.cardList
        var source: DeckSource?
        for number in 0..<cards.count {
            guard case let .deferred(place) = cards[number].sides, source == nil || source === place.source else {
                return nil
            }
            source = place.source
        }
        var headings: [ParsedDeckFile.Heading] = []
        var keys: [UInt8] = []
        var rows: [CardRow] = []
        var writable = true
        file.walk { level, title, line in
            headings.append(.init(level: level, title: title, line: line, cardsBefore: rows.count))
        } cards: { line, numbers in
            // A marker that wrote no card has no place in an entry.
            guard writable, let first = numbers.first, case let .deferred(item) = cards[first].sides else {
                writable = false
                return
            }
            for (gap, number) in numbers.enumerated() {
                let card = cards[number]
                guard case let .deferred(place) = card.sides else {
                    writable = false
                    return
                }
                card.withKeyBytes { $0.withMemoryRebound(to: UInt8.self) { keys.append(contentsOf: $0) } }
                let (form, gapCount) = CardRow.form(of: card.kind)
                // The item's place stands for every card of it, as the file's own table has it.
                rows.append(
                    CardRow(
                        keyEnd: UInt32(truncatingIfNeeded: keys.count), line: UInt32(clamping: line),
                        start: item.start, end: item.end, gap: UInt32(gap), gapCount: gapCount, form: form,
                        normalizedStart: place.normalizedStart, normalizedEnd: place.normalizedEnd,
                        searchStart: place.searchStart, searchEnd: place.searchEnd))
            }
        }
        guard writable, keys.count < Int(UInt32.max) else { return nil }
        let questions = source?.questions ?? TableBytes()
        return questions.withUnsafeBytes { questions in
            keys.withUnsafeBytes { keys in
                rows.withUnsafeBufferPointer { rows in
                    encode(
                        file, headings: headings, questions: questions, keys: keys, rows: rows,
                        searchTexts: source?.loadedSearchTexts() ?? [], contentHash: contentHash,
                        contentLength: contentLength, stamp: stamp, fileStamp: fileStamp, readAt: readAt,
                        sealKey: sealKey)
                }
            }
        }
    }

    /// Where the rows start in an entry whose row count ends at `offset`: the next multiple of the
    /// rows' alignment, so that a mapped entry's rows are read in place.
    static func rowsStart(after offset: Int) -> Int {
        let alignment = MemoryLayout<CardRow>.alignment
        return (offset + alignment - 1) / alignment * alignment
    }

    /// The bytes of an entry: written straight into one buffer of the entry's exact size.
    private static func encode(
        _ file: ParsedDeckFile, headings: [ParsedDeckFile.Heading], questions: UnsafeRawBufferPointer,
        keys: UnsafeRawBufferPointer, rows: UnsafeBufferPointer<CardRow>, searchTexts: [UInt8], contentHash: UInt64,
        contentLength: Int, stamp: UInt64, fileStamp: FileStamp?, readAt: Int64, sealKey: IndexSealKey?
    ) -> [UInt8]? {
        guard rows.count < Int(UInt32.max), keys.count < Int(UInt32.max), questions.count < Int(UInt32.max)
        else { return nil }
        var path = DeckIndexCache.absolute(file.path)
        var title = file.title
        var messages = file.diagnostics.map(\.message)
        var headingTitles = headings.map(\.title)
        // The exact size: the fixed header, the strings, the headings, the questions, the keys, the
        // rows, the search texts and the checksum.
        var size = fixedHeaderSize + 4 + path.utf8.count + 1 + (title.map { 4 + $0.utf8.count } ?? 0) + 4
        for message in messages { size += 4 + 1 + 4 + message.utf8.count }
        size += 4
        for heading in headingTitles { size += 1 + 4 + 4 + 4 + heading.utf8.count }
        size += 4 + questions.count + 4 + keys.count + 4
        let rowsStart = rowsStart(after: size)
        size = rowsStart + rows.count * MemoryLayout<CardRow>.stride
        let searchStart = size
        size += searchTexts.count + 8
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
            out.u64(UInt64(searchStart))
            out.u64(FastHash.hash(searchTexts))
            // The seal, filled in once the rest is written.
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
            out.u32(UInt32(truncatingIfNeeded: headings.count))
            for index in headings.indices {
                out.u8(UInt8(clamping: headings[index].level))
                out.u32(UInt32(clamping: headings[index].line))
                out.u32(UInt32(truncatingIfNeeded: headings[index].cardsBefore))
                out.string(&headingTitles[index])
            }
            out.bytes(questions)
            out.bytes(keys)
            out.u32(UInt32(truncatingIfNeeded: rows.count))
            while out.offset < rowsStart { out.u8(0) }
            // Each row as the table holds it in memory (read in place by the same build: the build
            // stamp tells builds apart), its padding zeroed so that the bytes are the same each time.
            for row in rows {
                out.base.storeBytes(of: row, toByteOffset: out.offset, as: CardRow.self)
                for padding in MemoryLayout<CardRow>.size..<MemoryLayout<CardRow>.stride {
                    out.base.storeBytes(of: 0, toByteOffset: out.offset + padding, as: UInt8.self)
                }
                out.offset += MemoryLayout<CardRow>.stride
            }
            precondition(out.offset == searchStart, "an index entry's size was counted wrong")
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
            &reader, main: main, searchLength: searchLength, entryPath: entryPath, path: path, content: content,
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

    /// The fewest bytes a diagnostic and a heading take in an entry (a u32 count of strings' bytes
    /// included), by which every count read is bounded (the rows, by their stride).
    static let minimumDiagnosticSize = 4 + 1 + 4
    static let minimumHeadingSize = 1 + 4 + 4 + 4

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
        _ reader: inout ByteReader, main: UnsafeRawBufferPointer, searchLength: Int, entryPath: String, path: String,
        content: DeckContent, contentHash: UInt64, stamp: UInt64, sealed: Bool, mapping: FileMapping?
    ) throws -> ParsedDeckFile {
        let (title, diagnostics) = try header(
            &reader, path: path, contentHash: contentHash,
            contentLength: content.length, stamp: stamp)
        let headingCount = Int(try reader.u32())
        guard headingCount <= reader.remaining / minimumHeadingSize else { throw Mismatch() }
        var headings: [ParsedDeckFile.Heading] = []
        headings.reserveCapacity(headingCount)
        for _ in 0..<headingCount {
            let level = Int(try reader.u8())
            let line = Int(try reader.u32())
            let cardsBefore = Int(try reader.u32())
            let title = try reader.string()
            // In file order; level 0 is a marker that wrote no card.
            guard cardsBefore >= (headings.last?.cardsBefore ?? 0) else { throw Mismatch() }
            headings.append(.init(level: level, title: title, line: line, cardsBefore: cardsBefore))
        }
        let questionBytes = try reader.stringBytes()
        let keyBytes = try reader.stringBytes()
        let rowCount = Int(try reader.u32())
        let rowsStart = rowsStart(after: reader.offset)
        let stride = MemoryLayout<CardRow>.stride
        guard rowsStart <= main.count, rowCount <= (main.count - rowsStart) / stride,
            rowsStart + rowCount * stride == main.count, keyBytes.count < Int(UInt32.max)
        else { throw Mismatch() }
        // Read in place from the entry's mapping (copying them would fault in every page of the
        // copy), else copied out of the bytes given.
        let rowBytes = UnsafeRawBufferPointer(rebasing: main[rowsStart..<(rowsStart + rowCount * stride)])
        let rows: TableRows
        let questions: TableBytes
        let keys: TableBytes
        if let mapping, let mainStart = main.baseAddress, mainStart == mapping.base,
            let questionStart = questionBytes.baseAddress
        {
            let kept = mapping.keepOnly((questionStart - mainStart)..<main.count)
            let first = UnsafeRawPointer(kept.baseAddress!)
            questions = TableBytes(mapping, bytes: UnsafeRawBufferPointer(start: first, count: questionBytes.count))
            keys = TableBytes(
                mapping,
                bytes: UnsafeRawBufferPointer(
                    start: first + (keyBytes.baseAddress! - questionStart), count: keyBytes.count))
            let rowPointer = first + (rowsStart - (questionStart - mainStart))
            rows = TableRows(
                mapping,
                rows: UnsafeBufferPointer(
                    start: rowPointer.bindMemory(to: CardRow.self, capacity: rowCount), count: rowCount))
        } else {
            questions = TableBytes(Array(questionBytes))
            keys = TableBytes(Array(keyBytes))
            rows = TableRows(
                [CardRow](unsafeUninitializedCapacity: rowCount) { buffer, count in
                    if rowCount > 0 {
                        UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(
                            from: rowBytes.baseAddress!, byteCount: rowBytes.count)
                    }
                    count = rowCount
                })
        }
        guard headings.last.map({ $0.cardsBefore <= rowCount }) ?? true else { throw Mismatch() }
        try questions.withUnsafeBytes { questionBytes in
            try keys.withUnsafeBytes { keyBytes in
                try rows.withUnsafeBufferPointer { rows in
                    try check(
                        rows, keys: keyBytes, questions: questionBytes, searchLength: searchLength, headings: headings,
                        content: content, sealed: sealed)
                }
            }
        }
        // Only files whose card lines were exact are written (`DeckSource.deferSides`).
        let source = DeckSource(
            path: path, deck: ParsedDeckFile.deckName(title: title, path: path), content: content,
            questions: questions, searchTexts: .inEntry(path: entryPath, contentHash: contentHash),
            entryPath: entryPath, keys: keys, rows: rows)
        return ParsedDeckFile(
            path: path, title: title, table: source, headings: headings, diagnostics: diagnostics)
    }

    /// Throws unless every row is one the entry's writer could have made: its key, question, search
    /// text and place within their bytes, and the rows of each marker one basic card, a basic card
    /// and its reverse, or every gap of a cloze, sharing the marker's line and place. Unless the
    /// entry's seal was right, each key must also be the key of its question (`keyMatches`).
    private static func check(
        _ rows: UnsafeBufferPointer<CardRow>, keys: UnsafeRawBufferPointer, questions: UnsafeRawBufferPointer,
        searchLength: Int, headings: [ParsedDeckFile.Heading], content: DeckContent, sealed: Bool
    ) throws {
        var keyStart = 0
        // The marker being read: its first row, and how many rows it has.
        var first = 0
        var cardCount = 0
        var next = 0
        for index in rows.indices {
            let row = rows[index]
            let keyEnd = Int(row.keyEnd)
            guard keyStart <= keyEnd, keyEnd <= keys.count, row.normalizedStart <= row.normalizedEnd,
                Int(row.normalizedEnd) <= questions.count, row.searchStart <= row.searchEnd,
                Int(row.searchEnd) <= searchLength
            else { throw Mismatch() }
            let form: KeyForm
            if row.gap == 0 {
                guard index == 0 || first + cardCount == index, row.start < row.end, Int(row.end) <= content.length
                else { throw Mismatch() }
                first = index
                switch row.form {
                case CardRow.basic where row.gapCount == 0:
                    // A basic card, perhaps followed by its reverse.
                    cardCount = index + 1 < rows.count && rows[index + 1].gap != 0 ? 2 : 1
                    form = .basic
                case CardRow.cloze where row.gapCount > 0 && Int(row.gapCount) <= rows.count - index:
                    cardCount = Int(row.gapCount)
                    form = .cloze(gap: 0)
                default: throw Mismatch()
                }
                // A heading between two markers, never inside one's cards.
                while next < headings.count, headings[next].cardsBefore <= index {
                    guard headings[next].cardsBefore == index else { throw Mismatch() }
                    next += 1
                }
            } else {
                let lead = rows[first]
                guard Int(row.gap) == index - first, index - first < cardCount, row.line == lead.line,
                    row.start == lead.start, row.end == lead.end
                else { throw Mismatch() }
                switch lead.form {
                case CardRow.basic where row.form == CardRow.reversed && row.gapCount == 0:
                    form = .reversed
                case CardRow.cloze where row.form == CardRow.cloze && row.gapCount == lead.gapCount:
                    form = .cloze(gap: Int(row.gap))
                default: throw Mismatch()
                }
            }
            if !sealed {
                let key = UnsafeRawBufferPointer(rebasing: keys[keyStart..<keyEnd])
                let question = UnsafeRawBufferPointer(
                    rebasing: questions[Int(row.normalizedStart)..<Int(row.normalizedEnd)])
                guard keyMatches(key, question: question, form: form, content: content) else { throw Mismatch() }
            }
            keyStart = keyEnd
        }
        // Every marker's rows all there; every heading at a marker's first row or after the last.
        guard rows.isEmpty || first + cardCount == rows.count, keyStart == keys.count else { throw Mismatch() }
        while next < headings.count {
            guard
                headings[next].cardsBefore == rows.count
                    || (headings[next].cardsBefore < rows.count && rows[headings[next].cardsBefore].gap == 0)
            else { throw Mismatch() }
            next += 1
        }
    }
}
