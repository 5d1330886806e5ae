/// The same fixed work timed again and again in the bench's own process, beside the key loops.
///
/// Its work never changes, so its spread is the machine's alone: on a virtual machine whose processor
/// now and then runs several times slower, this loop's p99 moves with the keys' p99 (wall clock and
/// thread CPU time alike), and a run's key figures can be read against it. Two kinds: arithmetic in
/// registers, and a walk over a few megabytes (more than the processor's private caches hold), as a
/// render's pass over its cells is a walk over memory.
enum ProcessorFloor {
    enum Kind {
        /// 300,000 dependent steps of arithmetic, no memory touched.
        case arithmetic
        /// Every word of a 4 MB buffer read and written back, in order.
        case memory
    }

    /// Runs the fixed work of `kind` `rounds` times (each about as long as a key at 200×60) and returns
    /// its wall-clock and thread-CPU percentiles.
    static func measure(rounds: Int, kind: Kind = .arithmetic) -> Percentiles {
        var wall: [Double] = []
        var cpu: [Double] = []
        wall.reserveCapacity(rounds)
        cpu.reserveCapacity(rounds)
        var walker = Walker()
        for round in 0..<rounds {
            let (wallMs, cpuMs) = walker.round(kind, seed: UInt64(round))
            wall.append(wallMs)
            cpu.append(cpuMs)
        }
        walker.finish()
        return Percentiles(wall, cpu: cpu)
    }

    /// Holds the memory walk's buffer between rounds, so that a round run after each key (interleaved)
    /// costs the same as one in a loop of its own.
    struct Walker {
        private var buffer = [UInt64](repeating: 1, count: 4 << 20 / 8)
        private var total: UInt64 = 0

        /// One round of `kind`: its wall-clock and thread-CPU time in ms.
        mutating func round(_ kind: Kind, seed: UInt64) -> (wallMs: Double, cpuMs: Double) {
            let started = Timing.threadCPUMilliseconds()
            let (value, ms): (UInt64, Double)
            switch kind {
            case .arithmetic: (value, ms) = Timing.measure { ProcessorFloor.arithmetic(seed: seed) }
            case .memory: (value, ms) = Timing.measure { ProcessorFloor.walk(&buffer, seed: seed) }
            }
            let cpu = Timing.threadCPUMilliseconds() - started
            total = total &+ value
            return (ms, cpu)
        }

        /// Uses the results, so that the work cannot be left out.
        func finish() {
            if total == 0x5eed { print("") }
        }
    }

    /// 300,000 steps whose each result depends on the last.
    @inline(never)
    private static func arithmetic(seed: UInt64) -> UInt64 {
        var accumulator = seed
        for step in 0..<UInt64(300_000) {
            accumulator = accumulator &+ (step &* step) ^ (accumulator >> 3)
        }
        return accumulator
    }

    /// Reads and rewrites every word of `buffer` (4 MB), each new value depending on the running sum.
    @inline(never)
    private static func walk(_ buffer: inout [UInt64], seed: UInt64) -> UInt64 {
        var accumulator = seed
        buffer.withUnsafeMutableBufferPointer { words in
            for index in words.indices {
                accumulator = accumulator &+ words[index]
                words[index] = accumulator >> 7
            }
        }
        return accumulator
    }
}
