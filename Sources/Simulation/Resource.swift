// SPDX-License-Identifier: GPL-3.0-or-later

/// A pool of identical servers with a first-in, first-out waiting line, an
/// optional limit on the line, and a capacity that can change over time.
///
/// The resource only keeps the books; the model schedules the events. The
/// same-instant rules of ``EventPriority`` make its answers right when things
/// coincide: schedule releases with `.release`, capacity changes with
/// `.capacityChange` and arrivals with `.arrival`, and an arrival meeting a
/// release at one instant finds the server free.
///
/// Releasing is one step or two. ``release(at:)`` frees the server and hands
/// it straight to the first in line; that is right when capacity never
/// changes. When it can, release in two steps as simmer does: in the
/// `.release` event call ``releaseWithoutHandOff(at:)`` and schedule an event
/// of class `.postRelease` at the same instant that calls ``handOff(at:)``. A
/// capacity change due at that instant (class `.capacityChange`) then runs in
/// between, so a cut is applied before the freed server is handed on.
///
/// Capacity cuts never pre-empt: if capacity falls below the number in
/// service, servers retire as they are released.
public struct Resource<Token>: Sendable where Token: Sendable {
    public enum SeizeResult: Equatable, Sendable {
        /// A server was free; service starts now.
        case granted
        /// All servers busy; the token joined the line.
        case queued
        /// All servers busy and the line full; the token was turned away.
        case rejected
    }

    public private(set) var capacity: Int
    public private(set) var inService: Int = 0
    /// `nil` for an unlimited line.
    public let queueLimit: Int?
    @usableFromInline var line: [Token] = []
    @usableFromInline var lineHead = 0

    /// Time-weighted number in service and in the line.
    public private(set) var busy: TimeWeighted
    public private(set) var queued: TimeWeighted

    public init(capacity: Int, queueLimit: Int? = nil, at time: Tick = 0) {
        precondition(capacity >= 0, "capacity must be ≥ 0")
        self.capacity = capacity
        self.queueLimit = queueLimit
        self.busy = TimeWeighted(level: 0, at: time)
        self.queued = TimeWeighted(level: 0, at: time)
    }

    /// The number waiting.
    @inlinable public var queueLength: Int { line.count - lineHead }

    /// Asks for a server at `time`.
    public mutating func seize(_ token: Token, at time: Tick) -> SeizeResult {
        if inService < capacity {
            inService += 1
            busy.set(Double(inService), at: time)
            return .granted
        }
        if let limit = queueLimit, queueLength >= limit { return .rejected }
        line.append(token)
        queued.set(Double(queueLength), at: time)
        return .queued
    }

    /// Gives a server back at `time`. If someone waits and a server is free
    /// under the current capacity, returns the token that starts service now.
    public mutating func release(at time: Tick) -> Token? {
        precondition(inService > 0, "release without a matching seize")
        inService -= 1
        let next = startNextIfPossible(at: time)
        busy.set(Double(inService), at: time)
        return next.first
    }

    /// The first half of a two-step release: gives a server back at `time`
    /// without handing it on. Call ``handOff(at:)`` from an event of class
    /// `.postRelease` at the same instant.
    public mutating func releaseWithoutHandOff(at time: Tick) {
        precondition(inService > 0, "release without a matching seize")
        inService -= 1
        busy.set(Double(inService), at: time)
    }

    /// The second half of a two-step release: starts as many waiting tokens
    /// as the current capacity allows, in line order, and returns them.
    public mutating func handOff(at time: Tick) -> [Token] {
        let started = startNextIfPossible(at: time, all: true)
        if !started.isEmpty { busy.set(Double(inService), at: time) }
        return started
    }

    /// Changes capacity at `time`; returns the tokens that start service now
    /// because capacity rose.
    public mutating func setCapacity(_ newCapacity: Int, at time: Tick) -> [Token] {
        precondition(newCapacity >= 0, "capacity must be ≥ 0")
        capacity = newCapacity
        let started = startNextIfPossible(at: time, all: true)
        busy.set(Double(inService), at: time)
        return started
    }

    mutating func startNextIfPossible(at time: Tick, all: Bool = false) -> [Token] {
        var started: [Token] = []
        while inService < capacity, lineHead < line.count {
            started.append(line[lineHead])
            lineHead += 1
            inService += 1
            if !all { break }
        }
        if lineHead > 1024, lineHead * 2 > line.count {
            line.removeFirst(lineHead); lineHead = 0
        }
        if !started.isEmpty { queued.set(Double(queueLength), at: time) }
        return started
    }

    /// Forgets time-weighted history before `time` (warm-up deletion).
    public mutating func resetStatistics(at time: Tick) {
        busy.reset(at: time)
        queued.reset(at: time)
    }
}
