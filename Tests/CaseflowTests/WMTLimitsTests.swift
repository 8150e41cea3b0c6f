// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12: `caseflow wmt` trapped on huge counts (1e15, 2^62: the workload
// sum overflowed) and reprinted a large whole number as 9.223372036854776e+18.
import Foundation
import Testing
@testable import caseflow

@Suite struct WMTLimitsTests {
    @Test func hugeCountsAreRefusedNotATrap() {
        let text = """
        practitioner,grade,contracted_hours,reduction_hours,community_B2,sdr
        A,PO,37,0,1000000000000000,1
        B,PO,37,0,4611686018427387904,0
        C,PO,37,0,99999999999999999999999,0
        D,PO,37,0,1000000,0

        """
        let out = WMTRun.run(caseload: ("c.csv", text), points: nil)
        #expect(out.status == 2)
        #expect(out.stdout == "")
        #expect(out.stderr == """
        c.csv:2: column community_B2: expected at most 1000000, found 1000000000000000
        c.csv:3: column community_B2: expected at most 1000000, found 4611686018427387904
        c.csv:4: column community_B2: expected at most 1000000, found 99999999999999999999999
        caseflow wmt: 3 problems in the input; nothing was computed

        """)
    }

    @Test func theLargestCountsAndPointsComputeExactly() {
        // 1,000,000 cases at 1,000,000 points each: 10^12 points, an exact integer.
        let out = WMTRun.run(caseload: ("c.csv", "practitioner,grade,contracted_hours,reduction_hours,community_B2\nA,PO,37,0,1000000\n"),
                             points: ("p.csv", "name,value\ncommunity_B2,1000000\n"))
        #expect(out.status == 0)
        #expect(out.stdout.contains("A,PO,1000000000000,"))
    }

    @Test func largePointsAreQuotedAsWritten() {
        let out = WMTRun.run(caseload: nil, points: ("p.csv", "name,value\nsdr,9223372036854775807\nfdr,2000000\n"))
        #expect(out.status == 2)
        #expect(out.stderr == """
        p.csv:2: column value: sdr: expected at most 1000000, found 9223372036854775807
        p.csv:3: column value: fdr: expected at most 1000000, found 2000000
        caseflow wmt: 2 problems in the input; nothing was computed

        """)
    }
}

@Suite struct WMTOutputSafetyTests {
    // Defect 7: names were copied into the output as they were.
    @Test func formulaNamesAreNeutralisedInTheReport() {
        let text = """
        practitioner,grade,contracted_hours,reduction_hours,community_B2
        "=cmd|' /C calc'!A0",PO,37,0,1
        +SUM(1,PO,37,0,1
        @evil,PO,37,0,1
        -x,PO,37,0,1

        """.replacingOccurrences(of: "+SUM(1,PO", with: "\"+SUM(1,2)\",PO")
        let out = WMTRun.run(caseload: ("c.csv", text), points: nil)
        #expect(out.status == 0)
        #expect(out.stdout.split(separator: "\n").map { String($0.split(separator: ",").first!) }
                == ["practitioner", "'=cmd|' /C calc'!A0", "\"'+SUM(1", "'@evil", "'-x"])
    }

    @Test func controlCharactersInNamesAreRefused() {
        let out = WMTRun.run(caseload: ("c.csv", "practitioner,grade,contracted_hours,reduction_hours\nA\u{0}B,PO,37,0\n"), points: nil)
        #expect(out.status == 2)
        #expect(out.stderr.hasPrefix("c.csv:2: column practitioner: expected a name without control characters, found one (U+0000)"))
    }
}
