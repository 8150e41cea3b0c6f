// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

/// The future-event list against a brute-force reference, lazy cancellation,
/// and the same-instant fast path.
final class EventQueueTests: XCTestCase {

    /// A brute-force model of the event list: an unsorted array searched for
    /// its minimum by (time, priority, sequence) on every pop.
    struct Reference {
        struct Item { var time: Tick; var priority: UInt8; var seq: UInt64; var payload: Int }
        var items: [Item] = []
        var lastPopped: Tick = .min
        mutating func push(_ payload: Int, at time: Tick, priority: EventPriority, seq: UInt64) {
            items.append(Item(time: Swift.max(time, lastPopped), priority: priority.rawValue, seq: seq, payload: payload))
        }
        mutating func pop() -> Item? {
            guard let i = items.indices.min(by: { a, b in
                let x = items[a], y = items[b]
                return (x.time, x.priority, x.seq) < (y.time, y.priority, y.seq)
            }) else { return nil }
            lastPopped = items[i].time
            return items.remove(at: i)
        }
        mutating func cancel(seq: UInt64) -> Bool {
            guard let i = items.firstIndex(where: { $0.seq == seq }) else { return false }
            items.remove(at: i)
            return true
        }
        var nextTime: Tick? { items.map(\.time).min() }
    }

    static let priorities: [EventPriority] = [.release, .capacityChange, .postRelease, .normal, .arrival, .observation]

    /// Random pushes (many at the instant being processed, so the fast path and
    /// ties are exercised hard), pops and cancels — of pending, popped and
    /// already-cancelled events — must agree with the reference at every step.
    func testMatchesBruteForceReferenceOverRandomOperations() {
        for seed in UInt64(1)...4 {
            let rng = RandomStream(name: "eventqueue-property", seed: seed)
            var q = EventQueue<Int>()
            var ref = Reference()
            var ids: [EventID] = []
            var clock: Tick = .min
            var pops = 0, cancels = 0, successfulCancels = 0
            for step in 0..<6_000 {
                let r = rng.uniform()
                if r < 0.45 {
                    // Push: at the current instant (fast path), a little later
                    // (ties), or — rarely — before the last pop (clamped).
                    let base = clock == .min ? 0 : clock
                    let u = rng.uniform()
                    let time: Tick = u < 0.35 ? base : u < 0.95 ? base + Tick(rng.integer(below: 5)) : base - 3
                    let prio = Self.priorities[rng.integer(below: Self.priorities.count)]
                    let id = q.push(step, at: time, priority: prio)
                    ref.push(step, at: time, priority: prio, seq: id.sequence)
                    XCTAssertEqual(id.time, Swift.max(time, ref.lastPopped), "the identifier carries the (clamped) time")
                    ids.append(id)
                } else if r < 0.85 {
                    XCTAssertEqual(q.peekTime(), ref.nextTime, "seed \(seed) step \(step): peek")
                    let got = q.pop()
                    let want = ref.pop()
                    XCTAssertEqual(got?.payload, want?.payload, "seed \(seed) step \(step): pop order")
                    XCTAssertEqual(got?.time, want?.time)
                    XCTAssertEqual(got?.priority.rawValue, want?.priority)
                    if let g = got {
                        XCTAssertGreaterThanOrEqual(g.time, clock, "the clock never decreases")
                        clock = g.time
                        pops += 1
                    }
                } else if !ids.isEmpty {
                    let id = ids[rng.integer(below: ids.count)]
                    let want = ref.cancel(seq: id.sequence)
                    XCTAssertEqual(q.cancel(id), want, "seed \(seed) step \(step): cancel answers whether it was pending")
                    cancels += 1
                    if want { successfulCancels += 1 }
                }
                XCTAssertEqual(q.count, ref.items.count, "seed \(seed) step \(step): count of live events")
            }
            // Drain: the rest comes out in reference order too.
            while let want = ref.pop() {
                let got = q.pop()
                XCTAssertEqual(got?.payload, want.payload)
            }
            XCTAssertNil(q.pop())
            XCTAssertTrue(q.isEmpty)
            // The loop really exercised every path.
            XCTAssertGreaterThan(pops, 1_000)
            XCTAssertGreaterThan(successfulCancels, 50)
            XCTAssertGreaterThan(cancels - successfulCancels, 100)
        }
    }

    /// With far-future buckets on (tiny buckets and few of them, so that the window wraps
    /// round the buckets, events fall beyond the last bucket into the heap, and the clock
    /// jumps past empty buckets), random pushes near and far, pops and cancels agree with
    /// the reference at every step: the buckets never change the order of events.
    func testFarBucketsKeepTheReferenceOrder() {
        for (seed, log2Width, buckets) in [(UInt64(1), 3, 8), (2, 0, 4), (3, 5, 64), (4, 2, 1)] {
            let rng = RandomStream(name: "eventqueue-buckets", seed: seed)
            var q = EventQueue<Int>()
            q.useFarBuckets(log2Width: log2Width, count: buckets)
            var ref = Reference()
            var ids: [EventID] = []
            var clock: Tick = .min
            var pops = 0, successfulCancels = 0
            for step in 0..<8_000 {
                let r = rng.uniform()
                if r < 0.5 {
                    // At the current instant, a little later, within the buckets' reach,
                    // beyond it, or before the last pop (clamped).
                    let base = clock == .min ? 0 : clock
                    let u = rng.uniform()
                    let time: Tick = u < 0.2 ? base : u < 0.5 ? base + Tick(rng.integer(below: 4))
                        : u < 0.85 ? base + Tick(rng.integer(below: buckets << log2Width + 8))
                        : u < 0.97 ? base + Tick(rng.integer(below: 20 * (buckets << log2Width) + 50)) : base - 2
                    let prio = Self.priorities[rng.integer(below: Self.priorities.count)]
                    let id = q.push(step, at: time, priority: prio)
                    ref.push(step, at: time, priority: prio, seq: id.sequence)
                    ids.append(id)
                } else if r < 0.9 {
                    XCTAssertEqual(q.peekTime(), ref.nextTime, "seed \(seed) step \(step): peek")
                    let got = q.pop()
                    let want = ref.pop()
                    XCTAssertEqual(got?.payload, want?.payload, "seed \(seed) step \(step): pop order")
                    XCTAssertEqual(got?.time, want?.time)
                    if let g = got { clock = g.time; pops += 1 }
                } else if !ids.isEmpty {
                    let id = ids[rng.integer(below: ids.count)]
                    let want = ref.cancel(seq: id.sequence)
                    XCTAssertEqual(q.cancel(id), want, "seed \(seed) step \(step): cancel")
                    if want { successfulCancels += 1 }
                }
                XCTAssertEqual(q.count, ref.items.count, "seed \(seed) step \(step): count")
            }
            while let want = ref.pop() {
                XCTAssertEqual(q.pop()?.payload, want.payload, "seed \(seed): drain")
            }
            XCTAssertNil(q.pop())
            XCTAssertGreaterThan(pops, 1_000)
            XCTAssertGreaterThan(successfulCancels, 50)
        }
    }

    /// Far buckets holding many chunks each (hundreds of events a bucket, so a bucket's
    /// chunks chain and drained chunks are reused) with payloads that are references
    /// (`String`s, so the buckets' memory management is exercised): the events come out
    /// in (time, class, sequence) order, each exactly once. A copy of the queue taken half
    /// way keeps its own events: draining one leaves the other as it was (value semantics).
    func testFarBucketsWithManyEventsPerBucketAndCopies() {
        let rng = RandomStream(name: "eventqueue-chunks", seed: 7)
        var q = EventQueue<String>()
        q.useFarBuckets(log2Width: 4, count: 8)   // buckets of 16 ticks, reach 128 ticks
        var want: [(Tick, UInt8, UInt64, String)] = []
        for i in 0..<5_000 {
            let time = Tick(rng.integer(below: 200))   // most in buckets, some beyond their reach
            let prio = Self.priorities[rng.integer(below: Self.priorities.count)]
            let id = q.push("event \(i)", at: time, priority: prio)
            want.append((id.time, prio.rawValue, id.sequence, "event \(i)"))
        }
        want.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        // Pop a quarter, push more into the buckets (reusing the drained chunks), then copy.
        var k = 0
        for _ in 0..<1_250 {
            XCTAssertEqual(q.pop()?.payload, want[k].3); k += 1
        }
        for i in 5_000..<6_000 {
            let now = want[k - 1].0
            let time = now + 20 + Tick(rng.integer(below: 100))
            let id = q.push("event \(i)", at: time, priority: .normal)
            want.append((id.time, EventPriority.normal.rawValue, id.sequence, "event \(i)"))
        }
        let rest = Array(want[k...]).sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.3)
        var copy = q
        var fromCopy: [String] = []
        while let e = copy.pop() { fromCopy.append(e.payload) }
        XCTAssertEqual(fromCopy, rest, "the copy drains in order")
        XCTAssertEqual(q.count, rest.count, "draining the copy left the original alone")
        var fromOriginal: [String] = []
        while let e = q.pop() { fromOriginal.append(e.payload) }
        XCTAssertEqual(fromOriginal, rest, "the original drains in order after its copy did")
        XCTAssertTrue(q.isEmpty && copy.isEmpty)
        // A copy taken while events wait in buckets, dropped unused, frees nothing the
        // original needs.
        var r = EventQueue<String>()
        r.useFarBuckets(log2Width: 4, count: 8)
        for i in 0..<300 { r.push("late \(i)", at: 100 + Tick(i % 20)) }
        do { let c = r; XCTAssertEqual(c.count, 300) }
        var n = 0
        while r.pop() != nil { n += 1 }
        XCTAssertEqual(n, 300)
    }

    /// The sorted run a bucket becomes when the window reaches it: buckets of 2^25 ticks,
    /// so the time within a bucket takes three digit passes of the run's sort (as well as
    /// the class's), events at a few times only (many ties: the class and then the order
    /// of scheduling must decide) and at times that differ only in their high bits (so a
    /// pass that is skipped for the low digit must not skip the others). Events are popped
    /// and scheduled in turn — into the window (the heap, merged with the run), at the
    /// instant being run (the ring) and into later buckets — and some are cancelled while
    /// they wait in the run, including at the instant being run: every step agrees with
    /// the brute-force reference.
    func testSortedRunOfABucketKeepsTheReferenceOrder() {
        let width = 25
        for seed in UInt64(11)...12 {
            let rng = RandomStream(name: "eventqueue-run", seed: seed)
            var q = EventQueue<Int>()
            q.useFarBuckets(log2Width: width, count: 4)
            var ref = Reference()
            var ids: [EventID] = []
            var clock: Tick = .min
            var step = 0
            // A few times per bucket, spread over its whole width (bits 0 to 24).
            let offsets: [Tick] = [0, 1, 2047, 2048, 1 << 22, (1 << 22) + 1, (1 << 25) - 1]
            func push(_ time: Tick) {
                let prio = Self.priorities[rng.integer(below: Self.priorities.count)]
                let id = q.push(step, at: time, priority: prio)
                ref.push(step, at: time, priority: prio, seq: id.sequence)
                ids.append(id)
                step += 1
            }
            for _ in 0..<3_000 {
                let bucket = Tick(1 + rng.integer(below: 3)) << width
                push(bucket + offsets[rng.integer(below: offsets.count)])
            }
            var pops = 0, cancels = 0
            while let want = ref.pop() {
                XCTAssertEqual(q.peekTime(), want.time, "seed \(seed) pop \(pops): peek")
                let got = q.pop()
                XCTAssertEqual(got?.payload, want.payload, "seed \(seed) pop \(pops): order")
                XCTAssertEqual(got?.time, want.time)
                XCTAssertEqual(got?.priority.rawValue, want.priority)
                clock = want.time
                pops += 1
                let r = rng.uniform()
                if r < 0.15 {
                    push(clock)                                     // now: ring or heap
                } else if r < 0.3 {
                    let end = ((clock >> width) + 1) << width
                    push(clock + Tick(rng.integer(below: Int(end - clock))))   // in the window
                } else if r < 0.35 {
                    push((((clock >> width) + 1 + Tick(rng.integer(below: 3))) << width) + offsets[rng.integer(below: offsets.count)])
                } else if r < 0.45 {
                    let id = ids[rng.integer(below: ids.count)]
                    let expected = ref.cancel(seq: id.sequence)
                    XCTAssertEqual(q.cancel(id), expected, "seed \(seed) pop \(pops): cancel")
                    if expected { cancels += 1 }
                }
                XCTAssertEqual(q.count, ref.items.count, "seed \(seed) pop \(pops): count")
            }
            XCTAssertNil(q.pop())
            XCTAssertGreaterThan(pops, 3_000)
            XCTAssertGreaterThan(cancels, 100)
        }
    }

    /// A bucket's run is sorted straight out of its chunks by the first digit pass that sorts
    /// anything, whichever that is: buckets whose events share (time, class) (no pass sorts:
    /// moved as they came), share the time but not the class (the class pass alone), share
    /// the class but not the time (the time passes alone, the first of them from the chunks),
    /// or differ in both, with low and high time digits (buckets of 2^13 ticks: two time
    /// passes), hundreds of events each (several chunks) and `String` payloads: every bucket
    /// drains in (time, class, sequence) order, each event exactly once.
    func testRunSortedFromTheChunksWhicheverPassesSort() {
        let rng = RandomStream(name: "eventqueue-passes", seed: 3)
        for width in [4, 13] {
            var q = EventQueue<String>()
            q.useFarBuckets(log2Width: width, count: 16)
            var want: [(Tick, UInt8, UInt64, String)] = []
            func push(_ label: String, _ time: Tick, _ prio: EventPriority) {
                let id = q.push(label, at: time, priority: prio)
                want.append((id.time, prio.rawValue, id.sequence, label))
            }
            let w = Tick(1) << width
            for i in 0..<300 { push("same \(i)", 2 * w + 5, .normal) }
            for i in 0..<300 { push("classes \(i)", 3 * w + 7, Self.priorities[rng.integer(below: Self.priorities.count)]) }
            for i in 0..<300 { push("times \(i)", 4 * w + Tick(rng.integer(below: Int(w))), .release) }
            for i in 0..<300 {
                let t = 5 * w + (rng.uniform() < 0.5 ? Tick(rng.integer(below: 3)) : w - 1 - Tick(rng.integer(below: 3)))
                push("both \(i)", t, Self.priorities[rng.integer(below: Self.priorities.count)])
            }
            // Interleaved pushes: the buckets' chunks are chained, not contiguous.
            for i in 0..<200 {
                push("mixed a \(i)", 6 * w + 1, .arrival)
                push("mixed b \(i)", 7 * w + Tick(i % 2), .arrival)
            }
            want.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            var got: [String] = []
            while let e = q.pop() { got.append(e.payload) }
            XCTAssertEqual(got, want.map(\.3), "width \(width)")
            XCTAssertTrue(q.isEmpty)
        }
    }

    /// A queue copied while a bucket's sorted run is half popped: each copy pops the rest
    /// of the run (and the buckets after it) in order, independently of the other.
    func testCopyTakenInTheMiddleOfARun() {
        var q = EventQueue<String>()
        q.useFarBuckets(log2Width: 4, count: 8)
        var want: [(Tick, UInt64, String)] = []
        for i in 0..<200 {
            let time = Tick(16 + (i * 7) % 40)    // buckets 1 to 3
            let id = q.push("e\(i)", at: time)
            want.append((time, id.sequence, "e\(i)"))
        }
        want.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for k in 0..<30 { XCTAssertEqual(q.pop()?.payload, want[k].2) }
        var copy = q
        let rest = want[30...].map(\.2)
        var a: [String] = [], b: [String] = []
        while let e = copy.pop() { a.append(e.payload) }
        // The copy pushed into a bucket and drained its runs; the original is untouched.
        copy.push("late", at: 1_000)
        while let e = q.pop() { b.append(e.payload) }
        XCTAssertEqual(a, rest)
        XCTAssertEqual(b, rest)
        XCTAssertEqual(copy.pop()?.payload, "late")
    }

    /// A hold-style workload (pop the earliest, push one later) with many more
    /// pending events than the random test keeps, so that sift paths through
    /// deep heaps are compared too.
    func testHoldWorkloadPopsInOrderAtDepth() {
        let rng = RandomStream(name: "hold", seed: 99)
        var q = EventQueue<Int>()
        for i in 0..<5_000 { q.push(i, at: Tick(rng.integer(below: 1_000)), priority: Self.priorities[i % 6]) }
        var last: (Tick, UInt8, UInt64) = (.min, 0, 0)
        for i in 0..<50_000 {
            guard let e = q.pop() else { return XCTFail("ran dry") }
            let key = (e.time, e.priority.rawValue, e.id.sequence)
            XCTAssertTrue(last < key, "strictly increasing (time, priority, sequence) at pop \(i)")
            last = key
            // At least one tick later, so that every event due at an instant
            // is pending before the first of them pops and (time, priority,
            // sequence) must strictly increase. (Same-instant pushes are
            // checked against the reference above.)
            q.push(i, at: e.time + 1 + Tick(rng.integer(below: 200)), priority: Self.priorities[rng.integer(below: 6)])
        }
        XCTAssertEqual(q.count, 5_000)
    }

    func testSameTimeEventsRunByPriorityThenFIFO() {
        var q = EventQueue<String>()
        q.push("arrival-1", at: 10, priority: .arrival)
        q.push("normal-1", at: 10)
        q.push("release-1", at: 10, priority: .release)
        q.push("observe", at: 10, priority: .observation)
        q.push("normal-2", at: 10)
        q.push("early", at: 5, priority: .observation)
        q.push("capacity", at: 10, priority: .capacityChange)
        q.push("release-2", at: 10, priority: .release)
        q.push("post", at: 10, priority: .postRelease)
        var order: [String] = []
        while let e = q.pop() { order.append(e.payload) }
        XCTAssertEqual(order, ["early", "release-1", "release-2", "capacity", "post", "normal-1", "normal-2", "arrival-1", "observe"])
    }

    /// Events pushed for the instant being processed take the FIFO ring; pushed
    /// in falling priority order they must still come out by priority, and
    /// interleave correctly with events for that instant already in the heap.
    func testFastPathNeverChangesOrder() {
        var q = EventQueue<String>()
        q.push("first", at: 7, priority: .release)
        q.push("heap-normal", at: 7)
        q.push("heap-arrival", at: 7, priority: .arrival)
        q.push("later", at: 8, priority: .release)
        XCTAssertEqual(q.pop()?.payload, "first")           // the current instant is now 7
        q.push("ring-normal", at: 7)                          // ring
        q.push("ring-observation", at: 7, priority: .observation) // ring (priority not below the last)
        q.push("ring-release", at: 7, priority: .release)     // below the ring's last: must go to the heap
        q.push("ring-post", at: 7, priority: .postRelease)
        q.push("ring-normal-2", at: 7)
        XCTAssertFalse(q.ring.isEmpty, "the fast path was used")
        var order: [String] = []
        while let e = q.pop() { order.append(e.payload) }
        XCTAssertEqual(order, ["ring-release", "ring-post", "heap-normal", "ring-normal", "ring-normal-2",
                               "heap-arrival", "ring-observation", "later"])
    }

    func testLazyCancellation() {
        var q = EventQueue<String>()
        let a = q.push("a", at: 1)
        let b = q.push("b", at: 2)
        let c = q.push("c", at: 3)
        XCTAssertEqual(q.count, 3)
        XCTAssertTrue(q.cancel(b), "cancelling a pending event succeeds")
        XCTAssertEqual(q.count, 2)
        XCTAssertFalse(q.cancel(b), "cancelling twice is refused")
        XCTAssertEqual(q.count, 2)
        XCTAssertEqual(q.pop()?.payload, "a")
        XCTAssertFalse(q.cancel(a), "cancelling an event that already ran is refused")
        XCTAssertEqual(q.peekTime(), 3, "the cancelled event is skipped by peek")
        XCTAssertEqual(q.pop()?.payload, "c", "and by pop")
        XCTAssertFalse(q.cancel(b), "still refused after the cancelled event was skipped")
        XCTAssertFalse(q.cancel(c))
        XCTAssertNil(q.pop())
        XCTAssertEqual(q.count, 0)
    }

    func testCancelAtTheCurrentInstantDistinguishesPendingFromRun() {
        var q = EventQueue<String>()
        let x = q.push("x", at: 4)
        let y = q.push("y", at: 4)           // heap, same instant
        XCTAssertEqual(q.pop()?.payload, "x")
        let z = q.push("z", at: 4)           // ring, same instant
        let w = q.push("w", at: 4, priority: .release) // heap, same instant
        XCTAssertFalse(q.cancel(x), "ran at this instant")
        XCTAssertTrue(q.cancel(z), "pending in the ring")
        XCTAssertTrue(q.cancel(y), "pending in the heap")
        XCTAssertEqual(q.pop()?.payload, "w")
        XCTAssertFalse(q.cancel(w), "ran at this instant")
        XCTAssertNil(q.pop())
        XCTAssertTrue(q.isEmpty)
    }

    /// Many cancellations: the books are pruned, and the answers stay right.
    func testManyCancellationsKeepCountsRight() {
        var q = EventQueue<Int>()
        var ids: [EventID] = []
        for i in 0..<10_000 { ids.append(q.push(i, at: Tick(i))) }
        for i in stride(from: 0, to: 10_000, by: 2) { XCTAssertTrue(q.cancel(ids[i])) }
        XCTAssertEqual(q.count, 5_000)
        var seen = 0
        while let e = q.pop() {
            XCTAssertEqual(e.payload % 2, 1, "no cancelled event runs")
            seen += 1
        }
        XCTAssertEqual(seen, 5_000)
        for i in 0..<10_000 { XCTAssertFalse(q.cancel(ids[i])) }
        XCTAssertEqual(q.count, 0)
    }

    func testPushBeforeTheLastPopIsClampedToIt() {
        var q = EventQueue<String>()
        q.push("a", at: 10)
        q.push("c", at: 12)
        XCTAssertEqual(q.pop()?.payload, "a")
        let id = q.push("b", at: 3)
        XCTAssertEqual(id.time, 10)
        let b = q.pop()
        XCTAssertEqual(b?.payload, "b")
        XCTAssertEqual(b?.time, 10)
        XCTAssertEqual(q.pop()?.payload, "c")
    }

    func testSequenceNumbersIdentifyEventsUniquely() {
        var q = EventQueue<Int>()
        let ids = (0..<100).map { q.push($0, at: 0) }
        XCTAssertEqual(Set(ids).count, 100)
        XCTAssertEqual(ids, ids.sorted(), "identifiers are ordered by scheduling order")
    }
}

/// Issue 12: a huge draw converted to ticks is capped, never a trap.
final class TicksLimitTests: XCTestCase {
    func testConversionsAreCapped() {
        XCTAssertEqual(Ticks.days(1e300), Ticks.longest)
        XCTAssertEqual(Ticks.hours(.greatestFiniteMagnitude), Ticks.longest)
        XCTAssertEqual(Ticks.days(1.5), 2_160)
        XCTAssertEqual(Ticks.days(.infinity), 0)
        XCTAssertEqual(Ticks.days(.nan), 0)
        // now + the longest duration stays far from overflow for any run (≤ 50 years).
        XCTAssertLessThan(Ticks.longest, Tick.max - 100 * 366 * Ticks.day)
    }
}
