// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The Workload Measurement Tool's weightings: points per case for every case type × tier
/// (with a separate T2A set), points per court report, nominal targets and default
/// contracted hours.
///
/// A table is scenario data; choosing which table is in force on which date is the
/// scenario's business, not this type's. ``hmppsDefault`` holds the weightings HMPPS
/// publishes as seed data. Every number can be read and written by its ``Entry`` name
/// (a ``Setting`` such as `sdr`, or a ``CaseCategory/name`` such as `community_B2`), the
/// names the points file uses (docs/wmt.md).
///
/// Grades map onto targets and default hours as HMPPS's code does:
///
/// | grade | nominal target | default contracted hours |
/// |---|---|---|
/// | PO | ``nominalTargetPO`` | ``defaultHoursPO`` |
/// | PQiP | ``nominalTargetPO`` | ``defaultHoursPO`` |
/// | PSO | ``nominalTargetPSO`` | ``defaultHoursPSO`` |
/// | SPO | ``nominalTargetPO`` | ``defaultHoursSPO`` |
///
/// The nominal-target mapping is legacy WMT's (wmt-worker `calculate-nominal-target.js`:
/// PSO → PSO target, every other grade → PO target; its database column for the PSO
/// target is confusingly named `nominal_target_spo`). hmpps-workload instead reads
/// `nominal_target_spo` as the SPO's target and gives PSOs the PO target. With HMPPS's
/// seed data both targets are 2176, so the two agree on every default number.
public struct PointsTable: Sendable, Hashable {
    /// Points per case, by ``CaseCategory/index``.
    private var casePoints: [Int]
    /// Points per standard delivery (pre-sentence) report (HMPPS `sdr`).
    public var sdr: Int
    /// Points per fast delivery report (HMPPS `sdr_conversion`).
    public var fdr: Int
    /// Nominal target (available points at default hours) of a PO, also used for PQiP and SPO.
    public var nominalTargetPO: Int
    /// Nominal target of a PSO.
    public var nominalTargetPSO: Int
    /// Default contracted hours a week of a PO, also used for PQiP.
    public var defaultHoursPO: Double
    /// Default contracted hours a week of a PSO.
    public var defaultHoursPSO: Double
    /// Default contracted hours a week of an SPO (0 in HMPPS's seed data, so SPOs have no
    /// available points and no capacity percentage).
    public var defaultHoursSPO: Double

    /// A table with every case and report worth 0 points and the given targets and hours.
    public init(nominalTargetPO: Int, nominalTargetPSO: Int,
                defaultHoursPO: Double, defaultHoursPSO: Double, defaultHoursSPO: Double) {
        casePoints = Array(repeating: 0, count: CaseCategory.count)
        sdr = 0
        fdr = 0
        self.nominalTargetPO = nominalTargetPO
        self.nominalTargetPSO = nominalTargetPSO
        self.defaultHoursPO = defaultHoursPO
        self.defaultHoursPSO = defaultHoursPSO
        self.defaultHoursSPO = defaultHoursSPO
    }

    /// Points for one case of a category.
    public subscript(category: CaseCategory) -> Int {
        get { casePoints[category.index] }
        set { casePoints[category.index] = newValue }
    }

    /// Points for one `type` case in `tier` (on the T2A points when `t2a` is true).
    public subscript(type: CaseType, tier: Tier, t2a t2a: Bool = false) -> Int {
        get { casePoints[CaseCategory(type, tier, t2a: t2a).index] }
        set { casePoints[CaseCategory(type, tier, t2a: t2a).index] = newValue }
    }

    /// Points for the category at a flat ``CaseCategory/index``.
    func points(atIndex i: Int) -> Int { casePoints[i] }

    /// Runs `body` with the points per case by ``CaseCategory/index`` (192 of them).
    func withCasePoints<R>(_ body: (UnsafeBufferPointer<Int>) -> R) -> R {
        casePoints.withUnsafeBufferPointer { precondition($0.count == CaseCategory.count); return body($0) }
    }

    /// Sets the 16 points of one case type in WMT column order (A3, A2, A1, A0, B3 … D0),
    /// the order of HMPPS's `tier_1` … `tier_16` columns.
    public mutating func setPoints(_ type: CaseType, t2a: Bool = false, wmtColumnOrder points: [Int]) {
        precondition(points.count == 16, "setPoints needs 16 values (A3 … D0), found \(points.count)")
        for (tier, p) in zip(Tier.allCases, points) { self[type, tier, t2a: t2a] = p }
    }

    /// The 16 points of one case type in WMT column order.
    public func points(_ type: CaseType, t2a: Bool = false) -> [Int] {
        Tier.allCases.map { self[type, $0, t2a: t2a] }
    }

    /// Points for one court report.
    public func points(_ report: CourtReport) -> Int {
        switch report {
        case .standard: sdr
        case .fast: fdr
        }
    }

    /// The nominal target of a grade: the PSO target for PSOs, the PO target for everyone
    /// else (legacy WMT's rule; see the type's documentation).
    public func nominalTarget(for grade: Grade) -> Int {
        grade == .pso ? nominalTargetPSO : nominalTargetPO
    }

    /// The default contracted hours a week of a grade: PO and PQiP → PO hours, PSO → PSO
    /// hours, SPO → SPO hours (as both legacy WMT and hmpps-workload do).
    public func defaultContractedHours(for grade: Grade) -> Double {
        switch grade {
        case .po, .pqip: defaultHoursPO
        case .pso: defaultHoursPSO
        case .spo: defaultHoursSPO
        }
    }

    /// Points of everything in `caseload`, weighed afresh with this table:
    /// Σ count × points over the 192 categories + SDRs × ``sdr`` + FDRs × ``fdr``.
    /// (``Caseload/workloadPoints`` is the same sum under the caseload's own table, kept as a
    /// running total.)
    public func workloadPoints(of caseload: Caseload) -> Int {
        var total = caseload.sdrCount * sdr + caseload.fdrCount * fdr
        for i in 0..<CaseCategory.count { total += caseload.count(atIndex: i) * casePoints[i] }
        return total
    }

    /// Available points of a practitioner of `grade` contracted for `contractedHours` a week
    /// with `reductionHours` of reductions, by ``WMTArithmetic/availablePoints(nominalTarget:defaultContractedHours:availableHours:)``.
    public func availablePoints(grade: Grade, contractedHours: Double, reductionHours: Double) -> Int {
        WMTArithmetic.availablePoints(nominalTarget: nominalTarget(for: grade),
                                      defaultContractedHours: defaultContractedHours(for: grade),
                                      contractedHours: contractedHours, reductionHours: reductionHours)
    }

    /// What is wrong with the table, one sentence each; empty when it is usable.
    ///
    /// Checks that no points, report points or targets are negative, that hours are finite
    /// and not negative, and that every grade in `gradesHoldingCases` has a positive nominal
    /// target and positive default hours (otherwise every practitioner of that grade would
    /// have 0 available points). SPOs are left out by default: HMPPS's default hours for
    /// them are 0 because team leaders hold no caseload.
    public func problems(gradesHoldingCases: Set<Grade> = [.po, .pso, .pqip]) -> [String] {
        var out: [String] = []
        for c in CaseCategory.allCases where self[c] < 0 {
            out.append("\(c.name) is \(self[c]) points: points cannot be negative")
        }
        for s in Setting.allCases {
            let v = self[s]
            if !v.isFinite || v < 0 { out.append("\(s.rawValue) is \(formatNumber(v)): it must be a number ≥ 0") }
        }
        // A zero target or zero default hours leaves every practitioner of the grades using
        // that setting with 0 available points.
        let holding = Grade.allCases.filter(gradesHoldingCases.contains)
        for s in Setting.allCases where self[s] == 0 {
            let grades = holding.filter { Setting.nominalTarget(for: $0) == s || Setting.defaultHours(for: $0) == s }
            guard !grades.isEmpty else { continue }
            let names = grades.map(\.rawValue).joined(separator: " and ")
            out.append("\(s.rawValue) is 0, so every \(names) would have 0 available points")
        }
        return out
    }

    /// The table's numbers other than per-case points, by entry name.
    public enum Setting: String, Sendable, Hashable, Codable, CaseIterable {
        case sdr
        case fdr
        case nominalTargetPO = "nominal_target_po"
        case nominalTargetPSO = "nominal_target_pso"
        case defaultHoursPO = "default_hours_po"
        case defaultHoursPSO = "default_hours_pso"
        case defaultHoursSPO = "default_hours_spo"

        /// Whether the setting holds a whole number (points and targets) rather than hours.
        public var isWholeNumber: Bool {
            switch self {
            case .sdr, .fdr, .nominalTargetPO, .nominalTargetPSO: true
            case .defaultHoursPO, .defaultHoursPSO, .defaultHoursSPO: false
            }
        }

        /// The setting holding `grade`'s nominal target.
        public static func nominalTarget(for grade: Grade) -> Setting { grade == .pso ? .nominalTargetPSO : .nominalTargetPO }

        /// The setting holding `grade`'s default contracted hours.
        public static func defaultHours(for grade: Grade) -> Setting {
            switch grade {
            case .po, .pqip: .defaultHoursPO
            case .pso: .defaultHoursPSO
            case .spo: .defaultHoursSPO
            }
        }
    }

    /// A setting's value (whole-number settings as exact doubles).
    public subscript(setting: Setting) -> Double {
        get {
            switch setting {
            case .sdr: Double(sdr)
            case .fdr: Double(fdr)
            case .nominalTargetPO: Double(nominalTargetPO)
            case .nominalTargetPSO: Double(nominalTargetPSO)
            case .defaultHoursPO: defaultHoursPO
            case .defaultHoursPSO: defaultHoursPSO
            case .defaultHoursSPO: defaultHoursSPO
            }
        }
        set {
            switch setting {
            case .sdr: sdr = Int(newValue)
            case .fdr: fdr = Int(newValue)
            case .nominalTargetPO: nominalTargetPO = Int(newValue)
            case .nominalTargetPSO: nominalTargetPSO = Int(newValue)
            case .defaultHoursPO: defaultHoursPO = newValue
            case .defaultHoursPSO: defaultHoursPSO = newValue
            case .defaultHoursSPO: defaultHoursSPO = newValue
            }
        }
    }

    /// One number of the table, named as in a points file.
    public enum Entry: Sendable, Hashable, CustomStringConvertible {
        /// A number other than per-case points.
        case setting(Setting)
        /// The points for one case of a category.
        case category(CaseCategory)

        /// The entry called `name` (a ``Setting`` raw value or a ``CaseCategory/name``,
        /// case-insensitive).
        /// - Returns: the entry, or a sentence saying why `name` is not one.
        public static func named(_ name: String) -> Result<Entry, EntryError> {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if let s = Setting(rawValue: trimmed.lowercased()) { return .success(.setting(s)) }
            switch CaseCategory.match(trimmed) {
            case .category(let c): return .success(.category(c))
            case .malformed(let why): return .failure(EntryError(message: "\"\(name)\" is not an entry name: \(why)"))
            case .unrelated:
                return .failure(EntryError(message: "\"\(name)\" is not an entry name (expected \(Setting.allCases.map(\.rawValue).joined(separator: ", ")) or \(CaseCategory.namePattern))"))
            }
        }

        /// The entry's name in a points file.
        public var name: String {
            switch self {
            case .setting(let s): s.rawValue
            case .category(let c): c.name
            }
        }

        /// Whether the entry holds a whole number (points and targets) rather than hours.
        public var isWholeNumber: Bool {
            switch self {
            case .setting(let s): s.isWholeNumber
            case .category: true
            }
        }

        public var description: String { name }
    }

    /// Why a name or value cannot be an entry's.
    public struct EntryError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        public var description: String { message }
    }

    /// An entry's value (whole numbers as exact doubles).
    public subscript(entry: Entry) -> Double {
        switch entry {
        case .setting(let s): self[s]
        case .category(let c): Double(self[c])
        }
    }

    /// Sets `entry` to `value`.
    /// - Returns: nil when set; otherwise why `value` is not allowed (negative, not finite, or
    ///   not whole where a whole number is needed).
    /// The largest value any entry takes: with at most ``CaseloadFile/maxCount`` cases in a
    /// category, no workload sum can overflow.
    public static let maxValue = 1_000_000.0

    public mutating func set(_ entry: Entry, to value: Double) -> EntryError? {
        let whole = entry.isWholeNumber
        if !value.isFinite || value < 0 || (whole && value != value.rounded() && value <= PointsTable.maxValue) {
            return EntryError(message: "expected \(whole ? "a whole number" : "a number") ≥ 0, found \(formatNumber(value))")
        }
        if value > PointsTable.maxValue {
            return EntryError(message: "expected at most \(formatNumber(PointsTable.maxValue)), found \(formatNumber(value))")
        }
        switch entry {
        case .setting(let s): self[s] = value
        case .category(let c): self[c] = Int(value)
        }
        return nil
    }

    /// Every entry of the table as (name, value): the settings in ``Setting`` order, then the
    /// 192 case categories in ``CaseCategory/index`` order. This is the points-file content.
    public var entries: [(name: String, value: Double)] {
        Setting.allCases.map { ($0.rawValue, self[$0]) } + CaseCategory.allCases.map { ($0.name, Double(self[$0])) }
    }
}

/// A court report a practitioner writes, which earns points while it counts towards the
/// workload (in HMPPS's tool, reports completed in the last 30 days).
public enum CourtReport: String, Sendable, Hashable, Codable, CaseIterable {
    /// A standard delivery pre-sentence report (SDR).
    case standard = "sdr"
    /// A fast delivery report (FDR; HMPPS's "SDR conversion").
    case fast = "fdr"
}

extension PointsTable {
    /// HMPPS's published default weightings: the seed data of hmpps-workload
    /// `src/main/resources/db/migration/V1_1__SEED_REF_DATA.sql` (table `app.workload_points`;
    /// unchanged since commit 7b1d36b5, 2021-07-02), as summarised in
    /// shared/reference/wmt-and-tiering.md §2c.
    ///
    /// Standard row: community 206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41,
    /// 29, 29; custody 75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0; licence 219,
    /// 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0 (A3 … D0); SDR 138; FDR
    /// (`sdr_conversion`) 65; nominal targets 2176 (PO) and 2176 (`nominal_target_spo`, the
    /// PSO's in legacy WMT); default hours PO 37, PSO 37, SPO 0. T2A row: the custody numbers
    /// for all three case types. PAROM and ARMS points, which HMPPS has since removed, and the
    /// inactive-case weightings are not modelled.
    public static let hmppsDefault: PointsTable = {
        var t = PointsTable(nominalTargetPO: 2176, nominalTargetPSO: 2176,
                            defaultHoursPO: 37, defaultHoursPSO: 37, defaultHoursSPO: 0)
        t.sdr = 138
        t.fdr = 65
        t.setPoints(.community, wmtColumnOrder: [206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29])
        t.setPoints(.custody, wmtColumnOrder: [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0])
        t.setPoints(.licence, wmtColumnOrder: [219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0])
        let t2a = [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0]
        for type in CaseType.allCases { t.setPoints(type, t2a: true, wmtColumnOrder: t2a) }
        return t
    }()
}

extension PointsTable: Codable {
    private struct EntryKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes the table as an object of every entry name and its value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EntryKey.self)
        for s in Setting.allCases {
            if s.isWholeNumber { try c.encode(Int(self[s]), forKey: EntryKey(stringValue: s.rawValue)) }
            else { try c.encode(self[s], forKey: EntryKey(stringValue: s.rawValue)) }
        }
        for cat in CaseCategory.allCases { try c.encode(self[cat], forKey: EntryKey(stringValue: cat.name)) }
    }

    /// Decodes an object of entry names and values. Entries left out keep their
    /// ``hmppsDefault`` values, as in a points file; unknown names and bad values are errors.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: EntryKey.self)
        var t = PointsTable.hmppsDefault
        for key in c.allKeys {
            let v = try c.decode(Double.self, forKey: key)
            switch Entry.named(key.stringValue) {
            case .failure(let e): throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: e.message)
            case .success(let entry):
                if let e = t.set(entry, to: v) {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue): \(e.message)")
                }
            }
        }
        self = t
    }
}

/// Formats a number without a trailing `.0` (37 → "37", 22.5 → "22.5").
func formatNumber(_ x: Double) -> String {
    if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    // Whole numbers too large for the above are written out in full, not as 9.2e+18.
    if x.isFinite, x == x.rounded() { return String(format: "%.0f", x) }
    return String(x)
}
