// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: `caseflow wmt`'s readers — a caseload CSV (and, after a line
// `#points`, a points file) → rows and the capacity report, or problems.
import Foundation
import Probation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseload(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    var caseload = text
    var table = PointsTable.hmppsDefault
    if let split = text.range(of: "\n#points\n") {
        caseload = String(text[..<split.lowerBound])
        if let t = try? PointsFile.read(String(text[split.upperBound...]), file: "points.csv") { table = t }
    }
    if let rows = try? CaseloadFile.read(caseload, file: "caseload.csv", table: table) {
        _ = CaseloadFile.report(rows)
    }
    return 0
}
