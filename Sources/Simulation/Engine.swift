// SPDX-License-Identifier: GPL-3.0-or-later

/// A discrete-event simulation engine: a clock and a future-event list.
///
/// The engine knows nothing of what events mean. A model defines its own event
/// type (usually a small enum), schedules events, and handles them as
/// ``run(until:_:)`` hands them back in order. Everything else — resources,
/// statistics, processes — is layered on this, as SimPy layers everything on a
/// tiny core.
///
/// The engine is single-threaded and not `Sendable`: parallelism comes from
/// running independent replications side by side (``Replications``), never
/// from sharing one engine.
public final class Engine<Event> {
    /// The clock, the counter and the event list live in one block of memory
    /// owned by the engine and reached through a pointer: mutating a stored
    /// property of a class makes Swift check exclusive access at run time
    /// (`swift_beginAccess`, about a quarter of the time of a small model),
    /// while memory reached through an unsafe pointer is not checked. The
    /// engine is single-threaded and never hands the pointer out, so nothing
    /// can overlap.
    @usableFromInline let state: UnsafeMutablePointer<State>

    @usableFromInline
    struct State {
        @usableFromInline var now: Tick
        @usableFromInline var processed: Int = 0
        @usableFromInline var queue = EventQueue<Event>()
        @inlinable init(now: Tick) { self.now = now }
    }

    /// The current simulation time.
    @inlinable public var now: Tick { state.pointee.now }
    /// Events handed to the model so far.
    @inlinable public var eventsProcessed: Int { state.pointee.processed }

    public init(startingAt start: Tick = 0) {
        state = .allocate(capacity: 1)
        state.initialize(to: State(now: start))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The number of pending events.
    @inlinable public var pendingCount: Int { state.pointee.queue.count }

    /// Keeps events due more than a bucket of 2^`log2Width` ticks ahead out of the event
    /// list's heap until the clock nears them (``EventQueue/useFarBuckets(log2Width:count:)``):
    /// for models with many events pending far ahead. The order of events is unchanged.
    /// Call before scheduling anything.
    public func useFarBuckets(log2Width: Int, count: Int = 4096) {
        state.pointee.queue.useFarBuckets(log2Width: log2Width, count: count)
    }

    /// Reserves room in the event list for `n` pending events.
    public func reserveCapacity(_ n: Int) { state.pointee.queue.reserveCapacity(n) }

    /// Schedules `event` at absolute time `time` (not before now).
    ///
    /// - Precondition: `time >= now`. Scheduling into the past is a model bug;
    ///   the engine clamps it to now rather than run time backwards.
    @inlinable @inline(__always) @discardableResult
    public func schedule(_ event: Event, at time: Tick, priority: EventPriority = .normal) -> EventID {
        state.pointee.queue.push(event, at: Swift.max(time, state.pointee.now), priority: priority)
    }

    /// Schedules `event` `delay` ticks from now (a negative delay counts as 0).
    @inlinable @inline(__always) @discardableResult
    public func schedule(_ event: Event, after delay: Tick, priority: EventPriority = .normal) -> EventID {
        state.pointee.queue.push(event, at: state.pointee.now &+ Swift.max(delay, 0), priority: priority)
    }

    /// Cancels a pending event; returns whether it was pending.
    @discardableResult
    public func cancel(_ id: EventID) -> Bool { state.pointee.queue.cancel(id) }

    /// The time of the next pending event, if any.
    public func nextEventTime() -> Tick? { state.pointee.queue.peekTime() }

    /// Removes the next event, advances the clock to its time and returns it,
    /// or returns `nil` when the next event is after `limit` (the clock then
    /// stays where it is) or there are none.
    @inlinable @inline(__always)
    public func step(notAfter limit: Tick = .max) -> (time: Tick, event: Event)? {
        guard let e = state.pointee.queue.pop(notAfter: limit) else { return nil }
        state.pointee.now = e.time
        state.pointee.processed &+= 1
        return (e.time, e.payload)
    }

    /// Runs events in order until the next one is after `end`, then sets the
    /// clock to `end`. Events due exactly at `end` are run.
    @inlinable
    public func run(until end: Tick, _ handle: (Event) -> Void) {
        while let (_, event) = step(notAfter: end) {
            handle(event)
        }
        if end > state.pointee.now { state.pointee.now = end }
    }

    /// ``run(until:_:)``, telling the model before each event which event is probably next
    /// (`lookAhead`, called with the front of the event list, if any, just before `handle` is
    /// called with the current one), so that the model can start loading the next event's
    /// records (``prefetchForReading(_:)``) while it handles this one. The guess ignores
    /// cancellations and events not yet in the heap (``useFarBuckets(log2Width:count:)``),
    /// and `handle` may schedule an earlier one, so `lookAhead` must not change anything
    /// the run depends on. Events run in exactly the same order as with ``run(until:_:)``.
    /// (Always inlined, so that the model's closures are inlined into the loop: called
    /// through function values, each call retained and released the model.)
    @inlinable @inline(__always)
    public func run(until end: Tick, lookAhead: (Event) -> Void, _ handle: (Event) -> Void) {
        while let (_, event) = step(notAfter: end) {
            if let next = state.pointee.queue.frontHint() { lookAhead(next) }
            handle(event)
        }
        if end > state.pointee.now { state.pointee.now = end }
    }

    /// Runs events in order until there are none left.
    @inlinable
    public func runToCompletion(_ handle: (Event) -> Void) {
        while let (_, event) = step() {
            handle(event)
        }
    }
}
