/// A card side's text in the structural pass: bytes written a run at a time straight into a buffer
/// that is kept when the text is emptied, so that the next card reuses it without freeing it,
/// clearing it or growing it again.
struct SideBytes {
    /// The buffer; the bytes past `count` are left over from earlier texts.
    private var storage: [UInt8] = []
    private(set) var count = 0

    /// Forgets the text, keeping the buffer.
    mutating func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes.
    private mutating func reserve(_ extra: Int) {
        let needed = count + extra
        guard needed > storage.count else { return }
        storage.append(contentsOf: repeatElement(0, count: max(needed, 2 * storage.count, 96) - storage.count))
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        let at = count
        storage.withUnsafeMutableBufferPointer { $0[at] = byte }
        count += 1
    }

    /// Appends the text of `runs` of the file `p`: each run's bytes, and a space for the space that
    /// joins two lines.
    mutating func append(runs: [InlineRun], of p: UnsafeBufferPointer<UInt8>) {
        var needed = 0
        for run in runs { needed += run.start < 0 ? 1 : run.end - run.start }
        guard needed > 0 else { return }
        reserve(needed)
        var at = count
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for run in runs {
                if run.start < 0 {
                    base[at] = 0x20
                    at += 1
                } else {
                    let length = run.end - run.start
                    (base + at).update(from: p.baseAddress! + run.start, count: length)
                    at += length
                }
            }
        }
        count = at
    }

    /// Calls `body` with the text's bytes.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }
}
