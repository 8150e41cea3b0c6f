// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Probation

/// The allocation meeting's tier order (`ProbationModel.orderByTierPriority`, a counting sort
/// into a kept buffer) against the plain stable sort, highest priority first, queue order
/// within a priority, over random queues of every length up to 300 (and the empty queue).
final class MeetingQueueOrderTests: XCTestCase {
    func testAgreesWithAStableSort() {
        var g = SplitMix(seed: 202612051)
        for round in 0..<600 {
            let n = round < 300 ? round : g.below(300)
            // Few priorities in some rounds (many ties), all 16 in others.
            let spread = [1, 2, 3, 16][g.below(4)]
            let base = g.below(16 - spread + 1)
            let queue = (0..<n).map { _ in CaseRef(index: Int32(g.below(1_000_000)), generation: UInt32(g.below(5))) }
            let priorities = (0..<n).map { _ in UInt8(base + g.below(spread)) }
            let expected = queue.indices.sorted { a, b in
                priorities[a] != priorities[b] ? priorities[a] > priorities[b] : a < b
            }.map { queue[$0] }
            // The output buffer is longer than the queue, as the meeting's is: the rest is left.
            let sentinel = CaseRef(index: -7, generation: 7)
            var out = [CaseRef](repeating: sentinel, count: n + g.below(4))
            queue.withUnsafeBufferPointer { q in
                priorities.withUnsafeBufferPointer { p in
                    out.withUnsafeMutableBufferPointer { o in ProbationModel.orderByTierPriority(q, priorities: p, into: o) }
                }
            }
            XCTAssertEqual(Array(out[0..<n]), expected, "round \(round)")
            XCTAssertTrue(out[n...].allSatisfy { $0 == sentinel })
        }
    }
}
