// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import XCTest
import Yams
@testable import Scenario

/// Loading: files, encodings, syntax errors, document count, duplicates, limits.
final class YAMLSourceTests: XCTestCase {

    // MARK: Files

    func testLoadsAFileAndNamesItInDiagnostics() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pdu.yaml").path
        try Data("horizon:\n  start: 2021-06-26\n".utf8).write(to: URL(fileURLWithPath: path))

        let source = try YAMLSource.load(path: path, displayName: "scenarios/pdu.yaml")
        XCTAssertEqual(source.fileName, "scenarios/pdu.yaml")
        XCTAssertEqual(source.root["horizon"]?["start"]?.string, "2021-06-26")
        XCTAssertEqual(source.diagnostics, [])
    }

    func testFileNotFound() {
        XCTAssertThrowsError(try YAMLSource.load(path: "/nonexistent/dir/pdu.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["/nonexistent/dir/pdu.yaml: cannot read the file: it does not exist"])
        }
    }

    func testADirectoryIsNotAFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        XCTAssertThrowsError(try YAMLSource.load(path: directory.path, displayName: "scenarios")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["scenarios: cannot read the file: it is a directory"])
        }
    }

    func testAFIFOIsRefusedRatherThanBlockingOnIt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pipe.yaml").path
        guard mkfifo(path, 0o600) == 0 else { throw XCTSkip("mkfifo is not available") }
        XCTAssertThrowsError(try YAMLSource.load(path: path, displayName: "pipe.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["pipe.yaml: cannot read the file: it is not a regular file"])
        }
    }

    // MARK: Encoding

    func testBytesThatAreNotUTF8AreLocated() throws {
        // "b: caf" is six characters, so the Latin-1 é (0xE9) is line 2, column 7.
        var bytes = Array("a: 1\nb: caf".utf8)
        bytes.append(0xE9)
        bytes += Array("\n".utf8)
        XCTAssertThrowsError(try YAMLSource(data: Data(bytes), fileName: "x.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["x.yaml:2:7: expected UTF-8 text, found the byte 0xE9; save the file as UTF-8"])
        }
    }

    func testNonUTF8FileOnDisk() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("latin1.yaml")
        try Data([0x6E, 0x3A, 0x20, 0xFF, 0x0A]).write(to: url)  // "n: \xFF\n"
        XCTAssertThrowsError(try YAMLSource.load(path: url.path, displayName: "latin1.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["latin1.yaml:1:4: expected UTF-8 text, found the byte 0xFF; save the file as UTF-8"])
        }
    }

    func testUTF16IsNamed() {
        let data = Data([0xFF, 0xFE]) + "a: 1\n".data(using: .utf16LittleEndian)!
        XCTAssertThrowsError(try YAMLSource(data: data, fileName: "w.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["w.yaml: the file is UTF-16 text; save it as UTF-8"])
        }
    }

    func testAUTF8ByteOrderMarkIsDroppedAndDoesNotShiftColumns() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("a: x\n".utf8)
        let source = try YAMLSource(data: data, fileName: "bom.yaml")
        XCTAssertEqual(source.text, "a: x\n")
        XCTAssertEqual(source.root["a"]?.position, YAMLPosition(line: 1, column: 4))
    }

    func testControlCharactersAreLocated() {
        // "a: x" is four characters; the BEL is column 5.
        XCTAssertEqual(loadDiagnostics("a: x\u{7}y\n"),
                       ["s.yaml:1:5: invalid YAML: control character U+0007 is not allowed"])
        XCTAssertEqual(loadDiagnostics("a: 1\nb: \u{0}\n"),
                       ["s.yaml:2:4: invalid YAML: control character U+0000 is not allowed"])
    }

    // MARK: Syntax errors

    func testTabIndentationIsASyntaxErrorAtTheTab() {
        XCTAssertEqual(loadDiagnostics("a: 1\nb:\n\tc: 2\n"), [
            "s.yaml:3:1: invalid YAML: found character that cannot start any token"
                + " (while scanning for the next token); YAML does not allow tabs here: indent with spaces",
        ])
    }

    func testUnclosedBracket() {
        // libyaml reads "2\nb" as one plain scalar and stops at the ':' of line 2, column 2;
        // the sequence opened at line 1, column 4.
        XCTAssertEqual(loadDiagnostics("a: [1, 2\nb: 3\n"), [
            "s.yaml:2:2: invalid YAML: did not find expected ',' or ']'"
                + " (while parsing a flow sequence that starts at line 1, column 4)",
        ])
        // At the end of the text: line 2, column 1.
        XCTAssertEqual(loadDiagnostics("a: [1, 2\n"), [
            "s.yaml:2:1: invalid YAML: did not find expected ',' or ']'"
                + " (while parsing a flow sequence that starts at line 1, column 4)",
        ])
    }

    func testUnclosedQuote() {
        XCTAssertEqual(loadDiagnostics("name: 'North\n"), [
            "s.yaml:2:1: invalid YAML: found unexpected end of stream"
                + " (while scanning a quoted scalar that starts at line 1, column 7)",
        ])
    }

    func testMappingValueWhereNoneIsAllowed() {
        XCTAssertEqual(loadDiagnostics("a: b: c\n"),
                       ["s.yaml:1:5: invalid YAML: mapping values are not allowed in this context"])
    }

    func testUndefinedAlias() {
        XCTAssertEqual(loadDiagnostics("a: 1\nb: *nowhere\n"),
                       ["s.yaml:2:4: invalid YAML: found undefined alias"])
    }

    // MARK: Documents

    func testEmptyFile() {
        XCTAssertEqual(loadDiagnostics(""), ["s.yaml:1:1: expected a YAML document, found an empty file"])
        XCTAssertEqual(loadDiagnostics("\n  \n"), ["s.yaml:1:1: expected a YAML document, found an empty file"])
        XCTAssertEqual(loadDiagnostics("# nothing yet\n"),
                       ["s.yaml:1:1: expected a YAML document, found only comments"])
    }

    func testAnEmptyDocumentIsNull() {
        // `---` alone is one document whose root is null: the reader then says what it wanted.
        XCTAssertEqual(diagnostics("---\n") { _ = $0.mapping() },
                       ["s.yaml:2:1: expected a mapping, found nothing"])
    }

    func testMoreThanOneDocument() {
        XCTAssertEqual(loadDiagnostics("a: 1\n---\nb: 2\n"), [
            "s.yaml:3:1: expected one YAML document, found a second one (remove the extra `---` or split the file)",
        ])
        // A leading `---` is fine.
        XCTAssertEqual(loadDiagnostics("---\na: 1\n"), [])
    }

    // MARK: Duplicate keys

    func testYamsKeepsDuplicateKeysAndTheSourceReportsTheSecond() throws {
        let yaml = """
            a: 1
            b:
              c: 2
              c: 3
            a: 4

            """
        let source = try YAMLSource(text: yaml, fileName: "s.yaml")
        XCTAssertEqual(source.diagnostics.map(\.description), [
            "s.yaml:4:3: b.c: duplicate key; \"c\" is already set at line 3, column 3",
            "s.yaml:5:1: a: duplicate key; \"a\" is already set at line 1, column 1",
        ])
        // The reader reports them with the rest, sorted, and keeps the first value.
        var a: Int?, c: Int?
        let lines = diagnostics(yaml) { root in
            let top = root.mapping(allowedKeys: ["a", "b"])
            a = top?.required("a").int()
            c = top?.required("b").mapping()?.required("c").int()
        }
        XCTAssertEqual(lines, [
            "s.yaml:4:3: b.c: duplicate key; \"c\" is already set at line 3, column 3",
            "s.yaml:5:1: a: duplicate key; \"a\" is already set at line 1, column 1",
        ])
        XCTAssertEqual(a, 1)
        XCTAssertEqual(c, 2)
    }

    func testDuplicateKeysInAFlowMapping() {
        XCTAssertEqual(loadDiagnostics("h: {start: 1, start: 2}\n"), [])  // loads…
        XCTAssertEqual(diagnostics("h: {start: 1, start: 2}\n"),
                       ["s.yaml:1:15: h.start: duplicate key; \"start\" is already set at line 1, column 5"])
    }

    // MARK: Anchors, aliases and limits

    func testAliasesAreReadThroughAndReportAtTheAnchor() {
        let yaml = """
            base: &base {weekly: lots}
            north: *base

            """
        let lines = diagnostics(yaml) { root in
            let top = root.mapping()
            _ = top?.required("base").mapping()?.required("weekly").double(min: 0)
            _ = top?.required("north").mapping()?.required("weekly").double(min: 0)
        }
        XCTAssertEqual(lines, [
            "s.yaml:1:22: base.weekly: expected a number ≥ 0, found \"lots\"",
            "s.yaml:1:22: north.weekly: expected a number ≥ 0, found \"lots\"",
        ])
    }

    func testABillionLaughsIsRefusedQuickly() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let start = Date()
        let lines = loadDiagnostics(yaml)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines.first?.hasSuffix(
            "the document is too large: more than 1000000 values once aliases are expanded") ?? false, "\(lines)")
    }

    func testDeepNestingIsRefusedWithoutCrashingOrHanging() {
        // A long line of '[' would overflow the stack in Yams' recursive
        // composer and take libyaml quadratic time; the text check stops it.
        let deep = String(repeating: "[", count: 200_000)
        let start = Date()
        let lines = loadDiagnostics(deep)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        // The estimate for n open brackets on line 1 is 4 + 2n + 1: it passes 500 at the 248th.
        XCTAssertEqual(lines, ["s.yaml:1:248: invalid YAML: nested too deeply (at most 100 levels are read)"])

        let deepBlock = (0..<3000).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")
        XCTAssertEqual(loadDiagnostics(deepBlock).count, 1)
        XCTAssertTrue(loadDiagnostics(deepBlock).first?.hasSuffix("nested too deeply (at most 100 levels are read)") ?? false)

        let dashes = String(repeating: "- ", count: 5000) + "x"
        XCTAssertTrue(loadDiagnostics(dashes).first?.hasSuffix("nested too deeply (at most 100 levels are read)") ?? false)
    }

    func testBracketsInsideStringsNeitherHideNorFakeNesting() {
        // Closing brackets inside quoted text do not cancel real opening ones …
        let sneaky = String(repeating: "[ \"]\", ", count: 3000)
        XCTAssertTrue(loadDiagnostics(sneaky).first?.contains("nested too deeply") ?? false)
        // … and brackets in comments, or a few unclosed ones in strings, do not count.
        let ordinary = (0..<40).map { "k\($0): \"[x\" # [[[[ {{" }.joined(separator: "\n")
            + "\n# " + String(repeating: "[", count: 1000) + "\n"
        XCTAssertEqual(loadDiagnostics(ordinary), [])
        // Dashes and colons in prose are not nesting either, quoted or not.
        let prose = "a: " + String(repeating: "x - y ", count: 300) + "\nb: \"" + String(repeating: "x - y: ", count: 300) + "\"\n"
        XCTAssertEqual(loadDiagnostics(prose), [])
    }

    func testExactDepthIsCheckedOnTheTree() {
        // 150 levels pass the cheap estimate (4 + 300 + 1 ≤ 500) and are caught on the tree:
        // the sequence at depth 100 opens in column 101.
        let text = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
        let lines = loadDiagnostics(text)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("s.yaml:1:101: [0][0]"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("[0]: nested too deeply (at most 100 levels are read)"), lines[0])
    }

    func testModerateNestingIsFine() throws {
        var yaml = ""
        for level in 0..<40 { yaml += String(repeating: "  ", count: level) + "k\(level):\n" }
        yaml += String(repeating: "  ", count: 40) + "leaf: 1\n"
        XCTAssertEqual(loadDiagnostics(yaml), [])
    }
}

/// Files too large to be a scenario are refused before they are read.
final class YAMLFileSizeTests: XCTestCase {
    func testAHugeFileIsRefusedUnread() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("huge.yaml")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 17 << 20)  // sparse: nothing is actually written
        try handle.close()
        XCTAssertThrowsError(try YAMLSource.load(path: url.path, displayName: "huge.yaml")) { error in
            XCTAssertEqual((error as? ScenarioDiagnostics)?.lines,
                           ["huge.yaml: the file is too large: 17825792 bytes, more than the limit of 16 MiB"])
        }
    }
}
