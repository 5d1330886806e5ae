import Foundation

/// Journal lines as an import takes them: each answer packed into a few numbers with its texts kept
/// once in a `JournalStrings` table, and the rarer undos, suspensions and key moves as `JournalLine`s.
///
/// A million-line journal is mostly answers: reading them this way makes no String per field and
/// lets the import bind texts to SQLite straight from the table's bytes.
public struct JournalLines: Sendable {
    /// One answer line, its texts as indices into `strings`.
    struct PackedAnswer: Sendable {
        var device: Int32
        var deck: Int32
        var key: Int32
        var questionHash: Int32
        var seq: Int64
        /// Seconds since 1970, to the millisecond.
        var time: Double
        /// The answer's duration in seconds (at most `Review.longestAnswer`); NaN when not measured.
        var seconds: Double
        var answer: Answer
        var mode: StudyMode
        var isRepeat: Bool
        /// The box an imported answer names; 0 for every other answer.
        var box: UInt8
    }

    var strings = JournalStrings()
    var answers: [PackedAnswer] = []
    /// The device, deck and question hash of the last answer read fast (-1: none yet).
    private var lastTexts: (device: Int32, deck: Int32, hash: Int32) = (-1, -1, -1)
    /// Undos, suspensions and key moves, in the order read.
    public private(set) var others: [JournalLine] = []

    public init() {}

    public init<S: Sequence>(_ lines: S) where S.Element == JournalLine {
        for line in lines { append(line) }
    }

    /// The number of lines.
    public var count: Int { answers.count + others.count }

    /// Adds `line`.
    public mutating func append(_ line: JournalLine) {
        guard line.kind == .review else {
            others.append(line)
            return
        }
        answers.append(
            PackedAnswer(
                device: strings.intern(line.id.device), deck: strings.intern(line.card.deck),
                key: strings.intern(line.card.key), questionHash: strings.intern(line.questionHash), seq: line.id.seq,
                time: line.time.timeIntervalSince1970, seconds: line.duration.map(Self.capped) ?? .nan,
                answer: line.answer,
                mode: line.mode, isRepeat: line.isRepeat, box: UInt8(line.box ?? 0)))
    }

    /// Adds `other`'s lines after these, its texts found again (or added) in this table.
    mutating func append(_ other: JournalLines) {
        if count == 0 && strings.count == 0 {
            self = other
            return
        }
        var map: [Int32] = []
        map.reserveCapacity(other.strings.count)
        for index in 0..<other.strings.count {
            map.append(other.strings.withBytes(Int32(index)) { strings.intern($0) })
        }
        answers.reserveCapacity(answers.count + other.answers.count)
        for var answer in other.answers {
            answer.device = map[Int(answer.device)]
            answer.deck = map[Int(answer.deck)]
            answer.key = map[Int(answer.key)]
            answer.questionHash = map[Int(answer.questionHash)]
            answers.append(answer)
        }
        others.append(contentsOf: other.others)
    }

    /// The lines in parts of at most `cards` distinct cards' answers each, in the order read within a
    /// card; the undos, suspensions and key moves all go in the first part. Each part can be imported in
    /// a transaction of its own: a part replays its cards from the whole log, earlier parts included.
    public func split(cardsPerPart cards: Int) -> [JournalLines] {
        let cards = max(1, cards)
        var partOfPair: [Int64: Int] = [:]
        var cardsIn: [Int] = []
        var answersIn: [[PackedAnswer]] = []
        for answer in answers {
            let pair = Int64(answer.deck) << 32 | Int64(answer.key)
            let part: Int
            if let known = partOfPair[pair] {
                part = known
            } else {
                if cardsIn.last.map({ $0 >= cards }) ?? true {
                    cardsIn.append(0)
                    answersIn.append([])
                }
                part = cardsIn.count - 1
                cardsIn[part] += 1
                partOfPair[pair] = part
            }
            answersIn[part].append(answer)
        }
        var parts = answersIn.map { answers in
            var part = JournalLines()
            part.strings = strings
            part.answers = answers
            return part
        }
        if parts.isEmpty { parts.append(JournalLines()) }
        parts[0].others = others
        return parts
    }

    /// Reads one line's bytes (without the newline) and adds it; throws what `JournalLine.parse` throws.
    ///
    /// A well-formed answer line is read straight from its bytes; anything else (another kind, an
    /// escape, a field out of the usual shape) goes through `JournalLine.parse`, which decides.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(JournalLine.Malformed) {
        if let answer = fastAnswer(bytes) {
            answers.append(answer)
            return
        }
        append(try JournalLine.parse(Substring(String(decoding: bytes, as: UTF8.self))))
    }

    /// The answer on an unescaped, well-formed `R` line; nil for every other line.
    private mutating func fastAnswer(_ line: UnsafeRawBufferPointer) -> PackedAnswer? {
        // The eleven tabs of twelve fields.
        var tabs: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var found = 0
        let count = line.count
        guard count > 4, let base = line.baseAddress, line[0] == 0x31, line[1] == 0x09, line[2] == 0x52,
            line[3] == 0x09
        else { return nil }
        // Escapes and stray carriage returns: the slow path decides. The bytes are searched with `memchr`,
        // which looks at many at a time, rather than one by one.
        guard memchr(base, 0x5C, count) == nil, memchr(base, 0x0D, count) == nil else { return nil }
        var from = 0
        while from < count, let tab = memchr(base + from, 0x09, count - from) {
            guard found < 11 else { return nil }
            let index = base.distance(to: UnsafeRawPointer(tab))
            withUnsafeMutableBytes(of: &tabs) { $0.storeBytes(of: index, toByteOffset: found * 8, as: Int.self) }
            found += 1
            from = index + 1
        }
        guard found == 11 else { return nil }
        func field(_ number: Int) -> UnsafeRawBufferPointer {
            let bounds = withUnsafeBytes(of: tabs) { raw -> (Int, Int) in
                let start = number == 0 ? 0 : raw.load(fromByteOffset: (number - 1) * 8, as: Int.self) + 1
                let end = number == 11 ? count : raw.load(fromByteOffset: number * 8, as: Int.self)
                return (start, end)
            }
            return UnsafeRawBufferPointer(rebasing: line[bounds.0..<bounds.1])
        }
        // The id: sixteen lower-case hexadecimal digits, a dash, a positive number of at most 18 digits.
        let id = field(2)
        guard id.count >= 18, id.count <= 35, id[16] == 0x2D else { return nil }
        for offset in 0..<16 {
            let byte = id[offset]
            guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) else { return nil }
        }
        var seq: Int64 = 0
        for offset in 17..<id.count {
            let digit = id[offset] &- 0x30
            guard digit <= 9 else { return nil }
            seq = seq * 10 + Int64(digit)
        }
        guard seq > 0, let time = JournalTime.parse(bytes: field(3)) else { return nil }
        let deck = field(4)
        let key = field(5)
        guard !deck.isEmpty, !key.isEmpty else { return nil }
        let answer: Answer
        let result = field(7)
        if Self.spells(result, "got") {
            answer = .gotIt
        } else if Self.spells(result, "missed") {
            answer = .missed
        } else {
            return nil
        }
        // An imported answer's box: the slow path reads it.
        let modeField = field(8)
        guard let mode = Self.modes.first(where: { Self.spells(modeField, $0.word) })?.mode, field(11).isEmpty else {
            return nil
        }
        let repeatField = field(9)
        guard repeatField.count == 1, repeatField[0] == 0x30 || repeatField[0] == 0x31 else { return nil }
        guard let seconds = Self.seconds(field(10)) else { return nil }
        // The device, deck and question hash of a line are mostly those of the line before.
        let device = intern(UnsafeRawBufferPointer(rebasing: id[0..<16]), last: lastTexts.device)
        lastTexts.device = device
        let deckText = intern(deck, last: lastTexts.deck)
        lastTexts.deck = deckText
        let keyText = strings.intern(key)
        let hash = intern(field(6), last: lastTexts.hash)
        lastTexts.hash = hash
        return PackedAnswer(
            device: device, deck: deckText, key: keyText, questionHash: hash, seq: seq,
            time: time.timeIntervalSince1970, seconds: seconds, answer: answer, mode: mode,
            isRepeat: repeatField[0] == 0x31, box: 0)
    }

    /// The index of the text spelt by `utf8`: `last` when it spells that one, else from the table.
    private mutating func intern(_ utf8: UnsafeRawBufferPointer, last: Int32) -> Int32 {
        if last >= 0, strings.holds(last, utf8) { return last }
        return strings.intern(utf8)
    }

    /// Whether `bytes` spell `word`.
    private static func spells(_ bytes: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        bytes.count == word.utf8CodeUnitCount
            && (bytes.isEmpty || memcmp(bytes.baseAddress!, word.utf8Start, bytes.count) == 0)
    }

    /// The modes an answer line names that the fast path reads: all but an imported answer's.
    private static let modes: [(word: StaticString, mode: StudyMode)] = [
        ("study", .study), ("ahead", .ahead), ("missed", .missed), ("cram", .cram), ("browse", .browse),
    ]

    /// A duration written as digits with at most three decimals (NaN when empty); nil for any other
    /// spelling, which the slow path reads. `n / 10^k` with both exact rounds like `Double(String)`.
    private static func seconds(_ bytes: UnsafeRawBufferPointer) -> Double? {
        if bytes.isEmpty { return .nan }
        guard bytes.count <= 15 else { return nil }
        var value: Int64 = 0
        var decimals = -1
        for byte in bytes {
            if byte == 0x2E {
                guard decimals < 0 else { return nil }
                decimals = 0
                continue
            }
            let digit = byte &- 0x30
            guard digit <= 9 else { return nil }
            value = value * 10 + Int64(digit)
            if decimals >= 0 { decimals += 1 }
        }
        guard bytes[0] != 0x2E, bytes[bytes.count - 1] != 0x2E, decimals <= 3 else { return nil }
        let scale: Double = [1, 10, 100, 1000][max(0, decimals)]
        return capped(Double(value) / scale)
    }

    /// A duration within `0...Review.longestAnswer`, as the log keeps them.
    private static func capped(_ seconds: Double) -> Double { min(max(0, seconds), Review.longestAnswer) }

    /// The line at `index` of the answers, as a `JournalLine`.
    func line(ofAnswer index: Int) -> JournalLine {
        let packed = answers[index]
        var line = JournalLine(
            kind: .review, id: JournalID(device: strings[packed.device], seq: packed.seq),
            time: Date(timeIntervalSince1970: packed.time),
            card: CardID(deck: strings[packed.deck], key: strings[packed.key]),
            questionHash: strings[packed.questionHash])
        line.answer = packed.answer
        line.mode = packed.mode
        line.isRepeat = packed.isRepeat
        line.duration = packed.seconds.isNaN ? nil : packed.seconds
        line.box = packed.box == 0 ? nil : Int(packed.box)
        return line
    }
}

/// Texts kept once each, with their UTF-8 bytes in one buffer: an index stands for the text.
struct JournalStrings: Sendable {
    private(set) var strings: [String] = []
    /// Where each text's bytes start in `bytes`; one more entry than texts.
    private var offsets: [Int] = [0]
    private(set) var bytes: [UInt8] = []
    private var hashes: [UInt64] = []
    /// Open addressing: an index into `strings` plus one, 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 256)

    subscript(_ index: Int32) -> String { strings[Int(index)] }

    /// The number of texts.
    var count: Int { strings.count }

    /// Where text `index`'s UTF-8 bytes are in `bytes`.
    func range(_ index: Int32) -> Range<Int> { offsets[Int(index)]..<offsets[Int(index) + 1] }

    /// The UTF-8 bytes of text `index`, valid while `body` runs.
    func withBytes<T>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let start = offsets[Int(index)]
        let end = offsets[Int(index) + 1]
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Whether text `index` is spelt by `utf8`, byte for byte.
    func holds(_ index: Int32, _ utf8: UnsafeRawBufferPointer) -> Bool {
        let start = offsets[Int(index)]
        guard offsets[Int(index) + 1] - start == utf8.count else { return false }
        return utf8.isEmpty
            || bytes.withUnsafeBytes { memcmp($0.baseAddress! + start, utf8.baseAddress!, utf8.count) == 0 }
    }

    mutating func intern(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The index of the text spelt by `utf8`, added if new. Bytes that are not valid UTF-8 are kept as
    /// `String(decoding:)` repairs them (such a text is found again by its String, not its bytes).
    mutating func intern(_ utf8: UnsafeRawBufferPointer) -> Int32 {
        let hash = FastHash.hash(utf8)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot] - 1)
            if hashes[index] == hash {
                let same = bytes.withUnsafeBytes { all in
                    let stored = UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])
                    return stored.count == utf8.count
                        && (utf8.isEmpty || memcmp(stored.baseAddress!, utf8.baseAddress!, utf8.count) == 0)
                }
                if same { return Int32(index) }
            }
            slot = (slot + 1) & mask
        }
        let text = String(decoding: utf8, as: UTF8.self)
        let index = strings.count
        strings.append(text)
        hashes.append(hash)
        bytes.append(contentsOf: text.utf8)
        offsets.append(bytes.count)
        slots[slot] = Int32(index + 1)
        if strings.count * 2 > slots.count { grow() }
        return Int32(index)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
