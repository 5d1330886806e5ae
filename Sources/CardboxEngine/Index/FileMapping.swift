import Foundation

/// The first bytes of a regular file mapped read-only: the pages the kernel caches, not a copy.
///
/// The pages are mapped up front (`MAP_POPULATE`): for pages already cached that costs far less
/// than the faults reading them would take (16 pages a fault), and far less than copying them
/// into fresh memory, where every page of the copy faults once. The file's size is checked after
/// mapping, so every mapped byte was within the file then. A file cut shorter while mapped would
/// end the process (`SIGBUS`) at the next read past its new end, so only files that are never
/// truncated or written in place are mapped: index entries, which are only ever replaced whole by a
/// rename (a file renamed over stays as it was for whoever still maps it). Unmapped when released.
final class FileMapping: @unchecked Sendable {
    // Mutable only through `keepOnly(_:)`, called before the mapping is shared.
    private var start: UnsafeMutableRawPointer
    private var length: Int
    /// Where the file's first byte is mapped (what offsets in `keepOnly(_:)` count from).
    let base: UnsafeRawPointer
    /// The bytes mapped: the file's first `count` bytes.
    let bytes: UnsafeRawBufferPointer

    static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Maps the first `count` bytes of the open file `descriptor`; nil when they cannot be mapped or
    /// the file is shorter.
    init?(_ descriptor: Int32, count: Int) {
        guard count > 0 else { return nil }
        let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) >= count else {
            munmap(mapped, count)
            return nil
        }
        start = mapped
        length = count
        base = UnsafeRawPointer(mapped)
        bytes = UnsafeRawBufferPointer(start: mapped, count: count)
    }

    /// Unmaps the pages that hold none of the file's bytes in `range` (offsets from its start, within
    /// `bytes`), and returns those bytes: what is kept of the file from then on.
    func keepOnly(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "a range outside the mapping")
        let first = range.lowerBound / Self.pageSize * Self.pageSize
        let end = min(length, (range.upperBound + Self.pageSize - 1) / Self.pageSize * Self.pageSize)
        precondition(start == UnsafeMutableRawPointer(mutating: base) && length == bytes.count, "narrowed twice")
        if first > 0 { munmap(start, first) }
        if end < length { munmap(start + end, length - end) }
        start += first
        length = max(0, end - first)
        return UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    deinit {
        if length > 0 { munmap(start, length) }
    }
}
