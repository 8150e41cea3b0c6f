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
/// at the end are not in the mean wait.
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

    /// Runs one replication.
    public static func run(_ p: MMcParameters, replication: Int = 0) -> MMcResult {
        let seeder = StreamSeeder(masterSeed: p.seed, replication: replication)
        let arrivals = seeder.stream("arrivals")
        let service = seeder.stream("service")
        let engine = Engine<Event>()
        let meanInterarrival = ticksPerUnit / p.arrivalRate
        let meanService = ticksPerUnit / p.serviceRate

        // FIFO of (arrival time, customer number) for those waiting.
        var waitingTimes = [Tick](); waitingTimes.reserveCapacity(1024)
        var waitingIDs = [Int](); waitingIDs.reserveCapacity(1024)
        var head = 0
        // With c > 1 customers leave in a different order from the one they
        // started in, so time in system is recorded at service start as the
        // wait plus the service time just drawn.
        var busy = 0
        var arrived = 0
        var inSystem = TimeWeighted(level: 0, at: 0)
        var inQueue = TimeWeighted(level: 0, at: 0)
        var busyLevel = TimeWeighted(level: 0, at: 0)
        var waits = Tally()
        var sojourn = Tally()
        var waited = 0
        var counted = 0
        var warmStart: Tick = 0
        var endTime: Tick = 0

        @inline(__always) func draw(_ s: RandomStream, _ mean: Double) -> Tick {
            Tick((s.exponential(mean: mean)).rounded())
        }

        @inline(__always) func startService(arrivalTime: Tick, customer: Int, now: Tick) {
            busy += 1
            let s = draw(service, meanService)
            engine.schedule(.departure, after: s, priority: .release)
            if customer >= p.warmup {
                let w = Double(now - arrivalTime) / ticksPerUnit
                waits.record(w)
                sojourn.record(w + Double(s) / ticksPerUnit)
            }
        }

        engine.schedule(.arrival, after: draw(arrivals, meanInterarrival), priority: .arrival)
        while let (now, event) = engine.step() {
            switch event {
            case .arrival:
                let customer = arrived
                arrived += 1
                if customer == p.warmup {
                    warmStart = now
                    inSystem.reset(at: now); inQueue.reset(at: now); busyLevel.reset(at: now)
                }
                if customer >= p.warmup { counted += 1 }
                inSystem.add(1, at: now)
                if busy < p.servers {
                    startService(arrivalTime: now, customer: customer, now: now)
                    busyLevel.set(Double(busy), at: now)
                } else {
                    if customer >= p.warmup { waited += 1 }
                    waitingTimes.append(now); waitingIDs.append(customer)
                    inQueue.add(1, at: now)
                }
                if arrived < p.customers {
                    engine.schedule(.arrival, after: draw(arrivals, meanInterarrival), priority: .arrival)
                } else {
                    endTime = now
                }
            case .departure:
                busy -= 1
                inSystem.add(-1, at: now)
                if head < waitingTimes.count {
                    let t = waitingTimes[head], c = waitingIDs[head]
                    head += 1
                    if head > 4096, head * 2 > waitingTimes.count {
                        waitingTimes.removeFirst(head); waitingIDs.removeFirst(head); head = 0
                    }
                    inQueue.add(-1, at: now)
                    startService(arrivalTime: t, customer: c, now: now)
                }
                busyLevel.set(Double(busy), at: now)
            }
            if arrived >= p.customers { break }
        }
        let span = Double(endTime - warmStart)
        return MMcResult(
            meanWait: waits.count > 0 ? waits.mean : 0,
            meanInSystem: inSystem.mean(upTo: endTime),
            meanInQueue: inQueue.mean(upTo: endTime),
            probWait: counted > 0 ? Double(waited) / Double(counted) : 0,
            utilisation: busyLevel.mean(upTo: endTime) / Double(p.servers),
            meanTimeInSystem: sojourn.count > 0 ? sojourn.mean : 0,
            counted: counted,
            observedArrivalRate: span > 0 ? Double(max(counted - 1, 0)) / (span / ticksPerUnit) : 0,
            events: engine.eventsProcessed
        )
    }
}
