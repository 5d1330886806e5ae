import Foundation

/// glibc's malloc limited to one arena for the whole process, set before any thread is made.
///
/// By default each thread that allocates gets an arena of its own (the deck load's threads, the
/// start's lanes), and memory freed in one is not reused by another: that raised the peak memory of a
/// 100,000-card start by 2 to 8 MB from run to run. With one arena the threads share what is freed.
enum MallocArenas {
    static func limitToOne() {
        // `mallopt` is declared in <malloc.h>, which Swift's Glibc module leaves out; it is looked up in
        // the C library instead. Where it is missing, nothing changes.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let arenaMaximum: Int32 = -8  // M_ARENA_MAX
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaximum, 1)
    }
}
