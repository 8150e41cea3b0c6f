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

    // (Computed and inlinable, not stored: a stored `static let` is a lazily initialised global,
    // and every schedule from another module called its accessor, with its once-check.)
    @inlinable public static var release: EventPriority { EventPriority(rawValue: 10) }
    @inlinable public static var capacityChange: EventPriority { EventPriority(rawValue: 20) }
    @inlinable public static var postRelease: EventPriority { EventPriority(rawValue: 30) }
    @inlinable public static var normal: EventPriority { EventPriority(rawValue: 128) }
    @inlinable public static var arrival: EventPriority { EventPriority(rawValue: 200) }
    @inlinable public static var observation: EventPriority { EventPriority(rawValue: 250) }

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

/// The future-event list: a flat array-backed min-heap of small value
/// entries, ordered by (time, priority, insertion sequence).
///
/// The priority and the sequence number are packed into one `UInt64` key
/// (priority in the top 8 bits, a 56-bit sequence below), so an entry compares
/// with two integer comparisons. The heap is binary: a 4-ary heap, Floyd's
/// bottom-up removal, branch-free child selection (with and without a
/// software prefetch of the grandchildren) and filling the root left by a pop
/// with the next push were all measured with `caseflow bench hold` and none
/// beat the plain binary heap on this machine (`docs/engine.md`).
///
/// Cancellation is lazy: a cancelled event stays in the heap and is skipped
/// when it reaches the front. While no cancelled event is in the list, the
/// hot path never looks at the cancellation books.
///
/// Events scheduled for the instant currently being processed take a fast
/// path: a FIFO ring that bypasses the heap, as long as this keeps the ring in
/// key order (the new event's priority is not below the ring's last). The
/// next event is always the smaller of the ring's head and the heap's top, so
/// the fast path never changes the order of events.
///
/// Times never go backwards: a push for a time before the last pop is
/// scheduled at the time of the last pop (``Engine`` clamps the same way).
public struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Tick
        @usableFromInline var key: UInt64
        @usableFromInline var payload: Payload
        @inlinable @inline(__always) init(time: Tick, key: UInt64, payload: Payload) {
            self.time = time; self.key = key; self.payload = payload
        }
        @inlinable @inline(__always) func precedes(_ o: Entry) -> Bool {
            time < o.time || (time == o.time && key < o.key)
        }
    }

    /// The heap is `heap[0..<heapCount]`. Slots past `heapCount` are spare:
    /// a pop only moves the count down and a push reuses the slot, so popping
    /// and pushing neither shrink nor grow the array (no call to
    /// `removeLast`/`append` and one uniqueness check per operation). A spare
    /// slot keeps its old entry, payload included, until it is reused.
    @usableFromInline var heap: [Entry] = []
    @usableFromInline var heapCount = 0
    @usableFromInline var ring: [Entry] = []
    @usableFromInline var ringHead = 0
    /// The instant whose events may use the fast path (the time of the last pop).
    @usableFromInline var currentInstant: Tick = .min
    @usableFromInline var nextSequence: UInt64 = 0
    /// Cancelled events by sequence number, with their times. An entry stays
    /// after its event is skipped, so that cancelling twice is recognised;
    /// entries older than the current instant are pruned from time to time.
    @usableFromInline var cancelled: [UInt64: Tick] = [:]
    /// Cancelled events still physically in the heap or the ring. While it
    /// is 0, popping never consults `cancelled`.
    @usableFromInline var cancelledInQueue = 0
    /// `cancelled.count`, kept in the struct so that the hot path need not
    /// reach into the dictionary's storage to read it.
    @usableFromInline var cancelledRecords = 0
    @usableFromInline var liveCount = 0

    // Far-future buckets (off unless `useFarBuckets` was called). With hundreds of
    // thousands of pending events, most of them months or years ahead, a pop from one
    // big heap is a chain of cache misses. With buckets on, the heap holds only the
    // events before `windowEnd` (the end of the current bucket of 2^`bucketShift`
    // ticks) and any beyond the buckets' reach; later events wait, unsorted, in
    // their bucket; when the window reaches a bucket its events are sorted into a run
    // (`openRun`), which pops by a pointer step while the heap keeps only the events
    // scheduled since for times before `windowEnd`. The next event is still the least
    // (time, key) of the ring's head, the run's head and the heap's top, so the order of
    // events is exactly that of the single heap.
    /// log2 of a bucket's width in ticks; -1: buckets off.
    @usableFromInline var bucketShift = -1
    /// The current bucket (`time >> bucketShift`); the heap holds every pending event
    /// before `windowEnd` = (`window` + 1) << `bucketShift`.
    @usableFromInline var window: Int64 = 0
    @usableFromInline var windowEnd: Tick = .max
    /// Bucket b (`window` < b ≤ `window` + `bucketMask` + 1) is number `b & bucketMask` of
    /// `far`'s buckets: flat storage reached through pointers (``FarBuckets``), so that
    /// appending to a bucket is a store and a count, with no array header to check.
    @usableFromInline var farOwner: FarBucketsOwner<Entry>?
    @usableFromInline var far: UnsafeMutablePointer<FarBuckets<Entry>>?
    @usableFromInline var bucketMask: Int64 = 0
    /// Events waiting in buckets.
    @usableFromInline var farCount = 0
    /// The current bucket's events, sorted by (time, key) when the window reached it:
    /// `runBase[runHead..<runEnd]` are pending (the next is a pointer step, not a sift
    /// through the heap); the heap holds only events scheduled since for times before
    /// `windowEnd`, and those beyond the buckets' reach. The run lives in the far buckets'
    /// storage (``FarBuckets/run``); entries before `runHead` stay there until the next
    /// bucket's events replace them, so a pop only reads the run's memory.
    @usableFromInline var runBase: UnsafeMutablePointer<Entry>?
    @usableFromInline var runHead = 0
    @usableFromInline var runEnd = 0

    @usableFromInline static var sequenceMask: UInt64 { (1 << 56) - 1 }

    public init() {}

    /// Keeps events due after the current bucket of 2^`log2Width` ticks out of the heap,
    /// in `count` (rounded up to a power of two) unsorted buckets, until the clock
    /// reaches their bucket; events beyond the last bucket go into the heap as before.
    /// Worth it when many events are pending far ahead of the clock; the order of events
    /// is unchanged. Call before scheduling anything.
    public mutating func useFarBuckets(log2Width: Int, count: Int = 4096) {
        precondition(heapCount == 0 && ring.isEmpty && farCount == 0, "useFarBuckets: call it before scheduling")
        precondition((0..<62).contains(log2Width) && count > 0, "useFarBuckets: a width of 2^0 to 2^61 ticks and at least one bucket")
        var n = 1
        while n < count { n <<= 1 }
        bucketShift = log2Width
        let owner = FarBucketsOwner<Entry>(buckets: n)
        farOwner = owner
        far = owner.state
        bucketMask = Int64(n - 1)
        setWindow(containing: currentInstant == .min ? 0 : currentInstant)
    }

    @inlinable @inline(__always)
    mutating func setWindow(containing t: Tick) {
        window = Int64(t) >> Int64(bucketShift)
        let end = (window &+ 1) << Int64(bucketShift)
        windowEnd = end < window ? .max : Tick(end)
    }

    /// Reserves room for `n` pending events.
    public mutating func reserveCapacity(_ n: Int) { heap.reserveCapacity(n) }

    /// The number of pending events that have not been cancelled.
    @inlinable public var count: Int { liveCount }
    @inlinable public var isEmpty: Bool { liveCount == 0 }

    /// Schedules `payload` at `time` with the given class; returns its identifier.
    @inlinable @inline(__always) @discardableResult
    public mutating func push(_ payload: Payload, at requestedTime: Tick, priority: EventPriority = .normal) -> EventID {
        let time = Swift.max(requestedTime, currentInstant)
        let seq = nextSequence
        nextSequence &+= 1
        let key = (UInt64(priority.rawValue) << 56) | (seq & Self.sequenceMask)
        let entry = Entry(time: time, key: key, payload: payload)
        liveCount &+= 1
        if time == currentInstant, ringHead == ring.count || ring[ring.count &- 1].key <= key {
            ring.append(entry)
        } else if time < windowEnd {
            heapPush(entry)
        } else {
            farPush(entry)
        }
        return EventID(sequence: seq, time: time)
    }

    /// An event at or after `windowEnd` (buckets on): into its bucket, or the heap if
    /// it is beyond the last bucket.
    @inlinable @inline(never)
    mutating func farPush(_ e: Entry) {
        guard bucketShift >= 0 else { heapPush(e); return }   // (buckets off: only at `Tick.max`)
        let b = Int64(e.time) >> Int64(bucketShift)
        if b &- window > bucketMask &+ 1 {
            heapPush(e)
        } else {
            if !isKnownUniquelyReferenced(&farOwner) { copyFarBuckets() }
            far.unsafelyUnwrapped.pointee.append(e, toBucket: Int(b & bucketMask))
            farCount &+= 1
        }
    }

    /// Gives this queue its own copy of the far buckets (a copied queue shared them).
    @usableFromInline
    mutating func copyFarBuckets() {
        guard let owner = farOwner else { return }
        let copy = owner.copy()
        farOwner = copy
        far = copy.state
        runBase = copy.state.pointee.run
    }

    /// Moves the window on, bucket by bucket, until the heap's top is before its end or
    /// no bucket holds an event; the first bucket reached that holds events becomes the
    /// sorted run (``openRun(bucket:_:)``). Called only when the run is used up.
    @inlinable @inline(never)
    mutating func advanceWindow() {
        if !isKnownUniquelyReferenced(&farOwner) { copyFarBuckets() }
        let f = far.unsafelyUnwrapped
        while farCount > 0 && (heapCount == 0 || heap[0].time >= windowEnd) {
            window &+= 1
            windowEnd = Tick((window &+ 1) << Int64(bucketShift))
            let k = Int(window & bucketMask)
            guard f.pointee.head[k] >= 0 else { continue }
            openRun(bucket: k, f)
            return
        }
    }

    /// Makes bucket `k` (the window's, not empty) the run: its events, which came in the
    /// order they were scheduled (by sequence), are sorted by (time, class) with stable
    /// counting sorts — least significant digit first: the class (the key's top byte), then
    /// the time within the bucket, 11 bits a pass — so equal (time, class) keep their
    /// sequence order and the run is in (time, key) order, as the heap would give them. A
    /// pass whose digit is the same for every event is skipped. The run was used up.
    ///
    /// One read of the bucket's chunks counts every pass's digits at once (the counts do not
    /// depend on the order), and the first pass that sorts anything moves the events straight
    /// out of the chunks: the chunks are not first copied into the run (that copy, and a
    /// count pass over the run for each digit, were over half of opening a run).
    /// (Inlinable, so that it is specialised for the model's events with `advanceWindow`: the
    /// generic function moved each entry through its type's value witnesses.)
    @inlinable
    mutating func openRun(bucket k: Int, _ f: UnsafeMutablePointer<FarBuckets<Entry>>) {
        let start = UInt64(bitPattern: (window << Int64(bucketShift)))
        // Pass 0: the class; passes 1...: the time within the bucket, 11 bits each. Pass p's
        // counters are `counts[offset(p) ..< offset(p) + radix(p)]`.
        let timePasses = (bucketShift + 10) / 11
        let passes = 1 + timePasses
        @inline(__always) func radix(_ pass: Int) -> Int { pass == 0 ? 256 : 2048 }
        @inline(__always) func offset(_ pass: Int) -> Int { pass == 0 ? 0 : 256 &+ 2048 &* (pass &- 1) }
        @inline(__always) func digit(_ e: UnsafeMutablePointer<Entry>, _ pass: Int) -> Int {
            pass == 0 ? Int(truncatingIfNeeded: e.pointee.key >> 56)
                : Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(e.pointee.time)) &- start) >> UInt64(11 &* (pass &- 1))) & 2047
        }
        let counts = f.pointee.counts
        counts.update(repeating: 0, count: offset(passes))
        // The chunks, in the order the events came: their number and every pass's counts.
        var n = 0
        var c = f.pointee.head[k]
        while c >= 0 {
            let m = c == f.pointee.tail[k] ? Int(f.pointee.fill[k]) : FarBuckets<Entry>.chunkSize
            let p = f.pointee.chunk(c)
            // The bucket's chunks were written days or weeks ago and are cold, and a chunk
            // starts where the processor's own prefetcher cannot guess: start loading the next
            // chunk's lines while this one is counted (about half of opening a run waited for
            // them). A hint only.
            let after = f.pointee.next[Int(c)]
            if after >= 0 {
                let q = UnsafeRawPointer(f.pointee.chunk(after))
                var offset = 0
                while offset < FarBuckets<Entry>.chunkSize &* MemoryLayout<Entry>.stride {
                    prefetchForReading(q + offset)
                    offset &+= 64
                }
            }
            if timePasses == 1 {
                for j in 0..<m {
                    counts[digit(p + j, 0)] &+= 1
                    counts[256 &+ digit(p + j, 1)] &+= 1
                }
            } else {
                for j in 0..<m {
                    for pass in 0..<passes { counts[offset(pass) &+ digit(p + j, pass)] &+= 1 }
                }
            }
            n &+= m
            c = f.pointee.next[Int(c)]
        }
        f.pointee.prepareRun(capacity: n)
        // Each pass's counts become where each digit's events start; a pass whose digit is the
        // same for every event (the first event's has them all) is marked as skipped, as bit
        // `pass` of `skip` (decided before any event moves out of the chunks).
        let first = f.pointee.chunk(f.pointee.head[k])
        var skip = 0
        for pass in 0..<passes {
            let cp = counts + offset(pass)
            if cp[digit(first, pass)] == n { skip |= 1 << pass; continue }
            var total = 0
            for d in 0..<radix(pass) { let m = cp[d]; cp[d] = total; total &+= m }
        }
        var src = f.pointee.run
        var dst = f.pointee.spare
        var pass = 0
        while pass < passes && skip & (1 << pass) != 0 { pass &+= 1 }
        // The chunks into the run: sorted by the first pass that sorts anything, or as they
        // came if none does. Each chunk goes back to the free list once emptied.
        let cp = counts + offset(Swift.min(pass, passes &- 1))
        var at = 0
        c = f.pointee.head[k]
        while c >= 0 {
            let m = c == f.pointee.tail[k] ? Int(f.pointee.fill[k]) : FarBuckets<Entry>.chunkSize
            let p = f.pointee.chunk(c)
            if pass == passes {
                (src + at).moveInitialize(from: p, count: m)
                at &+= m
            } else {
                for j in 0..<m {
                    let d = digit(p + j, pass)
                    (src + cp[d]).moveInitialize(from: p + j, count: 1)
                    cp[d] &+= 1
                }
            }
            c = f.pointee.releaseChunk(c)
        }
        f.pointee.head[k] = -1
        f.pointee.tail[k] = -1
        f.pointee.fill[k] = 0
        farCount &-= n
        // The remaining passes, between the run and the spare buffer.
        pass &+= 1
        while pass < passes {
            if skip & (1 << pass) == 0 {
                let cp = counts + offset(pass)
                for i in 0..<n {
                    let d = digit(src + i, pass)
                    (dst + cp[d]).moveInitialize(from: src + i, count: 1)
                    cp[d] &+= 1
                }
                swap(&src, &dst)
            }
            pass &+= 1
        }
        f.pointee.run = src
        f.pointee.spare = dst
        f.pointee.runFill = n
        runBase = src
        runHead = 0
        runEnd = n
    }

    /// Cancels a pending event (lazily: it is skipped when it reaches the front).
    /// Cancelling an event that already ran, or was already cancelled, is
    /// harmless and returns `false`.
    @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool {
        guard id.sequence < nextSequence, cancelled[id.sequence] == nil else { return false }
        guard isPending(id) else { return false }
        cancelled[id.sequence] = id.time
        cancelledRecords = cancelled.count
        liveCount -= 1
        cancelledInQueue += 1
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
        // The run is sorted: its events due now are at its head.
        var r = runHead
        while r < runEnd, let base = runBase, base[r].time == id.time {
            if base[r].key & Self.sequenceMask == id.sequence { return true }
            r += 1
        }
        var stack = heapCount == 0 ? [] : [0]
        while let i = stack.popLast() {
            let e = heap[i]
            guard e.time == id.time else { continue }
            if e.key & Self.sequenceMask == id.sequence { return true }
            let l = 2 * i + 1
            if l < heapCount { stack.append(l) }
            if l + 1 < heapCount { stack.append(l + 1) }
        }
        return false
    }

    /// The time of the next event, if any.
    @inlinable
    public mutating func peekTime() -> Tick? {
        liveFront()?.entry.time
    }

    /// Where the front of the event list is: the fast-path ring, the sorted run of the
    /// current bucket, or the heap.
    @usableFromInline enum Source { case ring, run, heap }

    /// The earliest event that has not been cancelled (dropping cancelled ones
    /// met on the way), and where it is.
    @inlinable @inline(__always)
    mutating func liveFront() -> (entry: Entry, source: Source)? {
        while true {
            if farCount > 0 && runHead == runEnd && (heapCount == 0 || heap[0].time >= windowEnd) { advanceWindow() }
            var source: Source
            var front: Entry
            if runHead < runEnd {
                front = runBase.unsafelyUnwrapped[runHead]
                source = .run
                if heapCount != 0 && heap[0].precedes(front) { front = heap[0]; source = .heap }
            } else if heapCount != 0 {
                front = heap[0]
                source = .heap
            } else if ringHead < ring.count {
                front = ring[ringHead]
                source = .ring
            } else {
                return nil
            }
            if ringHead < ring.count && source != .ring && ring[ringHead].precedes(front) {
                front = ring[ringHead]
                source = .ring
            }
            if cancelledInQueue > 0, discardIfCancelled(front, source) { continue }
            return (front, source)
        }
    }

    /// The payload at the front of the ring, the run or the heap, whichever comes first:
    /// the next event unless it was cancelled or one due sooner is still in a far bucket
    /// (or is scheduled before it runs). A guess for prefetching, not an answer; `nil`
    /// when all are empty.
    @inlinable @inline(__always)
    func frontHint() -> Payload? {
        var front: Entry
        if runHead < runEnd {
            front = runBase.unsafelyUnwrapped[runHead]
            if heapCount != 0 && heap[0].precedes(front) { front = heap[0] }
        } else if heapCount != 0 {
            front = heap[0]
        } else {
            return ringHead < ring.count ? ring[ringHead].payload : nil
        }
        if ringHead < ring.count && ring[ringHead].precedes(front) { return ring[ringHead].payload }
        return front.payload
    }

    /// Removes and returns the next event.
    @inlinable
    public mutating func pop() -> (time: Tick, priority: EventPriority, id: EventID, payload: Payload)? {
        pop(notAfter: .max)
    }

    /// Removes and returns the next event if it is due at or before `limit`;
    /// otherwise leaves it in place and returns `nil`.
    @inlinable @inline(__always)
    public mutating func pop(notAfter limit: Tick) -> (time: Tick, priority: EventPriority, id: EventID, payload: Payload)? {
        guard let (front, source) = liveFront(), front.time <= limit else { return nil }
        remove(source)
        liveCount &-= 1
        if front.time != currentInstant {
            currentInstant = front.time
            // (Only with no events in buckets can the clock pass the window: move the
            // window up to it, so that events due now never go into a bucket.)
            if front.time >= windowEnd && bucketShift >= 0 { setWindow(containing: front.time) }
            if cancelledRecords > 1024, cancelledRecords > 2 * liveCount { pruneCancelled() }
        }
        let seq = front.key & Self.sequenceMask
        return (front.time, EventPriority(rawValue: UInt8(truncatingIfNeeded: front.key >> 56)),
                EventID(sequence: seq, time: front.time), front.payload)
    }

    /// Removes the front of `source`.
    @inlinable @inline(__always)
    mutating func remove(_ source: Source) {
        switch source {
        case .run:
            runHead &+= 1
        case .heap:
            heapRemoveMin()
        case .ring:
            ringHead &+= 1
            if ringHead == ring.count { ring.removeAll(keepingCapacity: true); ringHead = 0 }
        }
    }

    /// Removes `front` (the front of `source`) if it was cancelled; returns whether it did.
    @usableFromInline
    mutating func discardIfCancelled(_ front: Entry, _ source: Source) -> Bool {
        guard cancelled[front.key & Self.sequenceMask] != nil else { return false }
        remove(source)
        cancelledInQueue -= 1
        return true
    }

    /// Forgets cancelled events due before the current instant: they can no
    /// longer be in the queue, and `isPending` already answers `false` for them.
    @usableFromInline
    mutating func pruneCancelled() {
        let now = currentInstant
        cancelled = cancelled.filter { $0.value >= now }
        cancelledRecords = cancelled.count
    }

    // MARK: binary heap on a flat array

    @inlinable @inline(__always)
    mutating func heapPush(_ e: Entry) {
        if heapCount == heap.count { heap.append(e) }
        heapCount &+= 1
        let n = heapCount
        heap.withUnsafeMutableBufferPointer { h in
            let base = h.baseAddress.unsafelyUnwrapped
            var i = n &- 1
            while i > 0 {
                let parent = (i &- 1) >> 1
                if e.precedes(base[parent]) { base[i] = base[parent]; i = parent } else { break }
            }
            base[i] = e
        }
    }

    /// Removes the top of a non-empty heap: the last entry is sifted down
    /// from the root (its old slot becomes spare).
    @inlinable @inline(__always)
    mutating func heapRemoveMin() {
        heapCount &-= 1
        let n = heapCount
        guard n > 0 else { return }
        heap.withUnsafeMutableBufferPointer { h in
            let base = h.baseAddress.unsafelyUnwrapped
            let last = base[n]
            var i = 0
            while true {
                let l = 2 &* i &+ 1
                if l >= n { break }
                let r = l &+ 1
                let c = (r < n && base[r].precedes(base[l])) ? r : l
                if base[c].precedes(last) { base[i] = base[c]; i = c } else { break }
            }
            base[i] = last
        }
    }
}

/// The far buckets' storage (``EventQueue/useFarBuckets(log2Width:count:)``): entries in chunks
/// of ``chunkSize`` that never move (allocated 64 chunks at a time), each bucket a list of
/// chunks filled in order, and a list of free chunks that drained buckets give back. Plain
/// memory reached through pointers: appending an event to its bucket stores it and bumps a
/// count, with no array to check for uniqueness or grow (a bucket as an array of arrays was
/// two uniqueness checks and a header's cache miss per event). ``FarBucketsOwner`` owns it.
@usableFromInline
struct FarBuckets<Element> {
    // (Inlinable: as plain `@usableFromInline` getters of a generic type, every specialised
    // `farPush` called `chunkSize`'s getter, with the type's metadata looked up first.)
    @inlinable static var chunkShift: Int { 6 }
    @inlinable static var chunkSize: Int { 1 << chunkShift }
    /// (``chunk(_:)`` divides by it with a shift: keep it 64.)
    static var chunksPerSlab: Int { 64 }

    @usableFromInline let bucketCount: Int
    /// Per bucket: its first and last chunks (-1: the bucket is empty) and the entries in
    /// its last chunk (every other chunk of a bucket is full).
    @usableFromInline let head: UnsafeMutablePointer<Int32>
    @usableFromInline let tail: UnsafeMutablePointer<Int32>
    @usableFromInline let fill: UnsafeMutablePointer<Int32>
    /// Per chunk: the next chunk of its bucket, or of the free list (-1: none).
    @usableFromInline var next: UnsafeMutablePointer<Int32>
    /// Chunk c is `chunkSize` entries at `slabs[c / chunksPerSlab]`, `c % chunksPerSlab` chunks in.
    @usableFromInline var slabs: UnsafeMutablePointer<UnsafeMutablePointer<Element>>
    @usableFromInline var slabCount = 0
    var slabCapacity = 0
    @usableFromInline var freeChunk: Int32 = -1
    /// The sorted run of the window's bucket (``EventQueue/openRun(bucket:_:)``): `runFill`
    /// initialised entries (those the queue has popped too, until the next run replaces
    /// them), room for `runCapacity`; `spare` is as large, uninitialised, for the sort's
    /// passes; `counts` the sort's digit counters (256 for the class, 2,048 for each of up to
    /// six 11-bit digits of the time within a bucket).
    @usableFromInline var run: UnsafeMutablePointer<Element>
    @usableFromInline var spare: UnsafeMutablePointer<Element>
    @usableFromInline var runFill = 0
    var runCapacity = 0
    @usableFromInline let counts: UnsafeMutablePointer<Int>

    init(buckets n: Int) {
        bucketCount = n
        head = .allocate(capacity: n); head.initialize(repeating: -1, count: n)
        tail = .allocate(capacity: n); tail.initialize(repeating: -1, count: n)
        fill = .allocate(capacity: n); fill.initialize(repeating: 0, count: n)
        slabCapacity = 4
        slabs = .allocate(capacity: slabCapacity)
        next = .allocate(capacity: slabCapacity * Self.chunksPerSlab)
        runCapacity = Self.chunkSize
        run = .allocate(capacity: runCapacity)
        spare = .allocate(capacity: runCapacity)
        counts = .allocate(capacity: 256 + 6 * 2048)
    }

    /// Empties the run (its entries all popped) and makes room for `n` entries in it.
    @usableFromInline
    mutating func prepareRun(capacity n: Int) {
        run.deinitialize(count: runFill)
        runFill = 0
        guard n > runCapacity else { return }
        run.deallocate()
        spare.deallocate()
        runCapacity = Swift.max(n, 2 * runCapacity)
        run = .allocate(capacity: runCapacity)
        spare = .allocate(capacity: runCapacity)
    }

    /// The first entry of chunk `c`.
    @inlinable @inline(__always)
    func chunk(_ c: Int32) -> UnsafeMutablePointer<Element> {
        slabs[Int(c) >> 6] + ((Int(c) & 63) << Self.chunkShift)
    }

    /// Appends `e` to bucket `k`.
    @inlinable @inline(__always)
    mutating func append(_ e: Element, toBucket k: Int) {
        var t = tail[k]
        var n = Int(fill[k])
        if t < 0 || n == Self.chunkSize {
            let c = takeChunk()
            if t < 0 { head[k] = c } else { next[Int(t)] = c }
            tail[k] = c
            t = c
            n = 0
        }
        (chunk(t) + n).initialize(to: e)
        fill[k] = Int32(truncatingIfNeeded: n &+ 1)
    }

    /// A free chunk (a new one if none is free), with no next chunk.
    @usableFromInline
    mutating func takeChunk() -> Int32 {
        var c = freeChunk
        if c >= 0 {
            freeChunk = next[Int(c)]
        } else {
            if slabCount == slabCapacity {
                let more = slabCapacity * 2
                let s = UnsafeMutablePointer<UnsafeMutablePointer<Element>>.allocate(capacity: more)
                s.moveInitialize(from: slabs, count: slabCount)
                slabs.deallocate()
                slabs = s
                let x = UnsafeMutablePointer<Int32>.allocate(capacity: more * Self.chunksPerSlab)
                x.moveInitialize(from: next, count: slabCount * Self.chunksPerSlab)
                next.deallocate()
                next = x
                slabCapacity = more
            }
            slabs[slabCount] = .allocate(capacity: Self.chunksPerSlab << Self.chunkShift)
            c = Int32(slabCount * Self.chunksPerSlab)
            // The slab's other chunks go on the free list, lowest first.
            for k in stride(from: Self.chunksPerSlab - 1, to: 0, by: -1) {
                next[Int(c) + k] = freeChunk
                freeChunk = c + Int32(k)
            }
            slabCount += 1
        }
        next[Int(c)] = -1
        return c
    }

    /// Puts chunk `c` (its entries already moved out) on the free list; returns the chunk
    /// that followed it in its bucket.
    @inlinable @inline(__always)
    mutating func releaseChunk(_ c: Int32) -> Int32 {
        let after = next[Int(c)]
        next[Int(c)] = freeChunk
        freeChunk = c
        return after
    }

    /// Calls `body` with each chunk's entries of bucket `k`, in order.
    func forEachRun(ofBucket k: Int, _ body: (UnsafeMutablePointer<Element>, Int) -> Void) {
        var c = head[k]
        while c >= 0 {
            body(chunk(c), c == tail[k] ? Int(fill[k]) : Self.chunkSize)
            c = next[Int(c)]
        }
    }
}

/// Owns a ``FarBuckets`` (its memory and the entries still in it), so that a queue's buckets
/// are freed with it and a copied queue copies them before changing them.
@usableFromInline
final class FarBucketsOwner<Element> {
    @usableFromInline let state: UnsafeMutablePointer<FarBuckets<Element>>

    init(buckets n: Int) {
        state = .allocate(capacity: 1)
        state.initialize(to: FarBuckets(buckets: n))
    }

    /// Another owner with the same events in the same buckets, in the same order.
    func copy() -> FarBucketsOwner {
        let other = FarBucketsOwner(buckets: state.pointee.bucketCount)
        for k in 0..<state.pointee.bucketCount {
            state.pointee.forEachRun(ofBucket: k) { p, n in
                for j in 0..<n { other.state.pointee.append(p[j], toBucket: k) }
            }
        }
        let fill = state.pointee.runFill
        other.state.pointee.prepareRun(capacity: fill)
        other.state.pointee.run.initialize(from: state.pointee.run, count: fill)
        other.state.pointee.runFill = fill
        return other
    }

    deinit {
        let f = state.pointee
        for k in 0..<f.bucketCount { f.forEachRun(ofBucket: k) { p, n in p.deinitialize(count: n) } }
        for i in 0..<f.slabCount { f.slabs[i].deallocate() }
        f.slabs.deallocate()
        f.next.deallocate()
        f.head.deallocate(); f.tail.deallocate(); f.fill.deallocate()
        f.run.deinitialize(count: f.runFill)
        f.run.deallocate(); f.spare.deallocate(); f.counts.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }
}
