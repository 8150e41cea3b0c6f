// SPDX-License-Identifier: GPL-3.0-or-later
import XCTest
@testable import Simulation

/// `Ticks.days` and `Ticks.hours` round without the C library's `round`
/// (`Ticks.roundedTicks`): they must give exactly what the plain formula gives,
/// `Tick(min((x * unit).rounded(), 2^52))`, for every input.
final class TicksTests: XCTestCase {
    private func reference(_ d: Double, unit: Double) -> Tick {
        guard d.isFinite, d > 0 else { return 0 }
        return Tick(min((d * unit).rounded(), Double(1 << 52)))
    }

    private func check(_ d: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Ticks.days(d), reference(d, unit: 1440), "days(\(d))", file: file, line: line)
        XCTAssertEqual(Ticks.hours(d), reference(d, unit: 60), "hours(\(d))", file: file, line: line)
    }

    func testRoundingMatchesThePlainFormula() {
        // Edges: halves (away from zero), just below and above them, tiny, huge, non-finite.
        let halves: [Double] = [0.5, 1.5, 2.5, 1439.5, 1e6 + 0.5, 4503599627370495.5]
        for h in halves {
            XCTAssertEqual(Ticks.roundedTicks(h), Tick(h.rounded()), "\(h)")
            XCTAssertEqual(Ticks.roundedTicks(h.nextDown), Tick(h.nextDown.rounded()), "\(h.nextDown)")
            XCTAssertEqual(Ticks.roundedTicks(h.nextUp), Tick(h.nextUp.rounded()), "\(h.nextUp)")
        }
        XCTAssertEqual(Ticks.roundedTicks(0.49999999999999994), 0)
        XCTAssertEqual(Ticks.roundedTicks(0), 0)
        XCTAssertEqual(Ticks.roundedTicks(Double(1 << 52).nextDown), 1 << 52)
        XCTAssertEqual(Ticks.roundedTicks(Double(1 << 52)), 1 << 52)
        XCTAssertEqual(Ticks.roundedTicks(.infinity), 1 << 52)
        for d in [0, -1, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                  1e-300, 0.5 / 1440, 0.5 / 60, 1.5 / 1440, 2.5 / 60, 3.1e9, 3.2e12, 1e300] as [Double] {
            check(d)
            check(d.nextUp)
            check(d.nextDown)
        }
        // Random durations over many scales, and exact halves of a minute.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<200_000 {
            let mantissa = Double(next() >> 11) / Double(1 << 53)
            let scale = Double(sign: .plus, exponent: Int(next() % 80) - 30, significand: 1)
            check(mantissa * scale)
            let half = (Double(next() % 1_000_000) + 0.5)
            check(half / 1440)
            check(half / 60)
            XCTAssertEqual(Ticks.roundedTicks(half), Tick(half.rounded()))
        }
    }
}
