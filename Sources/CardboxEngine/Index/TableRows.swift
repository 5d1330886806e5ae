/// A card table's rows (`CardRow`): an array of its own, or the rows an index entry holds, read in
/// place from its kept mapping (`FileMapping`), so that a start from the index does not copy them.
final class TableRows: RandomAccessCollection, @unchecked Sendable {
    private let array: [CardRow]
    /// Holds the mapped pages for as long as the rows are read; nil for an array.
    private let mapping: FileMapping?
    private let mapped: UnsafeBufferPointer<CardRow>

    init(_ array: [CardRow] = []) {
        self.array = array
        mapping = nil
        mapped = UnsafeBufferPointer(start: nil, count: 0)
    }

    /// `rows`, which lie in the part of `mapping` it keeps.
    init(_ mapping: FileMapping, rows: UnsafeBufferPointer<CardRow>) {
        array = []
        self.mapping = mapping
        mapped = rows
    }

    var startIndex: Int { 0 }
    var endIndex: Int { mapping == nil ? array.count : mapped.count }

    subscript(position: Int) -> CardRow {
        if mapping != nil {
            precondition(position >= 0 && position < mapped.count, "a row outside the table")
            return mapped[position]
        }
        return array[position]
    }

    func withUnsafeBufferPointer<T>(_ body: (UnsafeBufferPointer<CardRow>) throws -> T) rethrows -> T {
        if mapping != nil { return try body(mapped) }
        return try array.withUnsafeBufferPointer(body)
    }
}
