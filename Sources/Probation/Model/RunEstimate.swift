// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// What a run of a scenario will cost, estimated from its size before it
/// starts: events, CPU time, memory and disk. The figures are rough (within a
/// factor of about two), calibrated on the national scenario (223,000 Day-1
/// cases, about 4,000 sentences a week, 7,650 staff, 5 years, monthly
/// outputs: about 9.5 s a replication on one core and 170 MiB of results a
/// replication held until the run is written). They exist to refuse, before
/// it starts, a run the machine cannot hold (`caseflow run`, `caseflow
/// sweep`), and to show in `caseflow validate` what a scenario asks for.
public struct RunEstimate: Sendable, Equatable {
    /// Cases the run handles: the Day-1 caseload plus sentences and court reports over the horizon.
    public var casesPerReplication: Double
    /// Rows of the per-replication time series and of the WMT snapshot.
    public var timeSeriesRowsPerReplication: Double
    public var snapshotRowsPerReplication: Double
    public var eventsPerReplication: Double
    public var replications: Int
    /// CPU seconds for every replication (divide by the jobs for wall time).
    public var cpuSeconds: Double
    /// Peak memory of the whole run, with `jobs` replications at once.
    public var memoryBytes: Double
    /// The run directory's size (compressed detail files).
    public var diskBytes: Double

    /// Calibration: CPU seconds per case handled, bytes of results held per
    /// time-series row and per snapshot row, working memory per live case.
    static let secondsPerCase = 7.5e-6
    static let secondsPerRow = 0.5e-6
    static let eventsPerCase = 15.0
    static let bytesPerSeriesRow = 24.0
    static let bytesPerSnapshotRow = 370.0
    static let bytesPerLiveCase = 400.0
    static let baseBytes = 64.0 * 1_048_576
    static let diskBytesPerSeriesRow = 4.0
    static let diskBytesPerSnapshotRow = 12.0
    static let diskBytesPerSummaryRow = 160.0

    /// The estimate for `spec` run with `replications` (default the spec's) and `jobs` at once.
    public init(_ spec: ModelSpec, replications: Int? = nil, jobs: Int = 1) {
        let reps = replications ?? spec.replications
        let years = Double(spec.lengthDays) / 365.25
        let weeks = Double(spec.lengthDays) / 7
        let weekly = spec.demand.sentencesPerWeek.values.reduce(0, +) + spec.demand.reportsPerWeek.values.reduce(0, +)
        // An inflow lever can multiply demand (up to 100 times).
        var scale = 1.0
        for lever in spec.levers { if case .inflowScale(let s, _) = lever.change { scale = max(scale, s) } }
        let stock = Double(spec.initialCaseload?.total ?? 0)
        let cases = stock + weekly * weeks * scale
        // Cases alive at once: the stock, or about a year of inflow (mean lengths are around a year).
        let live = max(stock, weekly * min(weeks, 52))

        let regions = spec.organisation.regions
        let pdus = regions.flatMap(\.pdus)
        let teams = pdus.flatMap(\.teams)
        let staff = Double(teams.reduce(0) { $0 + $1.staff.values.reduce(0, +) })
        let outputDays: Double = spec.outputs.cadence == .weekly ? 7 : 365.25 / 12
        let dates = (Double(spec.lengthDays) / outputDays).rounded(.up) + 1
        let levels = spec.outputs.levels
        var perDate = 0.0
        if levels.contains(.national) { perDate += 60 }
        if levels.contains(.region) { perDate += 60 * Double(regions.count) }
        if levels.contains(.pdu) { perDate += 60 * Double(pdus.count) }
        if levels.contains(.team) { perDate += 16 * Double(teams.count) }
        if levels.contains(.practitioner) { perDate += 4 * staff }
        let rows = dates * perDate
        let snapshotDates: Double
        switch spec.outputs.wmtSnapshot {
        case .everyOutput: snapshotDates = dates
        case .monthly: snapshotDates = (years * 12).rounded(.up) + 1
        case .quarterly: snapshotDates = (years * 4).rounded(.up) + 1
        case .final: snapshotDates = 1
        case .none: snapshotDates = 0
        }
        let snapshotRows = snapshotDates * staff

        casesPerReplication = cases
        timeSeriesRowsPerReplication = rows
        snapshotRowsPerReplication = snapshotRows
        eventsPerReplication = cases * Self.eventsPerCase + dates * (staff + Double(teams.count))
        self.replications = reps
        cpuSeconds = Double(reps) * (cases * Self.secondsPerCase + (rows + snapshotRows) * Self.secondsPerRow)
        let held = rows * Self.bytesPerSeriesRow + snapshotRows * Self.bytesPerSnapshotRow
        let working = live * Self.bytesPerLiveCase + staff * 2_000
        memoryBytes = Self.baseBytes + Double(reps) * held + Double(max(1, min(jobs, reps))) * working
        // Detail files per replication; timeseries_summary.csv (a row per date, entity and
        // metric) and summary.csv (two rows per entity and metric) once.
        diskBytes = Double(reps) * (rows * Self.diskBytesPerSeriesRow + snapshotRows * Self.diskBytesPerSnapshotRow)
            + rows * Self.diskBytesPerSummaryRow / 2 + rows / max(1, dates) * 2 * Self.diskBytesPerSummaryRow
    }

    /// `about 2.1 million events, 9.5 s of CPU (…), 170 MiB of memory and 12 MiB of disk`.
    public var description: String {
        "about \(Self.count(eventsPerReplication * Double(replications))) events, "
            + "\(Self.duration(cpuSeconds)) of CPU, \(Self.bytes(memoryBytes)) of memory and \(Self.bytes(diskBytes)) of disk "
            + "(\(replications) replication\(replications == 1 ? "" : "s"), \(Self.count(casesPerReplication)) cases "
            + "and \(Self.count(timeSeriesRowsPerReplication + snapshotRowsPerReplication)) output rows each)"
    }

    static func count(_ x: Double) -> String {
        switch x {
        case ..<10_000: return String(Int(x.rounded()))
        case ..<1e6: return String(format: "%.0f thousand", x / 1e3)
        case ..<1e9: return String(format: "%.1f million", x / 1e6)
        case ..<1e12: return String(format: "%.1f billion", x / 1e9)
        default: return String(format: "%.1e", x)
        }
    }

    static func duration(_ s: Double) -> String {
        switch s {
        case ..<120: return String(format: "%.1f s", s)
        case ..<7_200: return String(format: "%.0f min", s / 60)
        case ..<172_800: return String(format: "%.1f h", s / 3_600)
        default: return String(format: "%.0f days", s / 86_400)
        }
    }

    public static func bytes(_ b: Double) -> String {
        switch b {
        case ..<1_073_741_824.0: return String(format: "%.0f MiB", b / 1_048_576)
        case ..<1_099_511_627_776.0: return String(format: "%.1f GiB", b / 1_073_741_824)
        default: return String(format: "%.1f TiB", b / 1_099_511_627_776)
        }
    }
}
