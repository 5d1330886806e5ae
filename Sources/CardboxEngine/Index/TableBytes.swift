/// Bytes a card table reads (its cards' normalized questions, or their keys): an array of its own, or
/// part of an index entry kept mapped (`FileMapping`), so that a start from the index does not copy them.
/// A class: a table's cards read it through one reference, where a struct holding the array and the
/// mapping was copied (two retains and releases) at each read.
final class TableBytes: @unchecked Sendable {
    private let array: [UInt8]
    /// Holds the mapped pages for as long as the bytes are read; nil for an array.
    private let mapping: FileMapping?
    private let mapped: UnsafeRawBufferPointer

    init(_ array: [UInt8] = []) {
        self.array = array
        mapping = nil
        mapped = UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// `bytes`, which lie in the part of `mapping` it keeps.
    init(_ mapping: FileMapping, bytes: UnsafeRawBufferPointer) {
        array = []
        self.mapping = mapping
        mapped = bytes
    }

    var count: Int { mapping == nil ? array.count : mapped.count }

    func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        if mapping != nil { return try body(mapped) }
        return try array.withUnsafeBytes(body)
    }

    /// The bytes in `range` as a String (bounds checked, as an array's slice is).
    func string(_ range: Range<Int>) -> String {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range outside the table's bytes")
        return withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}
