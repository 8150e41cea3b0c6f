// SPDX-License-Identifier: GPL-3.0-or-later

/// The class of an event, which decides the order of events due at the same tick.
///
/// Lower values run first. At one instant the engine processes, in order
/// (the rule R simmer makes explicit, see `docs/engine.md`):
///
/// 1. ``release`` — a resource is given back (a service ends, a case closes);
/// 2. ``capacityChange`` — capacity goes up or down (a roster change, a lever);
/// 3. ``postRelease`` — freed capacity is handed to whoever waits;
/// 4. ``normal`` — ordinary model events;
/// 5. ``arrival`` — new work arrives and tries to seize;
/// 6. ``observation`` — statistics and output are sampled, after everything
///    else due at that instant has happened.
///
/// So an arrival that meets a release at the same instant finds the server
/// free, and a capacity cut at the instant of a release is applied before the
/// freed capacity is handed on. Within one class, events run in the order they
/// were scheduled (first in, first out), so no run ever depends on hash or set
/// iteration order.
public struct EventPriority: RawRepresentable, Comparable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let release = EventPriority(rawValue: 10)
    public static let capacityChange = EventPriority(rawValue: 20)
    public static let postRelease = EventPriority(rawValue: 30)
    public static let normal = EventPriority(rawValue: 128)
    public static let arrival = EventPriority(rawValue: 200)
    public static let observation = EventPriority(rawValue: 250)

    @inlinable public static func < (a: EventPriority, b: EventPriority) -> Bool { a.rawValue < b.rawValue }
}

/// Identifies a scheduled event so that it can be cancelled.
public struct EventID: Hashable, Sendable, Comparable {
    /// The insertion sequence number (unique within one queue).
    public let sequence: UInt64
    /// The time the event was scheduled for.
    public let time: Tick
    @inlinable init(sequence: UInt64, time: Tick) { self.sequence = sequence; self.time = time }
    @inlinable public static func < (a: EventID, b: EventID) -> Bool { a.sequence < b.sequence }
}

/// The future-event list: a flat array-backed binary min-heap of small value
/// entries, ordered by (time, priority, insertion sequence).
///
/// The priority and the sequence number are packed into one `UInt64` key
/// (priority in the top 8 bits, a 56-bit sequence below), so an entry compares
/// with two integer comparisons. Cancellation is lazy: a cancelled event stays
/// in the heap and is skipped when it reaches the top.
///
/// Events scheduled for the instant currently being processed take a fast
/// path: a FIFO ring that bypasses the heap, as long as this keeps the ring in
/// key order (the new event's priority is not below the ring's last). The
/// next event is always the smaller of the ring's head and the heap's top, so
/// the fast path never changes the order of events.
public struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Tick
        @usableFromInline var key: UInt64
        @usableFromInline var payload: Payload
        @inlinable init(time: Tick, key: UInt64, payload: Payload) {
            self.time = time; self.key = key; self.payload = payload
        }
        @inlinable func precedes(_ o: Entry) -> Bool {
            time < o.time || (time == o.time && key < o.key)
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var ring: [Entry] = []
    @usableFromInline var ringHead = 0
    /// The instant whose events may use the fast path (the time of the last pop).
    @usableFromInline var currentInstant: Tick = .min
    @usableFromInline var nextSequence: UInt64 = 0
    /// Cancelled events by sequence number, with their times. An entry stays
    /// after its event is skipped, so that cancelling twice is recognised;
    /// entries older than the current instant are pruned from time to time.
    @usableFromInline var cancelled: [UInt64: Tick] = [:]
    @usableFromInline var liveCount = 0

    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }

    public init() {}

    /// Reserves room for `n` pending events.
    public mutating func reserveCapacity(_ n: Int) { heap.reserveCapacity(n) }

    /// The number of pending events that have not been cancelled.
    @inlinable public var count: Int { liveCount }
    @inlinable public var isEmpty: Bool { liveCount == 0 }

    /// Schedules `payload` at `time` with the given class; returns its identifier.
    @inlinable @discardableResult
    public mutating func push(_ payload: Payload, at requestedTime: Tick, priority: EventPriority = .normal) -> EventID {
        let time = Swift.max(requestedTime, currentInstant)
        let seq = nextSequence
        nextSequence &+= 1
        let key = (UInt64(priority.rawValue) << 56) | (seq & Self.sequenceMask)
        let entry = Entry(time: time, key: key, payload: payload)
        liveCount += 1
        if time == currentInstant, ringHead == ring.count || ring[ring.count - 1].key <= key {
            ring.append(entry)
        } else {
            heapPush(entry)
        }
        return EventID(sequence: seq, time: time)
    }

    /// Cancels a pending event (lazily: it is skipped when it reaches the front).
    /// Cancelling an event that already ran, or was already cancelled, is
    /// harmless and returns `false`.
    @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool {
        guard id.sequence < nextSequence, cancelled[id.sequence] == nil else { return false }
        guard isPending(id) else { return false }
        cancelled[id.sequence] = id.time
        liveCount -= 1
        return true
    }

    /// Whether the event is still waiting to run. An event due after the
    /// current instant cannot have run; one due before it has. Only events due
    /// at the current instant need a look, and the heap is searched only
    /// through entries due at that instant (a pruned walk from the root).
    func isPending(_ id: EventID) -> Bool {
        if id.time > currentInstant { return true }
        if id.time < currentInstant { return false }
        for i in ringHead..<ring.count where ring[i].key & Self.sequenceMask == id.sequence { return true }
        var stack = heap.isEmpty ? [] : [0]
        while let i = stack.popLast() {
            let e = heap[i]
            guard e.time == id.time else { continue }
            if e.key & Self.sequenceMask == id.sequence { return true }
            let l = 2 * i + 1
            if l < heap.count { stack.append(l) }
            if l + 1 < heap.count { stack.append(l + 1) }
        }
        return false
    }

    /// The time of the next event, if any.
    @inlinable
    public mutating func peekTime() -> Tick? {
        dropCancelledAtFront()
        let hasRing = ringHead < ring.count
        if hasRing, heap.isEmpty || ring[ringHead].precedes(heap[0]) { return ring[ringHead].time }
        return heap.isEmpty ? nil : heap[0].time
    }

    /// Removes and returns the next event.
    @inlinable
    public mutating func pop() -> (time: Tick, priority: EventPriority, id: EventID, payload: Payload)? {
        while true {
            let hasRing = ringHead < ring.count
            let entry: Entry
            if hasRing, heap.isEmpty || ring[ringHead].precedes(heap[0]) {
                entry = ring[ringHead]
                ringHead += 1
                if ringHead == ring.count { ring.removeAll(keepingCapacity: true); ringHead = 0 }
            } else if !heap.isEmpty {
                entry = heapPopMin()
            } else {
                return nil
            }
            let seq = entry.key & Self.sequenceMask
            if !cancelled.isEmpty, cancelled[seq] != nil { continue }
            liveCount -= 1
            if entry.time != currentInstant {
                currentInstant = entry.time
                if cancelled.count > 1024, cancelled.count > 2 * liveCount { pruneCancelled() }
            }
            return (entry.time, EventPriority(rawValue: UInt8(entry.key >> 56)), EventID(sequence: seq, time: entry.time), entry.payload)
        }
    }

    @inlinable
    mutating func dropCancelledAtFront() {
        guard !cancelled.isEmpty else { return }
        while true {
            let hasRing = ringHead < ring.count
            if hasRing, heap.isEmpty || ring[ringHead].precedes(heap[0]) {
                let seq = ring[ringHead].key & Self.sequenceMask
                guard cancelled[seq] != nil else { return }
                ringHead += 1
                if ringHead == ring.count { ring.removeAll(keepingCapacity: true); ringHead = 0 }
            } else if !heap.isEmpty {
                let seq = heap[0].key & Self.sequenceMask
                guard cancelled[seq] != nil else { return }
                _ = heapPopMin()
            } else {
                return
            }
        }
    }

    /// Forgets cancelled events due before the current instant: they can no
    /// longer be in the queue, and `isPending` already answers `false` for them.
    @usableFromInline
    mutating func pruneCancelled() {
        let now = currentInstant
        cancelled = cancelled.filter { $0.value >= now }
    }

    // MARK: binary heap on a flat array

    @inlinable
    mutating func heapPush(_ e: Entry) {
        heap.append(e)
        var i = heap.count - 1
        heap.withUnsafeMutableBufferPointer { h in
            let x = h[i]
            while i > 0 {
                let parent = (i - 1) >> 1
                if x.precedes(h[parent]) { h[i] = h[parent]; i = parent } else { break }
            }
            h[i] = x
        }
    }

    @inlinable
    mutating func heapPopMin() -> Entry {
        let top = heap[0]
        let last = heap.removeLast()
        let n = heap.count
        if n > 0 {
            heap.withUnsafeMutableBufferPointer { h in
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= n { break }
                    let r = l + 1
                    let c = (r < n && h[r].precedes(h[l])) ? r : l
                    if h[c].precedes(last) { h[i] = h[c]; i = c } else { break }
                }
                h[i] = last
            }
        }
        return top
    }
}
