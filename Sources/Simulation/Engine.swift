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
    /// The current simulation time.
    @inlinable public var now: Tick { currentTime }
    @usableFromInline var currentTime: Tick
    @usableFromInline var queue = EventQueue<Event>()
    /// Events handed to the model so far.
    @inlinable public var eventsProcessed: Int { processed }
    @usableFromInline var processed: Int = 0

    public init(startingAt start: Tick = 0) {
        self.currentTime = start
    }

    /// The number of pending events.
    @inlinable public var pendingCount: Int { queue.count }

    /// Reserves room in the event list for `n` pending events.
    public func reserveCapacity(_ n: Int) { queue.reserveCapacity(n) }

    /// Schedules `event` at absolute time `time` (not before now).
    ///
    /// - Precondition: `time >= now`. Scheduling into the past is a model bug;
    ///   the engine clamps it to now rather than run time backwards.
    @inlinable @discardableResult
    public func schedule(_ event: Event, at time: Tick, priority: EventPriority = .normal) -> EventID {
        queue.push(event, at: max(time, now), priority: priority)
    }

    /// Schedules `event` `delay` ticks from now (a negative delay counts as 0).
    @inlinable @discardableResult
    public func schedule(_ event: Event, after delay: Tick, priority: EventPriority = .normal) -> EventID {
        queue.push(event, at: now &+ max(delay, 0), priority: priority)
    }

    /// Cancels a pending event; returns whether it was pending.
    @discardableResult
    public func cancel(_ id: EventID) -> Bool { queue.cancel(id) }

    /// The time of the next pending event, if any.
    public func nextEventTime() -> Tick? { queue.peekTime() }

    /// Removes the next event, advances the clock to its time and returns it,
    /// or returns `nil` when the next event is after `limit` (the clock then
    /// stays where it is) or there are none.
    @inlinable
    public func step(notAfter limit: Tick = .max) -> (time: Tick, event: Event)? {
        guard let t = queue.peekTime(), t <= limit, let e = queue.pop() else { return nil }
        currentTime = e.time
        processed &+= 1
        return (e.time, e.payload)
    }

    /// Runs events in order until the next one is after `end`, then sets the
    /// clock to `end`. Events due exactly at `end` are run.
    @inlinable
    public func run(until end: Tick, _ handle: (Event) -> Void) {
        while let (_, event) = step(notAfter: end) {
            handle(event)
        }
        if end > currentTime { currentTime = end }
    }

    /// Runs events in order until there are none left.
    @inlinable
    public func runToCompletion(_ handle: (Event) -> Void) {
        while let (_, event) = step() {
            handle(event)
        }
    }
}
