import Foundation

/// A review id unique across devices: the device that made the event and its sequence number there.
public struct JournalID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var device: String
    public var seq: Int64

    public init(device: String, seq: Int64) {
        self.device = device
        self.seq = seq
    }

    public var description: String { "\(device)-\(seq)" }

    /// Reads `DEVICE-SEQ`; nil when it is not one.
    public init?(_ text: Substring) {
        guard let dash = text.lastIndex(of: "-"), let seq = Int64(text[text.index(after: dash)...]), seq > 0,
            JournalFolder.isDeviceID(text[..<dash])
        else { return nil }
        self.init(device: String(text[..<dash]), seq: seq)
    }

    public static func < (lhs: JournalID, rhs: JournalID) -> Bool { (lhs.device, lhs.seq) < (rhs.device, rhs.seq) }
}

/// One line of a device's journal: an answer, an undo, a suspension or a key move, self-describing.
///
/// Twelve tab-separated fields: format version (`1`), kind (`R` answer, `U` undo, `S` suspension,
/// `M` key move), id (`DEVICE-SEQ`), UTC time (`2026-03-01T09:00:00.000Z`), deck title, card key,
/// question hash, value, mode, repeat (`0`/`1`), duration in seconds (empty when not measured), box
/// (answers of mode `imported` only: the box the import put the card in). The value is the result
/// (`got`/`missed`) of an answer, the cancelled id of an undo, `1`/`0` for suspend/unsuspend, the new
/// key of a key move. Tabs, newlines and backslashes in text are escaped.
public struct JournalLine: Hashable, Sendable {
    /// What a line records.
    public enum Kind: String, Hashable, Sendable {
        case review = "R"
        case undo = "U"
        case suspension = "S"
        case keyMove = "M"
    }

    public static let version = "1"

    public var kind: Kind
    public var id: JournalID
    public var time: Date
    public var card: CardID
    /// FNV-1a of the normalized question, hex; empty when unknown.
    public var questionHash: String
    public var answer: Answer = .gotIt
    public var mode: StudyMode = .study
    public var isRepeat = false
    public var duration: Double?
    /// The box an imported answer (mode `imported`) put the card in; nil for every other line.
    public var box: Int?
    /// The review an undo cancels.
    public var cancels: JournalID?
    /// Suspend (true) or unsuspend.
    public var suspended = false
    /// A key move's new key.
    public var newKey = ""

    public init(kind: Kind, id: JournalID, time: Date, card: CardID, questionHash: String = "") {
        self.kind = kind
        self.id = id
        self.time = time
        self.card = card
        self.questionHash = questionHash
    }

    /// The line's text, without the newline.
    public var text: String {
        let value: String
        var mode = "", repeatField = "", durationField = "", boxField = ""
        switch kind {
        case .review:
            value = answer.rawValue
            mode = self.mode.rawValue
            repeatField = isRepeat ? "1" : "0"
            durationField = duration.map { String(format: "%.3f", $0) } ?? ""
            if self.mode == .imported, let box { boxField = String(box) }
        case .undo: value = cancels?.description ?? ""
        case .suspension: value = suspended ? "1" : "0"
        case .keyMove: value = Self.escape(newKey)
        }
        return [
            Self.version, kind.rawValue, id.description, JournalTime.format(time), Self.escape(card.deck),
            Self.escape(card.key), questionHash, value, mode, repeatField, durationField, boxField,
        ].joined(separator: "\t")
    }

    /// Why a line could not be read.
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads one line (without its newline).
    public static func parse(_ line: Substring) throws(Malformed) -> JournalLine {
        // Split on the bytes: walking Characters is most of the cost of a million-line import.
        let fields = line.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map { Substring($0) }
        guard fields.count == 12 else {
            throw Malformed(description: "expected 12 tab-separated fields, found \(fields.count)")
        }
        guard fields[0] == version else { throw Malformed(description: "unknown journal format '\(fields[0])'") }
        guard let kind = Kind(rawValue: String(fields[1])) else {
            throw Malformed(description: "unknown kind '\(fields[1])'")
        }
        guard let id = JournalID(fields[2]) else { throw Malformed(description: "bad id '\(fields[2])'") }
        guard let time = JournalTime.parse(fields[3]) else { throw Malformed(description: "bad time '\(fields[3])'") }
        guard let deck = unescape(fields[4]), let key = unescape(fields[5]), !deck.isEmpty, !key.isEmpty else {
            throw Malformed(description: "bad deck or card key")
        }
        var line = JournalLine(
            kind: kind, id: id, time: time, card: CardID(deck: deck, key: key), questionHash: String(fields[6]))
        let value = fields[7]
        switch kind {
        case .review:
            guard let answer = Answer(rawValue: String(value)) else {
                throw Malformed(description: "bad result '\(value)'")
            }
            guard let mode = StudyMode(rawValue: String(fields[8])) else {
                throw Malformed(description: "bad mode '\(fields[8])'")
            }
            guard fields[9] == "0" || fields[9] == "1" else {
                throw Malformed(description: "bad repeat '\(fields[9])'")
            }
            line.answer = answer
            line.mode = mode
            line.isRepeat = fields[9] == "1"
            if !fields[10].isEmpty {
                guard let duration = Double(fields[10]), duration >= 0, duration.isFinite else {
                    throw Malformed(description: "bad duration '\(fields[10])'")
                }
                line.duration = duration
            }
            if mode == .imported {
                guard let box = Int(fields[11]), (1...LeitnerConfig.boxCounts.upperBound).contains(box) else {
                    throw Malformed(description: "bad box '\(fields[11])'")
                }
                line.box = box
            } else if !fields[11].isEmpty {
                throw Malformed(description: "a box on an answer of mode \(mode.rawValue)")
            }
        case .undo:
            guard let cancels = JournalID(value) else { throw Malformed(description: "bad cancelled id '\(value)'") }
            line.cancels = cancels
        case .suspension:
            guard value == "0" || value == "1" else { throw Malformed(description: "bad suspension '\(value)'") }
            line.suspended = value == "1"
        case .keyMove:
            guard let newKey = unescape(value), !newKey.isEmpty else { throw Malformed(description: "bad new key") }
            line.newKey = newKey
        }
        return line
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescape(_ text: Substring) -> String? {
        // A byte search: `contains` on a String goes through Foundation's locale-aware search.
        guard text.utf8.contains(0x5C) else { return String(text) }
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "\\": out += "\\"
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return escaped ? nil : out
    }
}
