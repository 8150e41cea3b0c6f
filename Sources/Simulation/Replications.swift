// SPDX-License-Identifier: GPL-3.0-or-later
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
        if workers == 1 { return (0..<count).map(body) }
        let box = ResultBox<R>(count: count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.take(below: count) {
                box.set(i, body(i))
            }
        }
        return box.values()
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
