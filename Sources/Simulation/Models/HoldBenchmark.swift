// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The classic hold model (Jones 1986) on ``EventQueue``: fill the event list
/// with `pending` events, then repeat `operations` times: remove the earliest
/// event and schedule a new one at its time plus an exponential increment.
/// The list size stays constant, so the cost per hold is the event list's
/// cost at that size. Increments are drawn in advance into a ring of 2²⁰ so
/// that the timing measures the event list, not the random number generator.
public enum HoldBenchmark {
    public struct Result: Sendable {
        public var pending: Int
        public var operations: Int
        public var seconds: Double
        public var nsPerHold: Double
        /// A checksum of the popped times, so the work cannot be optimised away
        /// and two runs with the same seed can be compared.
        public var checksum: UInt64
    }

    public static func run(pending: Int, operations: Int, seed: UInt64 = 1) -> Result {
        let stream = StreamSeeder(masterSeed: seed, replication: 0).stream("hold")
        let ringSize = 1 << 20
        var ring = [Tick](repeating: 0, count: ringSize)
        for i in 0..<ringSize { ring[i] = Tick(stream.exponential(mean: 1_000_000).rounded()) + 1 }
        var q = EventQueue<Int32>()
        q.reserveCapacity(pending + 1)
        for i in 0..<pending { q.push(Int32(truncatingIfNeeded: i), at: ring[i & (ringSize - 1)]) }
        var checksum: UInt64 = 0
        let clock = ContinuousClock()
        let start = clock.now
        var k = pending
        for _ in 0..<operations {
            guard let e = q.pop() else { break }
            checksum = checksum &* 31 &+ UInt64(bitPattern: e.time)
            q.push(e.payload, at: e.time &+ ring[k & (ringSize - 1)])
            k &+= 1
        }
        let d = clock.now - start
        let secs = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return Result(pending: pending, operations: operations, seconds: secs,
                      nsPerHold: operations > 0 ? secs * 1e9 / Double(operations) : 0, checksum: checksum)
    }
}
