// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
@testable import Scenario

/// The typed accessors: what they accept, what they report, and where.
/// Every expected position is counted by hand from the YAML literal above it.
final class YAMLReaderTests: XCTestCase {

    // MARK: The usage example

    func testReadingAHorizonBlock() throws {
        let source = try YAMLSource(text: "horizon: {start: 2021-06-26, length: 5 years}\n", fileName: "s.yaml")
        let (start, length) = try YAMLReader.read(source) { root -> (YAMLDate, YAMLDuration)? in
            let top = root.mapping(allowedKeys: ["horizon"])
            let horizon = top?.required("horizon").mapping(allowedKeys: ["start", "length"])
            let start = horizon?.required("start").date()
            let length = horizon?.required("length").duration(defaultUnit: .weeks)
            guard let start, let length else { return nil }
            return (start, length)
        }
        XCTAssertEqual(start, YAMLDate(year: 2021, month: 6, day: 26))
        XCTAssertEqual(start.isoString, "2021-06-26")
        XCTAssertEqual(length, .years(5))
    }

    func testReadThrowsEveryProblemAtOnce() throws {
        // horizon's flow mapping opens at column 10; start's value is at 1:18; "lenght" at 1:30.
        let source = try YAMLSource(text: "horizon: {start: 2021-02-29, lenght: 5 years}\n", fileName: "pdu.yaml")
        XCTAssertThrowsError(try YAMLReader.read(source) { root -> YAMLDate? in
            let horizon = root.mapping(allowedKeys: ["horizon"])?.required("horizon")
                .mapping(allowedKeys: ["start", "length"])
            let start = horizon?.required("start").date()
            let length = horizon?.required("length").duration()
            guard let start, length != nil else { return nil }
            return start
        }) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.description, """
                pdu.yaml:1:10: horizon.length: expected a duration such as "26 weeks" or "5 years", found nothing (the key is missing)
                pdu.yaml:1:18: horizon.start: expected a date (YYYY-MM-DD), found "2021-02-29"; February 2021 has 28 days
                pdu.yaml:1:30: horizon.lenght: unknown key; did you mean "length"?
                """)
        }
    }

    func testReadFromAPath() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("pdu.yaml")
        try Data("weeks: 26\n".utf8).write(to: url)
        let weeks = try YAMLReader.read(path: url.path) { $0.mapping()?.required("weeks").int(min: 1) }
        XCTAssertEqual(weeks, 26)
    }

    // MARK: Wrong types

    func testWrongTypesSayWhatWasExpectedAndFound() {
        let yaml = """
            name: [a, b]
            count: lots
            ratio: "0.5"
            flag: yes
            area: {x: 1}
            size: 1.5
            big: 99999999999999999999
            none: ~

            """
        let lines = diagnostics(yaml) { root in
            let m = root.mapping()
            _ = m?.required("name").string()
            _ = m?.required("count").int(min: 0)
            _ = m?.required("ratio").double(min: 0, max: 1)
            _ = m?.required("flag").bool()
            _ = m?.required("area").sequence()
            _ = m?.required("size").int()
            _ = m?.required("big").int()
            _ = m?.required("none").string()
        }
        XCTAssertEqual(lines, [
            "s.yaml:1:7: name: expected text, found a list",
            "s.yaml:2:8: count: expected a whole number ≥ 0, found \"lots\"",
            "s.yaml:3:8: ratio: expected a number between 0 and 1, found \"0.5\"; it is in quotes, so it is text: remove the quotes",
            "s.yaml:4:7: flag: expected true or false, found \"yes\"",
            "s.yaml:5:7: area: expected a list, found a mapping",
            "s.yaml:6:7: size: expected a whole number, found \"1.5\"",
            "s.yaml:7:6: big: expected a whole number, found \"99999999999999999999\"; it is too large",
            "s.yaml:8:7: none: expected text, found nothing",
        ])
    }

    func testNumbersFollowTheCoreSchema() {
        let yaml = """
            a: 12
            b: -3
            c: 0x1F
            d: 2.5e3
            e: 7
            f: '12'
            g: .inf
            h: 12
            i: 10
            j: -1
            k: !!str 12

            """
        var values: [Double?] = []
        var ints: [Int?] = []
        let lines = diagnostics(yaml) { root in
            let m = root.mapping()
            ints.append(m?.required("a").int())
            ints.append(m?.required("b").int())
            ints.append(m?.required("c").int())
            values.append(m?.required("d").double())
            values.append(m?.required("e").double())  // an integer is a number
            ints.append(m?.required("f").int())
            values.append(m?.required("g").double())
            ints.append(m?.required("h").int(max: 10))
            ints.append(m?.required("i").int(min: 1, max: 10))
            values.append(m?.required("j").double(min: 0))
            values.append(m?.required("k").double())
        }
        XCTAssertEqual(ints, [12, -3, 31, nil, nil, 10])
        XCTAssertEqual(values, [2500, 7, nil, nil, nil])
        XCTAssertEqual(lines, [
            "s.yaml:6:4: f: expected a whole number, found \"12\"; it is in quotes, so it is text: remove the quotes",
            "s.yaml:7:4: g: expected a number, found \".inf\"",
            "s.yaml:8:4: h: expected a whole number ≤ 10, found \"12\"",
            "s.yaml:10:4: j: expected a number ≥ 0, found \"-1\"",
            "s.yaml:11:4: k: expected a number, found \"12\"; it is tagged !!str, so it is text: remove the tag",
        ])
    }

    func testStringsAcceptAnyScalarAsWritten() {
        var texts: [String?] = []
        let lines = diagnostics("a: North\nb: 12\nc: '0.50'\nd: ''\ne: |\n  two\n  lines\n") { root in
            let m = root.mapping()
            texts.append(m?.required("a").string())
            texts.append(m?.required("b").string())
            texts.append(m?.required("c").string())
            texts.append(m?.required("d").string())
            texts.append(m?.required("e").string())
            _ = m?.required("d").string(allowEmpty: false)
        }
        XCTAssertEqual(texts, ["North", "12", "0.50", "", "two\nlines\n"])
        XCTAssertEqual(lines, ["s.yaml:4:4: d: expected non-empty text, found \"\""])
    }

    func testBooleans() {
        var flags: [Bool?] = []
        let lines = diagnostics("a: true\nb: False\nc: \"true\"\nd: on\n") { root in
            let m = root.mapping()
            for key in ["a", "b", "c", "d"] { flags.append(m?.required(key).bool()) }
        }
        XCTAssertEqual(flags, [true, false, nil, nil])
        XCTAssertEqual(lines, [
            "s.yaml:3:4: c: expected true or false, found \"true\"; it is in quotes, so it is text: remove the quotes",
            "s.yaml:4:4: d: expected true or false, found \"on\"",
        ])
    }

    // MARK: Keys

    func testUnknownKeysWithAndWithoutSuggestion() {
        let yaml = """
            organisation:
              regionz: 12
              colour: red
              Name: North

            """
        var keys: [String]?
        let lines = diagnostics(yaml) { root in
            keys = root.mapping(allowedKeys: ["organisation"])?.required("organisation")
                .mapping(allowedKeys: ["name", "regions"])?.keys
        }
        XCTAssertEqual(keys, [])
        XCTAssertEqual(lines, [
            "s.yaml:2:3: organisation.regionz: unknown key; did you mean \"regions\"?",
            "s.yaml:3:3: organisation.colour: unknown key; expected one of \"name\" or \"regions\"",
            "s.yaml:4:3: organisation.Name: unknown key; did you mean \"name\"?",
        ])
    }

    func testMissingRequiredKeysAreReportedAtTheParentMapping() {
        let yaml = """
            # a comment line
            horizon:
              length: 5 years
            flow: {length: 5 years}

            """
        let lines = diagnostics(yaml) { root in
            let m = root.mapping()
            _ = m?.required("horizon").mapping()?.required("start").date()
            _ = m?.required("flow").mapping()?.required("start").date()
            _ = m?.required("seed").int()
        }
        XCTAssertEqual(lines, [
            "s.yaml:2:1: seed: expected a whole number, found nothing (the key is missing)",
            "s.yaml:3:3: horizon.start: expected a date (YYYY-MM-DD), found nothing (the key is missing)",
            "s.yaml:4:7: flow.start: expected a date (YYYY-MM-DD), found nothing (the key is missing)",
        ])
    }

    func testARequiredKeyNeverReadIsStillReported() {
        let lines = diagnostics("a: 1\n") { root in
            _ = root.mapping()?.required("b")
        }
        XCTAssertEqual(lines, ["s.yaml:1:1: b: expected a value, found nothing (the key is missing)"])
    }

    func testOptionalKeys() {
        var results: [Int?] = []
        var present: [Bool] = []
        let lines = diagnostics("a: 3\nb:\nc: ~\nd: x\n") { root in
            let m = root.mapping()
            for key in ["a", "b", "c", "d", "e"] {
                present.append(m?.optional(key) != nil)
                results.append(m?.optional(key)?.int())
            }
        }
        XCTAssertEqual(present, [true, false, false, true, false])
        XCTAssertEqual(results, [3, nil, nil, nil, nil])
        XCTAssertEqual(lines, ["s.yaml:4:4: d: expected a whole number, found \"x\""])
    }

    func testKeysMustBeScalars() {
        let lines = diagnostics("? [a, b]\n: 1\nc: 2\n") { root in
            XCTAssertEqual(root.mapping()?.keys, ["c"])
        }
        XCTAssertEqual(lines, ["s.yaml:1:3: expected a key name, found a list"])
    }

    func testKeysIterateInDocumentOrder() {
        let yaml = "zeta: 1\nalpha: 2\nmid: 3\nbeta: 4\n"
        var order: [String] = []
        var positions: [YAMLPosition] = []
        _ = diagnostics(yaml) { root in
            for entry in root.mapping()?.entries ?? [] {
                order.append(entry.key)
                positions.append(entry.keyPosition)
            }
        }
        XCTAssertEqual(order, ["zeta", "alpha", "mid", "beta"])
        XCTAssertEqual(positions.map(\.line), [1, 2, 3, 4])
    }

    // MARK: Dates

    func testDates() {
        let yaml = """
            start: 2021-02-29
            leap: 2020-02-29
            end: 2021-13-01
            odd: 26/06/2021
            century: 1900-02-29
            millennium: 2000-02-29
            quoted: "2021-06-26"
            zero: 2021-04-00
            april: 2021-04-31

            """
        var dates: [YAMLDate?] = []
        let lines = diagnostics(yaml) { root in
            let m = root.mapping()
            for key in ["start", "leap", "end", "odd", "century", "millennium", "quoted", "zero", "april"] {
                dates.append(m?.required(key).date())
            }
        }
        XCTAssertEqual(dates.map { $0?.isoString }, [
            nil, "2020-02-29", nil, nil, nil, "2000-02-29", "2021-06-26", nil, nil,
        ])
        XCTAssertEqual(lines, [
            "s.yaml:1:8: start: expected a date (YYYY-MM-DD), found \"2021-02-29\"; February 2021 has 28 days",
            "s.yaml:3:6: end: expected a date (YYYY-MM-DD), found \"2021-13-01\"; there is no month 13",
            "s.yaml:4:6: odd: expected a date (YYYY-MM-DD), found \"26/06/2021\"",
            "s.yaml:5:10: century: expected a date (YYYY-MM-DD), found \"1900-02-29\"; February 1900 has 28 days",
            "s.yaml:8:7: zero: expected a date (YYYY-MM-DD), found \"2021-04-00\"; there is no day 0",
            "s.yaml:9:8: april: expected a date (YYYY-MM-DD), found \"2021-04-31\"; April 2021 has 30 days",
        ])
    }

    // MARK: Durations

    func testDurations() {
        let yaml = """
            a: 5 years
            b: 18 months
            c: 1 week
            d: 10 working days
            e: 26
            f: 3 fortnights
            g: 5 yaers
            h: 1.5 years
            i: 12
            j: -2 weeks
            k: 4 Days

            """
        var durations: [YAMLDuration?] = []
        let lines = diagnostics(yaml) { root in
            let m = root.mapping()
            for key in ["a", "b", "c", "d"] { durations.append(m?.required(key).duration()) }
            durations.append(m?.required("e").duration(defaultUnit: .weeks))
            for key in ["f", "g", "h", "i", "j", "k"] { durations.append(m?.required(key).duration()) }
        }
        XCTAssertEqual(durations, [
            .years(5), .months(18), .weeks(1), .workingDays(10), .weeks(26), nil, nil, nil, nil, nil, .days(4),
        ])
        let expected = "expected a duration such as \"26 weeks\" or \"5 years\""
        XCTAssertEqual(lines, [
            "s.yaml:6:4: f: \(expected), found \"3 fortnights\"",
            "s.yaml:7:4: g: \(expected), found \"5 yaers\"; did you mean \"years\"?",
            "s.yaml:8:4: h: \(expected), found \"1.5 years\"; use a whole number, in a smaller unit if need be",
            "s.yaml:9:4: i: \(expected), found \"12\"; add a unit: days, working days, weeks, months or years",
            "s.yaml:10:4: j: \(expected), found \"-2 weeks\"",
        ])
        XCTAssertEqual(YAMLDuration.years(1).description, "1 year")
        XCTAssertEqual(YAMLDuration.workingDays(10).description, "10 working days")
        XCTAssertEqual(YAMLDuration(18, .months), .months(18))
    }

    func testADurationWithADefaultUnitSaysSo() {
        let lines = diagnostics("a: -3\nb: lots\n") { root in
            let m = root.mapping()
            _ = m?.required("a").duration(defaultUnit: .weeks)
            _ = m?.required("b").duration(defaultUnit: .weeks)
        }
        XCTAssertEqual(lines, [
            "s.yaml:1:4: a: expected a number of weeks or a duration such as \"18 months\", found \"-3\"; a duration cannot be negative",
            "s.yaml:2:4: b: expected a number of weeks or a duration such as \"18 months\", found \"lots\"",
        ])
    }

    // MARK: Percentages

    func testPercentages() {
        let yaml = """
            a: 35%
            b: 12.5
            c: "40 %"
            d: 120
            e: "35"
            f: -1%
            g: lots
            h: 0
            i: 100%

            """
        var values: [Double?] = []
        let lines = diagnostics(yaml) { root in
            let m = root.mapping()
            for key in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] { values.append(m?.required(key).percentage()) }
        }
        XCTAssertEqual(values, [35, 12.5, 40, nil, nil, nil, nil, 0, 100])
        let expected = "expected a percentage from 0 to 100 (35 or \"35%\")"
        XCTAssertEqual(lines, [
            "s.yaml:4:4: d: \(expected), found \"120\"",
            "s.yaml:5:4: e: \(expected), found \"35\"; it is in quotes, so it is text: remove the quotes",
            "s.yaml:6:4: f: \(expected), found \"-1%\"",
            "s.yaml:7:4: g: \(expected), found \"lots\"",
        ])
    }

    // MARK: Enumerations

    enum Tier: String, CaseIterable { case low, medium, high }

    func testEnumerations() {
        var tiers: [Tier?] = []
        let lines = diagnostics("a: high\nb: hgih\nc: severe\nd: 'low'\n") { root in
            let m = root.mapping()
            for key in ["a", "b", "c", "d"] { tiers.append(m?.required(key).enumValue(Tier.self)) }
        }
        XCTAssertEqual(tiers, [.high, nil, nil, .low])
        XCTAssertEqual(lines, [
            "s.yaml:2:4: b: expected one of \"low\", \"medium\" or \"high\", found \"hgih\"; did you mean \"high\"?",
            "s.yaml:3:4: c: expected one of \"low\", \"medium\" or \"high\", found \"severe\"",
        ])
    }

    // MARK: Sequences and paths

    func testSequencesGiveIndexedPaths() {
        let yaml = """
            demand:
              pdus:
                - name: North
                  weekly_sentences: 12
                - name: South
                  weekly_sentences: lots
                - weekly_sentences: -4

            """
        var totals: [Double]?
        let lines = diagnostics(yaml) { root in
            let pdus = root.mapping(allowedKeys: ["demand"])?.required("demand")
                .mapping(allowedKeys: ["pdus"])?.required("pdus")
            totals = pdus?.sequence { pdu -> Double? in
                let m = pdu.mapping(allowedKeys: ["name", "weekly_sentences"])
                let name = m?.required("name").string()
                let weekly = m?.required("weekly_sentences").double(min: 0)
                guard name != nil, let weekly else { return nil }
                return weekly
            }
        }
        XCTAssertNil(totals)
        XCTAssertEqual(lines, [
            "s.yaml:6:25: demand.pdus[1].weekly_sentences: expected a number ≥ 0, found \"lots\"",
            "s.yaml:7:7: demand.pdus[2].name: expected text, found nothing (the key is missing)",
            "s.yaml:7:25: demand.pdus[2].weekly_sentences: expected a number ≥ 0, found \"-4\"",
        ])
    }

    func testPositionsOfValues() {
        _ = diagnostics("list:\n  - a\n  - {b: 1}\n") { root in
            let list = root.mapping()?.required("list")
            XCTAssertEqual(list?.position, YAMLPosition(line: 2, column: 3))
            let elements = list?.sequence()
            XCTAssertEqual(elements?.map(\.position), [YAMLPosition(line: 2, column: 5), YAMLPosition(line: 3, column: 5)])
            XCTAssertEqual(elements?.map(\.path.description), ["list[0]", "list[1]"])
            XCTAssertEqual(elements?[1].mapping()?.required("b").line, 3)
            XCTAssertEqual(elements?[1].mapping()?.required("b").column, 9)
        }
    }

    func testTheRootMustBeAMapping() {
        XCTAssertEqual(diagnostics("- a\n- b\n") { _ = $0.mapping() }, ["s.yaml:1:1: expected a mapping, found a list"])
        XCTAssertEqual(diagnostics("just text\n") { _ = $0.mapping() },
                       ["s.yaml:1:1: expected a mapping, found \"just text\""])
    }

    // MARK: Many errors

    func testErrorsAreSortedByPositionWhateverTheReadingOrder() {
        let yaml = """
            a: x
            b:
              c: y
            d: z

            """
        let lines = diagnostics(yaml) { root in
            let m = root.mapping(allowedKeys: ["a", "b", "d"])
            _ = m?.required("d").int()
            _ = m?.required("b").mapping()?.required("c").int()
            _ = m?.required("a").int()
            _ = m?.required("e").int()
        }
        XCTAssertEqual(lines, [
            "s.yaml:1:1: e: expected a whole number, found nothing (the key is missing)",
            "s.yaml:1:4: a: expected a whole number, found \"x\"",
            "s.yaml:3:6: b.c: expected a whole number, found \"y\"",
            "s.yaml:4:4: d: expected a whole number, found \"z\"",
        ])
    }

    func testFiveHundredErrorsAreCappedAtTwoHundred() {
        let yaml = (1...500).map { "k\($0): bad" }.joined(separator: "\n") + "\n"
        let lines = diagnostics(yaml) { root in
            for entry in root.mapping()?.entries ?? [] { _ = entry.value.int() }
        }
        XCTAssertEqual(lines.count, 201)
        // "k1: " is 4 characters; "k200: " is 6.
        XCTAssertEqual(lines.first, "s.yaml:1:5: k1: expected a whole number, found \"bad\"")
        XCTAssertEqual(lines[199], "s.yaml:200:7: k200: expected a whole number, found \"bad\"")
        XCTAssertEqual(lines.last, "…and 300 more errors")
    }

    func testTheCapKeepsTheFirstByPositionEvenWhenReportedLast() {
        let collector = DiagnosticCollector(limit: 2)
        for line in (1...20).reversed() {
            collector.report(ScenarioDiagnostic(file: "s.yaml", line: line, column: 1, message: "m"))
        }
        XCTAssertEqual(collector.result().lines, ["s.yaml:1:1: m", "s.yaml:2:1: m", "…and 18 more errors"])
        XCTAssertEqual(collector.reportedCount, 20)
    }
}

/// Line endings other than LF count as libyaml counts them.
final class YAMLLineEndingTests: XCTestCase {
    func testCRLFAndCRFiles() {
        XCTAssertEqual(diagnostics("a: 1\r\nb: x\r\n") { _ = $0.mapping()?.required("b").int() },
                       ["s.yaml:2:4: b: expected a whole number, found \"x\""])
        XCTAssertEqual(diagnostics("a: 1\rb: x\r") { _ = $0.mapping()?.required("b").int() },
                       ["s.yaml:2:4: b: expected a whole number, found \"x\""])
        XCTAssertEqual(loadDiagnostics("a: 1\r\nb: \u{1}\r\n"),
                       ["s.yaml:2:4: invalid YAML: control character U+0001 is not allowed"])
    }

    func testColumnsCountUnicodeScalars() {
        // "région: " is 8 characters, so the value starts in column 9 (é is one scalar, two bytes).
        XCTAssertEqual(diagnostics("région: beaucoup\n") { _ = $0.mapping()?.required("région").int() },
                       ["s.yaml:1:9: région: expected a whole number, found \"beaucoup\""])
    }
}

/// Merge keys are not applied; they get their own explanation.
final class YAMLMergeKeyTests: XCTestCase {
    func testMergeKeysAreExplained() {
        let yaml = "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"
        let lines = diagnostics(yaml) { root in
            _ = root.mapping()?.required("other").mapping(allowedKeys: ["x", "y"])
        }
        XCTAssertEqual(lines, [
            "s.yaml:3:3: other.<<: unknown key; merge keys (<<) are not supported: write the keys out, or alias the whole mapping",
        ])
    }

    func testLocalizedDescriptionIsTheRenderedList() {
        let error: Error = ScenarioDiagnostics([ScenarioDiagnostic(file: "a.yaml", line: 1, column: 2, message: "m")])
        XCTAssertEqual(error.localizedDescription, "a.yaml:1:2: m")
    }
}
