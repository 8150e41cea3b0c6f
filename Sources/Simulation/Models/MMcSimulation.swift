// SPDX-License-Identifier: GPL-3.0-or-later

/// An M/M/c queue simulated on the engine: the benchmark model and the
/// analytic check of the engine from outside.
///
/// Time: one model time unit is 10⁶ ticks (microsecond resolution, as
/// JaamSim's default), so exponential times are rounded to within 5·10⁻⁷ of a
/// unit. Arrivals stop after `customers`; the run ends at the last arrival.
/// Customers numbered below `warmup` are not counted, and time-weighted
/// statistics are reset when customer `warmup` arrives (warm-up deletion).
/// Waits are recorded when service starts, so the few customers still waiting
/// at the end are not in the mean wait. Time in system is recorded at service
/// start too, as the wait plus the service time just drawn.
///
/// Random streams: `arrivals` (inter-arrival times) and `service` (service
/// times), seeded from (seed, replication, name) — see ``StreamSeeder``.
public struct MMcParameters: Sendable, Hashable {
    public var arrivalRate: Double
    public var serviceRate: Double
    public var servers: Int
    public var customers: Int
    public var warmup: Int
    public var seed: UInt64

    public init(arrivalRate: Double, serviceRate: Double, servers: Int, customers: Int, warmup: Int = 0, seed: UInt64) {
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        self.servers = servers
        self.customers = customers
        self.warmup = warmup
        self.seed = seed
    }

    /// Problems with the parameters, as sentences; empty when valid.
    public var problems: [String] {
        var p: [String] = []
        if !(arrivalRate > 0 && arrivalRate.isFinite) { p.append("--arrival-rate must be a number > 0 (found \(arrivalRate))") }
        if !(serviceRate > 0 && serviceRate.isFinite) { p.append("--service-rate must be a number > 0 (found \(serviceRate))") }
        if servers < 1 { p.append("--servers must be at least 1 (found \(servers))") }
        if customers < 1 { p.append("--customers must be at least 1 (found \(customers))") }
        if warmup < 0 || warmup >= customers { p.append("--warmup must be ≥ 0 and below --customers (found \(warmup))") }
        return p
    }
}

/// What one M/M/c replication measured.
public struct MMcResult: Sendable, Hashable {
    /// Mean time in the queue of counted customers who started service.
    public var meanWait: Double
    /// Time-average number in the system after warm-up.
    public var meanInSystem: Double
    /// Time-average number in the queue after warm-up.
    public var meanInQueue: Double
    /// Share of counted customers who found every server busy.
    public var probWait: Double
    /// Time-average busy servers / c after warm-up.
    public var utilisation: Double
    /// Mean time in the system of counted customers who finished.
    public var meanTimeInSystem: Double
    /// Counted customers (arrived after warm-up).
    public var counted: Int
    /// Arrival rate observed after warm-up (counted arrivals / time observed).
    public var observedArrivalRate: Double
    /// Events the engine processed.
    public var events: Int
}

public enum MMcSimulation {
    public static let ticksPerUnit = 1_000_000.0

    @usableFromInline enum Event { case arrival, departure }

    /// `Tick(x.rounded())` for 0 ≤ x < 2⁶³ — half away from zero, exactly —
    /// without the call to libm's `round` (x86-64's baseline has no rounding
    /// instruction for this mode). The fractional part x − ⌊x⌋ of a double is
    /// exact, so the comparison with 0.5 decides exactly as `round` does.
    @inlinable @inline(__always)
    static func roundedTicks(_ x: Double) -> Tick {
        let whole = Tick(x)
        return whole &+ (x - Double(whole) >= 0.5 ? 1 : 0)
    }

    /// Runs one replication.
    ///
    /// The kernel is written for speed (it is the engine's benchmark) but
    /// keeps to the engine's public interface: events go through ``Engine``
    /// with their same-instant classes. The books are kept in integers:
    /// the number waiting and the number busy change by whole steps at whole
    /// ticks, so their time integrals, and the sum of waits in ticks, are
    /// exact (the number in system is their sum). While anyone waits, every
    /// server is busy and so every new arrival joins the line; the waiting
    /// customers are therefore always the latest arrivals, and the one at the
    /// head is customer number `arrived − waiting`.
    public static func run(_ p: MMcParameters, replication: Int = 0) -> MMcResult {
        let seeder = StreamSeeder(masterSeed: p.seed, replication: replication)
        let arrivals = seeder.stream("arrivals")
        let service = seeder.stream("service")
        let engine = Engine<Event>()
        let meanInterarrival = ticksPerUnit / p.arrivalRate
        let meanService = ticksPerUnit / p.serviceRate
        let servers = p.servers, customers = p.customers, warmup = p.warmup

        // Arrival times of those waiting, in a ring buffer (capacity a power of two).
        var line = [Tick](repeating: 0, count: 1024)
        var lineMask = line.count - 1
        var lineHead = 0, waiting = 0

        var busy = 0, arrived = 0
        // Time integrals (ticks × customers) since warm-up, and when they were last brought up to date.
        var areaWaiting: Int64 = 0, areaBusy: Int64 = 0, lastChange: Tick = 0
        var waitTicks: Int64 = 0, sojournTicks: Int64 = 0, started = 0
        var waited = 0, counted = 0
        var warmStart: Tick = 0, endTime: Tick = 0

        engine.schedule(.arrival, after: roundedTicks(arrivals.exponential(mean: meanInterarrival)), priority: .arrival)
        while let (now, event) = engine.step() {
            let dt = Int64(now &- lastChange)
            areaWaiting &+= Int64(waiting) &* dt
            areaBusy &+= Int64(busy) &* dt
            lastChange = now
            switch event {
            case .arrival:
                let customer = arrived
                arrived &+= 1
                if customer == warmup {
                    warmStart = now
                    areaWaiting = 0; areaBusy = 0
                }
                let counts = customer >= warmup
                if counts { counted &+= 1 }
                if busy < servers {
                    busy &+= 1
                    let s = roundedTicks(service.exponential(mean: meanService))
                    engine.schedule(.departure, after: s, priority: .release)
                    if counts { started &+= 1; sojournTicks &+= s }
                } else {
                    if counts { waited &+= 1 }
                    if waiting == line.count {
                        // Grow the ring, unrolling it so the head is at 0.
                        var bigger = [Tick](repeating: 0, count: line.count * 2)
                        for k in 0..<waiting { bigger[k] = line[(lineHead &+ k) & lineMask] }
                        line = bigger; lineMask = line.count - 1; lineHead = 0
                    }
                    line[(lineHead &+ waiting) & lineMask] = now
                    waiting &+= 1
                }
                if arrived < customers {
                    engine.schedule(.arrival, after: roundedTicks(arrivals.exponential(mean: meanInterarrival)), priority: .arrival)
                } else {
                    endTime = now
                }
            case .departure:
                if waiting > 0 {
                    // The server goes straight to the head of the line.
                    let arrivedAt = line[lineHead]
                    let customer = arrived &- waiting
                    lineHead = (lineHead &+ 1) & lineMask
                    waiting &-= 1
                    let s = roundedTicks(service.exponential(mean: meanService))
                    engine.schedule(.departure, after: s, priority: .release)
                    if customer >= warmup {
                        let w = now &- arrivedAt
                        started &+= 1
                        waitTicks &+= w
                        sojournTicks &+= w &+ s
                    }
                } else {
                    busy &-= 1
                }
            }
            if arrived >= customers { break }
        }
        let tail = Int64(endTime &- lastChange)
        let span = Double(endTime &- warmStart)
        let areaW = Double(areaWaiting &+ Int64(waiting) &* tail)
        let areaB = Double(areaBusy &+ Int64(busy) &* tail)
        return MMcResult(
            meanWait: started > 0 ? Double(waitTicks) / Double(started) / ticksPerUnit : 0,
            meanInSystem: span > 0 ? (areaW + areaB) / span : Double(waiting + busy),
            meanInQueue: span > 0 ? areaW / span : Double(waiting),
            probWait: counted > 0 ? Double(waited) / Double(counted) : 0,
            utilisation: (span > 0 ? areaB / span : Double(busy)) / Double(servers),
            meanTimeInSystem: started > 0 ? Double(sojournTicks) / Double(started) / ticksPerUnit : 0,
            counted: counted,
            observedArrivalRate: span > 0 ? Double(max(counted - 1, 0)) / (span / ticksPerUnit) : 0,
            events: engine.eventsProcessed
        )
    }
}
