/// The same fixed arithmetic timed again and again in the bench's own process, beside the key loops.
///
/// Its work never changes, so its spread is the machine's alone: on a virtual machine whose processor
/// now and then runs several times slower, this loop's p99 moves with the keys' p99 (wall clock and
/// thread CPU time alike), and a run's key figures can be read against it.
enum ProcessorFloor {
    /// Runs the fixed work `rounds` times (each about as long as a key at 200×60) and returns its
    /// wall-clock and thread-CPU percentiles.
    static func measure(rounds: Int) -> Percentiles {
        var wall: [Double] = []
        var cpu: [Double] = []
        wall.reserveCapacity(rounds)
        cpu.reserveCapacity(rounds)
        var total: UInt64 = 0
        for round in 0..<rounds {
            let started = Timing.threadCPUMilliseconds()
            let (value, ms) = Timing.measure { work(seed: UInt64(round)) }
            cpu.append(Timing.threadCPUMilliseconds() - started)
            wall.append(ms)
            total = total &+ value
        }
        // The result is used, so the work cannot be left out.
        if total == 0x5eed { print("") }
        return Percentiles(wall, cpu: cpu)
    }

    /// 300,000 steps whose each result depends on the last.
    @inline(never)
    private static func work(seed: UInt64) -> UInt64 {
        var accumulator = seed
        for step in 0..<UInt64(300_000) {
            accumulator = accumulator &+ (step &* step) ^ (accumulator >> 3)
        }
        return accumulator
    }
}
