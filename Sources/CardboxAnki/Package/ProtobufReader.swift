/// Reads the fields of one protobuf message: just enough of the wire format for Anki's package
/// metadata, media index and note-type configuration (varints and length-delimited fields).
struct ProtobufReader {
    /// One field's value as found on the wire.
    enum Value {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed
    }

    private let bytes: [UInt8]
    private var index: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
    }

    init(_ slice: ArraySlice<UInt8>) {
        self.init(Array(slice))
    }

    /// The next field number and value, or nil at the end; malformed input throws.
    mutating func next() throws -> (field: Int, value: Value)? {
        guard index < bytes.count else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0:
            return (field, .varint(try varint()))
        case 1:
            try skip(8)
            return (field, .fixed)
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.count - index) else { throw Self.malformed }
            let start = index
            index += Int(length)
            return (field, .bytes(bytes[start..<index]))
        case 5:
            try skip(4)
            return (field, .fixed)
        default:
            throw Self.malformed
        }
    }

    /// Every field of the message, in order.
    static func fields(of bytes: [UInt8]) throws -> [(field: Int, value: Value)] {
        var reader = ProtobufReader(bytes)
        var fields: [(field: Int, value: Value)] = []
        while let field = try reader.next() { fields.append(field) }
        return fields
    }

    private static let malformed = AnkiError("malformed protobuf data")

    private mutating func skip(_ count: Int) throws {
        guard count <= bytes.count - index else { throw Self.malformed }
        index += count
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw Self.malformed }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }
}

extension ProtobufReader.Value {
    var integer: Int64? {
        if case let .varint(value) = self { return Int64(truncatingIfNeeded: value) }
        return nil
    }

    var data: [UInt8]? {
        if case let .bytes(value) = self { return Array(value) }
        return nil
    }

    var string: String? {
        guard case let .bytes(value) = self else { return nil }
        return String(validating: value, as: UTF8.self)
    }
}
