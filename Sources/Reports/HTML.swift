// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Simulation

/// Text helpers for `report.html`: escaping, and numbers and dates written
/// for people in British English, independently of the machine's locale.
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    public static func monthShort(_ m: Int) -> String { String(months[m - 1].prefix(3)) }
    /// "March 2023".
    public static func monthYear(_ d: CivilDate) -> String { "\(months[d.month - 1]) \(d.year)" }
    /// "26 Jun 2026", for tables.
    public static func dateShort(_ d: CivilDate) -> String { "\(d.day) \(monthShort(d.month)) \(d.year)" }
    /// "26 June 2026".
    public static func date(_ d: CivilDate) -> String { "\(d.day) \(months[d.month - 1]) \(d.year)" }

    /// A number with thousands separated by commas and `decimals` places
    /// (trailing zeros kept); "–" for no value.
    public static func number(_ x: Double, decimals: Int = 0) -> String {
        guard x.isFinite else { return x.isNaN ? "–" : (x > 0 ? "∞" : "−∞") }
        let scale = pow(10, Double(decimals))
        var r = (abs(x) * scale).rounded()
        let negative = x < 0 && r > 0
        let whole = (r / scale).rounded(.down)
        r -= whole * scale
        var digits = String(Int64(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            let frac = String(Int64(r))
            grouped += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        return (negative ? "−" : "") + grouped
    }

    /// A number with the precision its size calls for: whole numbers from
    /// 1,000, one decimal from 10, two below.
    public static func auto(_ x: Double) -> String {
        guard x.isFinite else { return number(x) }
        let a = abs(x)
        if a >= 1000 || (a == a.rounded() && a >= 10) { return number(x) }
        if a >= 10 { return number(x, decimals: 1) }
        return number(x, decimals: a == a.rounded() ? 0 : 2)
    }

    public static func percent(_ x: Double, decimals: Int = 1) -> String {
        x.isFinite ? number(x, decimals: decimals) + "%" : "–"
    }
}
