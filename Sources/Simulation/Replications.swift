// SPDX-License-Identifier: GPL-3.0-or-later
import CGSL
import Foundation

/// Runs independent replications in parallel and returns their results in
/// replication order.
///
/// Each replication is a pure function of its index (it builds its own
/// engine and its own random streams from ``StreamSeeder``), so the results —
/// and anything computed from them in order — are identical for any number
/// of jobs.
public enum Replications {
    /// The number of cores available to this process.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(0..<count)` on up to `jobs` threads.
    public static func run<R: Sendable>(count: Int, jobs: Int, _ body: @Sendable @escaping (Int) -> R) -> [R] {
        guard count > 0 else { return [] }
        let workers = Swift.max(1, Swift.min(jobs, count))
        if workers == 1 {
            return (0..<count).map { i in
                if i > 0 { returnFreedMemory() }
                return body(i)
            }
        }
        let box = ResultBox<R>(count: count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(below: count) {
                if i >= workers { returnFreedMemory() }
                box.set(i, body(i))
            }
        }
        return box.values()
    }

    /// Hands the memory that finished replications freed back to the system before the next
    /// one starts (glibc's `malloc_trim(0)`: the free pages of every arena, not only the top
    /// of the heap). Without it glibc keeps much of a replication's freed memory: once a
    /// large block allocated by `mmap` is freed, glibc raises its threshold for using `mmap`
    /// to that block's size, so the next replication's large arrays come from the heap, and
    /// the freed heap between them is not given back; the peak resident memory of a national
    /// run grew from 445 MiB for one replication to 600–700 MiB for five or ten
    /// (`Benchmarks/memory.sh`). A hint to the allocator: it changes no result. Elsewhere than
    /// glibc it does nothing (`cgsl_release_free_memory`, Sources/CGSL/shim.h).
    @inline(never) static func returnFreedMemory() {
        _ = cgsl_release_free_memory()
    }
}

/// Hands out replication indices to worker threads.
private final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < n else { return nil }
        defer { value += 1 }
        return value
    }
}

/// Collects results by index from worker threads.
private final class ResultBox<R>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [R?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: R) { lock.lock(); slots[i] = r; lock.unlock() }
    func values() -> [R] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
