// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import Probation

@Suite struct CSVReaderTests {
    func fields(_ text: String) -> [[String]] { CSV.parse(text).records.map(\.fields) }

    @Test func plain() {
        #expect(fields("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(fields("a,b\n1,2") == [["a", "b"], ["1", "2"]])  // no final line break
        #expect(fields("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]])
        #expect(fields("") == [])
        #expect(CSV.parse("a,b\n1,2\n").errors.isEmpty)
    }

    @Test func lineBreaks() {
        #expect(fields("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(fields("a,b\r1,2\r") == [["a", "b"], ["1", "2"]])
        let r = CSV.parse("a\r\n\r\n\nb\n\n")
        #expect(r.records.map(\.fields) == [["a"], ["b"]])  // empty lines skipped
        #expect(r.records.map(\.line) == [1, 4])
    }

    @Test func quotedFields() {
        #expect(fields(#""Smith, Bob",PO"#) == [["Smith, Bob", "PO"]])
        #expect(fields(#""say ""hello""","""""#) == [[#"say "hello""#, #"""#]])
        #expect(fields("\"\",x") == [["", "x"]])
        #expect(fields("\"\"") == [[""]])  // a quoted empty field is a record, not a blank line
        let r = CSV.parse("name,note\r\n\"A\",\"line one\r\nline two\nline three\"\r\nB,x\r\n")
        #expect(r.records.map(\.fields) == [["name", "note"], ["A", "line one\r\nline two\nline three"], ["B", "x"]])
        #expect(r.records.map(\.line) == [1, 2, 5])
        #expect(r.errors.isEmpty)
    }

    @Test func byteOrderMarkAndUnicode() {
        #expect(fields("\u{FEFF}practitioner,grade\nZoë Ó Briain,PO\n") == [["practitioner", "grade"], ["Zoë Ó Briain", "PO"]])
    }

    @Test func syntaxErrors() {
        let unclosed = CSV.parse("a,b\n1,\"open\n2,3\n")
        #expect(unclosed.errors == [CSVSyntaxError(line: 2, message: "a quoted field opened here is never closed")])
        let stray = CSV.parse("a,b\nab\"c,2\n\"x\"y,3\n")
        #expect(stray.errors.map(\.line) == [2, 3])
        #expect(stray.records.map(\.fields) == [["a", "b"], ["ab\"c", "2"], ["xy", "3"]])
    }

    @Test func writing() {
        #expect(CSV.row(["a", "Smith, Bob", #"say "hi""#, "two\nlines", " pad"]) ==
                #"a,"Smith, Bob","say ""hi""","two"# + "\nlines\",\" pad\"")
        let values = ["plain", "with,comma", "with \"quote\"", "multi\r\nline", ""]
        #expect(fields(CSV.row(values) + "\r\n") == [values])
    }
}

@Suite struct CaseloadFileTests {
    func problems(_ text: String, file: String = "caseload.csv") -> [String] {
        do {
            _ = try CaseloadFile.read(text, file: file)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func readsCountsAndIgnoresOtherColumns() throws {
        let text = """
        date,replication,practitioner,grade,contracted_hours,reduction_hours,community_B2,licence_A3,custody_D1,sdr,fdr,t2a_community_A3,community_total
        2024-04-01,1,Alice,PO,37,1.8,3,2,1,1,2,,6
        2024-04-01,1,"Smith, Bob",pso,22.5,0,,,,,,1,0
        2024-04-01,1,Carol,SPO,37,0,1,0,0,0,0,0,1
        """
        let rows = try CaseloadFile.read(text, file: "c.csv")
        #expect(rows.map(\.practitioner) == ["Alice", "Smith, Bob", "Carol"])
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(rows[0].caseload.workloadPoints == 1064)
        #expect(rows[0].capacity.availablePoints == 2070)
        #expect(rows[1].grade == .pso && rows[1].caseload.workloadPoints == 75)
        #expect(rows[1].capacity.availablePoints == 1323)
        #expect(rows[2].capacity.percent == nil)
        #expect(CaseloadFile.report(rows) == """
        practitioner,grade,workload_points,available_points,capacity_pct
        Alice,PO,1064,2070,51.4
        "Smith, Bob",PSO,75,1323,5.7
        Carol,SPO,115,0,

        """)
    }

    @Test func onlyRequiredColumns() throws {
        let rows = try CaseloadFile.read("practitioner,grade,contracted_hours,reduction_hours\r\nA,PQiP,37,29.6\r\n", file: "c.csv")
        #expect(rows.count == 1 && rows[0].caseload.workloadPoints == 0 && rows[0].capacity.availablePoints == 435)
        #expect(CaseloadFile.report(rows).hasSuffix("A,PQiP,0,435,0.0\n"))
        #expect(try CaseloadFile.read("practitioner,grade,contracted_hours,reduction_hours\n", file: "c.csv").isEmpty)
    }

    @Test func weighsWithTheGivenTable() throws {
        var t = PointsTable.hmppsDefault
        t[.community, .b2] = 100
        let rows = try CaseloadFile.read("practitioner,grade,contracted_hours,reduction_hours,community_B2\nA,PO,37,0,2\n",
                                         file: "c.csv", table: t)
        #expect(rows[0].caseload.workloadPoints == 200)
    }

    @Test func everyBadCellReportedWithLineAndColumn() {
        let text = """
        practitioner,grade,contracted_hours,reduction_hours,community_B2,sdr
        A,PO,37,0,1,0
        B,PO,37,0,1,0
        C,PO,37,0,1,0
        D,PO,37,0,1,0
        E,PO,37,0,1,0
        F,PO,thirty,0,1,0
        ,AB,37,-1,-2,2.5
        G,PO,200,0,x,1
        H,PO,37
        """
        #expect(problems(text) == [
            #"caseload.csv:7: column contracted_hours: expected a number ≥ 0, found "thirty""#,
            "caseload.csv:8: column practitioner: expected a name, found nothing",
            #"caseload.csv:8: column grade: expected one of PO, PSO, PQiP, SPO, found "AB""#,
            #"caseload.csv:8: column reduction_hours: expected a number ≥ 0, found "-1""#,
            #"caseload.csv:8: column community_B2: expected a whole number ≥ 0, found "-2""#,
            #"caseload.csv:8: column sdr: expected a whole number ≥ 0, found "2.5""#,
            "caseload.csv:9: column contracted_hours: expected at most 168 hours a week, found 200",
            #"caseload.csv:9: column community_B2: expected a whole number ≥ 0, found "x""#,
            "caseload.csv:10: expected 6 fields (one per header column), found 3",
        ])
    }

    @Test func numbersAreStrict() {
        let header = "practitioner,grade,contracted_hours,reduction_hours,community_B2\n"
        for bad in ["nan", "inf", "1e3", "0x10", "3,5", "", "1.2.3"] {
            let row = "A,PO,\(CSV.field(bad)),0,1\n"
            #expect(problems(header + row).count == 1, "contracted_hours \(bad)")
        }
        #expect(problems(header + "A,PO, 37 ,.5,+2\n").isEmpty)
        #expect(problems(header + "A,PO,37,0,1.0\n").count == 1)  // counts are whole numbers
    }

    @Test func headerProblems() {
        #expect(problems("practitioner,contracted_hours,community_B2\nA,37,1\n") == [
            "caseload.csv:1: missing required columns grade, reduction_hours (the header must name practitioner, grade, contracted_hours, reduction_hours)",
        ])
        let p = problems("practitioner,grade,contracted_hours,reduction_hours,community_E2,t2a_licence_X1,community_B2,COMMUNITY_B2\nA,PO,37,0,1,1,1,1\n")
        #expect(p.count == 3)
        #expect(p[0].hasPrefix(#"caseload.csv:1: column community_E2: not a count column: "E2" is not a tier (expected one of A3, A2"#))
        #expect(p[1].hasPrefix("caseload.csv:1: column t2a_licence_X1: not a count column"))
        #expect(p[2] == "caseload.csv:1: column COMMUNITY_B2: appears more than once (columns 7 and 8)")
        #expect(problems("") == ["caseload.csv:1: the file has no header line; expected one naming practitioner, grade, contracted_hours, reduction_hours and count columns"])
    }

    @Test func syntaxErrorsAreReportedWithTheRest() {
        let p = problems("practitioner,grade,contracted_hours,reduction_hours\nA\"x,PO,37,0\nB,ZZ,37,0\n")
        #expect(p.count == 2)
        #expect(p[0].hasPrefix("caseload.csv:2: a quote inside an unquoted field"))
        #expect(p[1].hasPrefix("caseload.csv:3: column grade"))
    }
}

@Suite struct PointsFileTests {
    func problems(_ text: String) -> [String] {
        do {
            _ = try PointsFile.read(text, file: "points.csv")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func writeThenReadRoundTrips() throws {
        var t = PointsTable.hmppsDefault
        t[.licence, .c2, t2a: true] = 11
        t.defaultHoursPSO = 36.5
        let text = PointsFile.write(t)
        #expect(text.hasPrefix("name,value\nsdr,138\nfdr,65\nnominal_target_po,2176\nnominal_target_pso,2176\ndefault_hours_po,37\ndefault_hours_pso,36.5\ndefault_hours_spo,0\ncommunity_A3,206\n"))
        #expect(text.split(separator: "\n").count == 1 + 7 + 192)
        #expect(try PointsFile.read(text, file: "p.csv") == t)
    }

    @Test func partialFileOverridesTheDefaults() throws {
        let t = try PointsFile.read("name,value,source\nsdr,150,local agreement\nCOMMUNITY_b2,120,\"made up, for a test\"\n", file: "p.csv")
        var expected = PointsTable.hmppsDefault
        expected.sdr = 150
        expected[.community, .b2] = 120
        #expect(t == expected)
        #expect(try PointsFile.read("value,name\n", file: "p.csv") == PointsTable.hmppsDefault)
    }

    @Test func everyProblemReported() {
        let text = """
        name,value
        sdr,138.5
        parom,120
        community_E2,5
        community_B2,-1
        licence_A3,lots
        sdr,140
        default_hours_pso,0
        x
        """
        let p = problems(text)
        #expect(p == [
            "points.csv:2: column value: sdr: expected a whole number ≥ 0, found 138.5",
            #"points.csv:3: column name: "parom" is not an entry name (expected sdr, fdr, nominal_target_po, nominal_target_pso, default_hours_po, default_hours_pso, default_hours_spo or {community|licence|custody}_{A3…D0} or t2a_{community|licence|custody}_{A3…D0}, the tier optionally suffixed S (A3S…D0S))"#,
            #"points.csv:4: column name: "community_E2" is not an entry name: "E2" is not a tier (expected one of A3, A2, A1, A0, B3, B2, B1, B0, C3, C2, C1, C0, D3, D2, D1, D0, each optionally with the unsupervised suffix S)"#,
            "points.csv:5: column value: community_B2: expected a whole number ≥ 0, found -1",
            #"points.csv:6: column value: expected a whole number ≥ 0, found "lots""#,
            "points.csv:7: column name: sdr is already given on line 2",
            "points.csv:9: expected 2 fields (one per header column), found 1",
            "points.csv: default_hours_pso is 0, so every PSO would have 0 available points",
        ])
        #expect(problems("points,value\n") == ["points.csv:1: missing required column name (the header must have name and value columns)"])
    }
}

/// Issue 12: `caseflow wmt` reads its file a block at a time. A block may end anywhere —
/// inside a quoted field, between a CR and its LF, inside the byte-order mark or a UTF-8
/// character — and the records must be the same as when the file is read whole.
@Suite struct CSVStreamTests {
    struct Parsed: Equatable {
        var records: [CSVRecord] = []
        var errors: [CSVSyntaxError] = []
    }

    func parse(_ bytes: [UInt8], blockSize: Int) -> Parsed {
        var parser = CSVStreamParser()
        var out = Parsed()
        var i = 0
        while i < bytes.count {
            let block = Array(bytes[i..<min(bytes.count, i + blockSize)])
            block.withUnsafeBufferPointer { parser.feed($0, onRecord: { out.records.append($0.record) }, onError: { out.errors.append($0) }) }
            i += blockSize
        }
        parser.finish(onRecord: { out.records.append($0.record) }, onError: { out.errors.append($0) })
        return out
    }

    @Test func anyBlockSizeGivesTheSameRecords() {
        let text = "\u{FEFF}a,b\r\n\"x,\"\"y\"\"\r\nz\",2\r\n\r\n\"q\"w,3\rZoë,\"\""
        let expected = Parsed(
            records: [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["x,\"y\"\r\nz", "2"]),
                      CSVRecord(line: 5, fields: ["qw", "3"]), CSVRecord(line: 6, fields: ["Zoë", ""])],
            errors: [CSVSyntaxError(line: 5, message: "text after a closing quote (a quote inside a field must be written twice, \"\")")])
        let bytes = Array(text.utf8)
        for size in 1...bytes.count {
            #expect(parse(bytes, blockSize: size) == expected, "blocks of \(size) bytes")
        }
        let whole = CSV.parse(text)
        #expect(Parsed(records: whole.records, errors: whole.errors) == expected)
        // A quoted field left open, split anywhere.
        let open = Array("a\n\"b\r\nc".utf8)
        for size in 1...open.count {
            #expect(parse(open, blockSize: size) == Parsed(
                records: [CSVRecord(line: 1, fields: ["a"]), CSVRecord(line: 2, fields: ["b\r\nc"])],
                errors: [CSVSyntaxError(line: 2, message: "a quoted field opened here is never closed")]))
        }
    }

    @Test func bytesThatAreNotUTF8AreFoundPerRecord() {
        var parser = CSVStreamParser()
        var seen: [(line: Int, bad: UInt8?)] = []
        let bytes: [UInt8] = Array("a,b\n".utf8) + [0x5A, 0xC3, 0xAB, 0x2C, 0x41, 0xE9, 0x0A] + Array("c,d\n".utf8)
        bytes.withUnsafeBufferPointer { parser.feed($0, onRecord: { seen.append(($0.line, $0.firstInvalidByte)) }, onError: { _ in }) }
        parser.finish(onRecord: { seen.append(($0.line, $0.firstInvalidByte)) }, onError: { _ in })
        #expect(seen.map(\.line) == [1, 2, 3])
        #expect(seen.map(\.bad) == [nil, 0xE9, nil])   // "Zë" is UTF-8; the lone 0xE9 is not
    }
}

@Suite struct CaseloadReaderTests {
    let text = """
    practitioner,grade,contracted_hours,reduction_hours,community_B2,licence_A3,custody_D1,sdr,fdr,t2a_community_A3,date
    Alice,PO,37,1.8,3,2,1,1,2,0,2024-04-01
    "Smith, Bob",PSO,22.5,0, +0 ,,0,0,0,1,2024-04-01
    Carol,SPO,37,0,1,0,0,0,0,0,2024-04-01

    """

    /// The hand-worked report of docs/wmt.md's example, whatever the block size: Alice holds
    /// 3 × 115 + 2 × 219 + 13 + 138 + 2 × 65 = 1064 points against ⌊2176 × 35.2 / 37⌋ = 2070.
    @Test func rowsInBlocksOfAnySize() {
        for size in [1, 2, 3, 7, 64, 4096] {
            let reader = CaseloadReader(file: "c.csv")
            var writer = CaseloadReportWriter()
            var out = CaseloadReportWriter.header
            let bytes = Array(text.utf8)
            var i = 0
            while i < bytes.count {
                Array(bytes[i..<min(bytes.count, i + size)]).withUnsafeBufferPointer { reader.feed($0) { out += writer.line($0) } }
                i += size
            }
            #expect(reader.finish { out += writer.line($0) } == nil)
            #expect(out == """
            practitioner,grade,workload_points,available_points,capacity_pct
            Alice,PO,1064,2070,51.4
            "Smith, Bob",PSO,75,1323,5.7
            Carol,SPO,115,0,

            """, "blocks of \(size) bytes")
        }
    }

    @Test func problemsAreCountedAllButKeptToALimit() {
        var text = "practitioner,grade,contracted_hours,reduction_hours\n"
        for k in 0..<250 { text += "P\(k),XO,37,0\n" }
        let reader = CaseloadReader(file: "c.csv", maxProblemsKept: 200)
        text.utf8CString.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: UInt8.self) { reader.feed(UnsafeBufferPointer(rebasing: $0.dropLast())) { _ in Issue.record("a row was handed over") } }
        }
        let problems = reader.finish { _ in }
        #expect(reader.problemCount == 250)
        #expect(problems?.problems.count == 200)
        #expect(problems?.problems.last?.description == #"c.csv:201: column grade: expected one of PO, PSO, PQiP, SPO, found "XO""#)
    }

    @Test func countCellsReadFromBytes() {
        func cell(_ s: String) -> CaseloadFile.CountCell {
            Array(s.utf8).withUnsafeBufferPointer(CaseloadFile.countCell)
        }
        #expect(cell("") == .empty && cell(" \t ") == .empty)
        #expect(cell("12") == .count(12) && cell(" +7\t") == .count(7) && cell("0007") == .count(7))
        #expect(cell("1000000") == .count(1_000_000))
        // Anything else goes to the careful reading, which words the problem.
        #expect(cell("1000001") == .other && cell("+") == .other && cell("1.5") == .other && cell("-1") == .other)
        #expect(cell("99999999999999999999999") == .other && cell("１２") == .other)
    }
}
