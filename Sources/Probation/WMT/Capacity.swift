// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The Workload Measurement Tool's hours-to-points arithmetic, done as HMPPS's
/// hmpps-workload service does it (`service/CapacityCalculator.kt`, functions
/// `calculateAvailablePoints` and `calculateCapacity`).
public enum WMTArithmetic {
    /// Available points: the nominal target scaled by the share of the default contracted
    /// hours that the practitioner has left after reductions,
    ///
    ///     available = ⌊ nominalTarget × round₁₅((contracted − reductions) / defaultHours) ⌋
    ///
    /// where round₁₅ rounds half up to 15 decimal places and ⌊ ⌋ truncates, as HMPPS's
    /// `BigDecimal` code does. With HMPPS's default target and hours (2176 points on 37 hours)
    /// this always equals the textbook ⌊ nominalTarget × (contracted − reductions) /
    /// defaultHours ⌋; with other tables it can be one lower when that exact result is a whole
    /// number and the share does not terminate (1800 × 17.9 / 36 = 895 exactly, but HMPPS,
    /// and so Caseflow, gives 894).
    ///
    /// It is 0 when the available hours are ≤ 0, when the default hours are ≤ 0 (HMPPS's
    /// default for SPOs is 0), when the target is ≤ 0 and when an input is not finite. Hours
    /// are taken at their shortest decimal spelling (35.2, not the binary double nearest it)
    /// and subtracted in decimal, as HMPPS's decimals are, so e.g. a PO on 37 hours with 1.8
    /// reduction hours has ⌊2176 × 35.2 / 37⌋ = 2070 available points, as in HMPPS's own test.
    public static func availablePoints(nominalTarget: Int, defaultContractedHours: Double,
                                       contractedHours: Double, reductionHours: Double) -> Int {
        guard let c = exactDecimal(contractedHours), let r = exactDecimal(reductionHours) else { return 0 }
        return availablePoints(nominalTarget: nominalTarget, defaultContractedHours: defaultContractedHours,
                               decimalAvailableHours: c - r)
    }

    /// Available points for `availableHours` (contracted hours less reductions); see
    /// ``availablePoints(nominalTarget:defaultContractedHours:contractedHours:reductionHours:)``.
    public static func availablePoints(nominalTarget: Int, defaultContractedHours: Double, availableHours: Double) -> Int {
        guard let a = exactDecimal(availableHours) else { return 0 }
        return availablePoints(nominalTarget: nominalTarget, defaultContractedHours: defaultContractedHours, decimalAvailableHours: a)
    }

    static func availablePoints(nominalTarget: Int, defaultContractedHours: Double, decimalAvailableHours availableHours: Decimal) -> Int {
        guard nominalTarget > 0, availableHours > 0,
              let d = exactDecimal(defaultContractedHours), d > 0 else { return 0 }
        var share = availableHours / d
        var roundedShare = Decimal()
        NSDecimalRound(&roundedShare, &share, 15, .plain)
        var product = Decimal(nominalTarget) * roundedShare
        var whole = Decimal()
        NSDecimalRound(&whole, &product, 0, .down)
        return NSDecimalNumber(decimal: whole).intValue
    }

    /// A double as the decimal of its shortest round-tripping spelling (magnitudes below
    /// 10⁻¹⁰⁰, beyond `Decimal`'s range, count as 0), or nil if not finite or too large.
    static func exactDecimal(_ x: Double) -> Decimal? {
        guard x.isFinite else { return nil }
        if abs(x) < 1e-100 { return 0 }
        return Decimal(string: "\(x)")
    }

    /// Capacity in tenths of a per cent, rounded as HMPPS rounds it: workload ÷ available
    /// rounded half up to 3 decimal places, times 100 (so 1064 / 2070 = 0.514009… → 514,
    /// i.e. 51.4%). Nil when `availablePoints` ≤ 0 (HMPPS reports 0% then; Caseflow reports
    /// no figure rather than a misleading 0). Exact integer arithmetic.
    public static func capacityTenthsOfPercent(workloadPoints: Int, availablePoints: Int) -> Int? {
        guard availablePoints > 0 else { return nil }
        let n = workloadPoints * 1000
        var q = n / availablePoints
        let r = n % availablePoints
        if 2 * abs(r) >= availablePoints { q += n < 0 ? -1 : 1 }
        return q
    }
}

/// A practitioner's workload against their available points.
public struct Capacity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Workload points (see ``Caseload/workloadPoints``).
    public var workloadPoints: Int
    /// Available points (see ``WMTArithmetic``).
    public var availablePoints: Int

    /// A capacity from its two point totals.
    public init(workloadPoints: Int, availablePoints: Int) {
        self.workloadPoints = workloadPoints
        self.availablePoints = availablePoints
    }

    /// Workload as a percentage of available points, unrounded: workload / available × 100.
    /// Nil when the practitioner has no available points (no hours left after reductions, or
    /// a grade whose default hours are 0, such as an SPO with HMPPS's defaults): there is then
    /// no meaningful percentage, and Caseflow never divides by zero.
    public var percent: Double? {
        availablePoints > 0 ? Double(workloadPoints) / Double(availablePoints) * 100 : nil
    }

    /// The percentage in tenths, rounded as HMPPS displays it
    /// (``WMTArithmetic/capacityTenthsOfPercent(workloadPoints:availablePoints:)``); nil as for ``percent``.
    public var tenthsOfPercent: Int? {
        WMTArithmetic.capacityTenthsOfPercent(workloadPoints: workloadPoints, availablePoints: availablePoints)
    }

    /// The rounded percentage with one decimal place, e.g. `51.4`; empty when there is none.
    public var percentText: String {
        guard let t = tenthsOfPercent else { return "" }
        return (t < 0 ? "-" : "") + "\(abs(t) / 10).\(abs(t) % 10)"
    }

    public var description: String {
        "\(workloadPoints) of \(availablePoints) points" + (percent == nil ? " (no capacity figure)" : " (\(percentText)%)")
    }
}
