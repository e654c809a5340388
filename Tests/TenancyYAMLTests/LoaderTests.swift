import Foundation
import TenancyDiagnostics
import TenancyYAML
import XCTest

final class LoaderTests: XCTestCase {
    private func load(_ text: String, options: LoadOptions = LoadOptions()) -> LoadResult {
        YAMLLoader(options: options).load(string: text, path: "test.yaml")
    }

    private func root(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Node {
        let result = load(text)
        XCTAssertEqual(result.diagnostics.map(\.summary), [], file: file, line: line)
        return try XCTUnwrap(result.documents.first?.root, file: file, line: line)
    }

    private func onlyError(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Diagnostic {
        let result = load(text)
        let errors = result.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1, "\(errors.map(\.summary))", file: file, line: line)
        return try XCTUnwrap(errors.first, file: file, line: line)
    }

    // MARK: Positions

    func testNodesCarryLinesColumnsAndBytes() throws {
        let node = try root("name: é-team\nquotas:\n  users: 10\n")
        let name = try XCTUnwrap(node["name"])
        XCTAssertEqual(name.start, Mark(line: 1, column: 7))
        XCTAssertEqual(name.end, Mark(line: 1, column: 13))
        XCTAssertEqual(name.range.start.byte, 6)
        XCTAssertEqual(name.range.end.byte, 13, "é is two bytes: the end byte runs one ahead of the column")
        let users = try XCTUnwrap(node["quotas"]?["users"])
        XCTAssertEqual(users.start, Mark(line: 3, column: 10))
        XCTAssertEqual(users.range.start.byte, 31)
        let key = try XCTUnwrap(node["quotas"]?.pair(forKey: "users")?.key)
        XCTAssertEqual(key.start, Mark(line: 3, column: 3))
    }

    func testColumnsCountUnicodeCharactersNotBytes() throws {
        let node = try root("ключ: значение\n")
        let value = try XCTUnwrap(node["ключ"])
        XCTAssertEqual(value.start.column, 7)
        XCTAssertEqual(value.range.start.byte, 10)
    }

    func testSeveralDocumentsPerFile() throws {
        let result = load("---\na: 1\n---\nb: 2\n...\n---\n- c\n")
        XCTAssertTrue(result.diagnostics.isEmpty)
        XCTAssertEqual(result.documents.count, 3)
        XCTAssertEqual(result.documents.map(\.index), [0, 1, 2])
        XCTAssertEqual(result.documents[1].root["b"]?.int, 2)
        XCTAssertEqual(result.documents[2].start, Mark(line: 6, column: 1))
        XCTAssertEqual(result.documents[2].root.items.first?.string, "c")
    }

    func testStreamingDeliversDocumentsOneByOne() {
        let text = (0..<50).map { "---\nindex: \($0)\n" }.joined()
        var seen: [Int] = []
        let diagnostics = YAMLLoader().forEachDocument(in: SourceFile(path: "s.yaml", bytes: Data(text.utf8))) {
            seen.append($0.root["index"]?.int ?? -1)
        }
        XCTAssertTrue(diagnostics.isEmpty)
        XCTAssertEqual(seen, Array(0..<50))
    }

    func testEmptyFileHasNoDocuments() {
        XCTAssertEqual(load("").documents.count, 0)
        XCTAssertEqual(load("# only a comment\n").documents.count, 0)
        XCTAssertEqual(load("---\n").documents.first?.root.isNull, true)
    }

    // MARK: Core schema

    func testPlainScalarsResolveByTheYAML12CoreSchema() throws {
        let cases: [(String, Node.ScalarType)] = [
            ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
            ("true", .bool), ("False", .bool), ("TRUE", .bool),
            ("yes", .string), ("no", .string), ("on", .string), ("off", .string), ("y", .string), ("n", .string),
            ("NO", .string), ("nULL", .string),
            ("0", .int), ("-19", .int), ("+12", .int), ("0x1F", .int), ("0o17", .int), ("0o8", .string), ("0x", .string),
            ("1.5", .float), ("-1.5e3", .float), ("1e10", .float), (".5", .float), ("1.", .float), (".inf", .float),
            ("-.Inf", .float), (".nan", .float), (".NaN", .float), ("1e", .string), (".", .string), ("1_000", .string),
            ("15m", .string), ("10.0.0.0/8", .string), ("2001:db8::/32", .string), ("1.2.3", .string),
        ]
        for (text, type) in cases {
            let node = try root("v: \(text)\n")
            XCTAssertEqual(node["v"]?.scalarType, type, "`\(text)`")
        }
    }

    func testQuotedScalarsAreAlwaysStrings() throws {
        let node = try root("a: 'true'\nb: \"12\"\nc: |\n  null\n")
        XCTAssertEqual(node["a"]?.scalarType, .string)
        XCTAssertEqual(node["b"]?.scalarType, .string)
        XCTAssertEqual(node["c"]?.scalarType, .string)
        XCTAssertEqual(node["b"]?.style, .doubleQuoted)
    }

    func testValuesConvert() throws {
        let node = try root("i: 0x10\no: 0o10\nf: 2.5e1\nn: -.inf\nt: True\nbig: 99999999999999999999\n")
        XCTAssertEqual(node["i"]?.int, 16)
        XCTAssertEqual(node["o"]?.int, 8)
        XCTAssertEqual(node["f"]?.double, 25)
        XCTAssertEqual(node["n"]?.double, -.infinity)
        XCTAssertEqual(node["t"]?.bool, true)
        XCTAssertNil(node["big"]?.int, "overflow is nil, never a trap")
    }

    func testExplicitCoreTagsAreHonoured() throws {
        let node = try root("a: !!str 12\nb: !!int \"12\"\nc: !!float 3\nd: !!bool false\ne: ! 12\n")
        XCTAssertEqual(node["a"]?.scalarType, .string)
        XCTAssertEqual(node["a"]?.tag, "tag:yaml.org,2002:str")
        XCTAssertEqual(node["b"]?.scalarType, .int)
        XCTAssertEqual(node["c"]?.scalarType, .float)
        XCTAssertEqual(node["d"]?.bool, false)
        XCTAssertEqual(node["e"]?.scalarType, .string)
    }

    func testAValueThatDoesNotFitItsTagIsReported() throws {
        let error = try onlyError("a: !!int twelve\n")
        XCTAssertEqual(error.code, .yamlTagMismatch)
        XCTAssertEqual(error.summary, "`twelve` is not a valid !!int")
        XCTAssertEqual(error.range?.start.line, 1)
        XCTAssertEqual(error.range?.start.column, 4)
    }

    func testUnknownTagIsADiagnosticUnlessKept() throws {
        let error = try onlyError("a: !secret value\n")
        XCTAssertEqual(error.code, .yamlUnknownTag)
        XCTAssertEqual(error.summary, "unknown tag `!secret`")
        var options = LoadOptions()
        options.unknownTags = .keep
        let kept = load("a: !secret value\n", options: options)
        XCTAssertTrue(kept.diagnostics.isEmpty)
        XCTAssertEqual(kept.documents.first?.root["a"]?.tag, "!secret")
    }

    // MARK: Anchors, aliases, merge keys

    func testAliasesShareTheAnchoredValue() throws {
        let node = try root("base: &b {x: 1, y: [1, 2]}\ncopy: *b\n")
        XCTAssertEqual(node["copy"]?["y"]?.items.map { $0.int }, [1, 2])
    }

    func testMergeKeysOwnKeysWinAndEarlierMergesWin() throws {
        let node = try root("""
        a: &a {x: 1, y: 1, z: 1}
        b: &b {x: 2, w: 2}
        c:
          <<: [*b, *a]
          y: 3
        d:
          z: 4
          <<: *a
        """)
        let c = try XCTUnwrap(node["c"])
        XCTAssertEqual(c["x"]?.int, 2, "among merged mappings, the earlier one wins")
        XCTAssertEqual(c["y"]?.int, 3, "keys written in the mapping win")
        XCTAssertEqual(c["z"]?.int, 1)
        XCTAssertEqual(c["w"]?.int, 2)
        XCTAssertNil(c["<<"])
        XCTAssertEqual(c.count, 4)
        XCTAssertEqual(node["d"]?["z"]?.int, 4, "an own key wins even when written before the merge")
    }

    func testMergeOfAScalarIsReported() throws {
        let error = try onlyError("a: &a 1\nb:\n  <<: *a\n")
        XCTAssertEqual(error.code, .yamlMerge)
    }

    func testUndefinedAliasIsReportedAtItsUse() throws {
        let error = try onlyError("defaults: &defaults {a: 1}\nws:\n  quota: *defualts\n")
        XCTAssertEqual(error.code, .yamlUndefinedAlias)
        XCTAssertEqual(error.range?.start.line, 3)
        XCTAssertEqual(error.range?.start.column, 10)
        XCTAssertEqual(error.hint, "did you mean `*defaults`?")
    }

    func testBillionLaughsIsRefusedQuickly() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let error = try onlyError(text)
        XCTAssertEqual(error.code, .yamlAliasBudget)
        XCTAssertEqual(load(text).documents.count, 0, "no tree for a refused document")
    }

    func testModestAliasUseIsWithinBudget() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...3 {
            text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        XCTAssertEqual(try root(text)["a3"]?.count, 10)
    }

    // MARK: Mistakes

    func testDuplicateKeysNameBothLines() throws {
        let error = try onlyError("spec:\n  quotas: {}\n  policy: {}\n  quotas: {}\n")
        XCTAssertEqual(error.code, .yamlDuplicateKey)
        XCTAssertEqual(error.summary, "duplicate key `quotas`")
        XCTAssertEqual(error.range?.start.line, 4)
        XCTAssertTrue(error.detail.contains("line 2, column 3"), error.detail)
    }

    func testDuplicateKeysInLargeMappingsAndEquivalentSpellings() throws {
        let many = (0..<100).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk42: again\n"
        XCTAssertEqual(try onlyError(many).range?.start.line, 101)
        XCTAssertEqual(try onlyError("~: 1\nnull: 2\n").code, .yamlDuplicateKey)
        XCTAssertTrue(load("'1': a\n1: b\n").diagnostics.isEmpty, "the string '1' and the integer 1 are different keys")
    }

    func testNestingIsLimited() throws {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        XCTAssertTrue(load(ok).diagnostics.isEmpty)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try onlyError(deep)
        XCTAssertEqual(error.code, .yamlTooDeep)
        XCTAssertEqual(error.range?.start.column, 257)
    }

    func testInvalidUTF8IsReportedWhereItIs() throws {
        var bytes = Data("name: ok\nbad: ".utf8)
        bytes.append(contentsOf: [0xC3, 0x28])
        bytes.append(contentsOf: Array("\n".utf8))
        let result = YAMLLoader().load(SourceFile(path: "bin.yaml", bytes: bytes))
        let error = try XCTUnwrap(result.diagnostics.first)
        XCTAssertEqual(error.code, .yamlEncoding)
        XCTAssertEqual(error.range?.start.line, 2)
        // libyaml points at the octet that breaks the sequence: the `(` after the lead byte 0xC3.
        XCTAssertEqual(error.range?.start.column, 7)
        XCTAssertEqual(error.range?.start.byte, 15)
    }

    func testNULByteIsReported() throws {
        let result = YAMLLoader().load(SourceFile(path: "nul.yaml", bytes: Data("a: b\u{0}c\n".utf8)))
        let error = try XCTUnwrap(result.diagnostics.first)
        XCTAssertEqual(error.code, .yamlEncoding)
        XCTAssertEqual(error.summary, "the file contains a NUL byte")
        XCTAssertEqual(error.range?.start.column, 5)
    }

    func testSyntaxErrorsSayWhatAndWhere() throws {
        let error = try onlyError("a:\n  b: 1\n c: 2\n")
        XCTAssertEqual(error.code, .yamlSyntax)
        XCTAssertEqual(error.summary, "YAML syntax error: expected a key at this indentation")
        XCTAssertEqual(error.range?.start.line, 3)
        XCTAssertNotNil(error.hint)
        let tab = try onlyError("a:\n\tb: 1\n")
        XCTAssertEqual(tab.range?.start.line, 2)
        XCTAssertTrue(tab.hint?.contains("spaces") ?? false)
    }

    func testCommentWithoutSpaceAndUnderIndentedContinuationAreRejected() throws {
        XCTAssertEqual(try onlyError("key: \"value\"# comment\n").summary, "YAML syntax error: a comment needs a space before `#`")
        XCTAssertEqual(try onlyError("key: [a,\nb]\n").range?.start.line, 2)
        XCTAssertTrue(load("key: [a,\n  b]\n").diagnostics.isEmpty)
    }

    func testErrorsAreCollectedNotThrownOneAtATime() {
        let result = load("a: 1\na: 2\nb: *x\nc: !!int y\n")
        XCTAssertEqual(result.diagnostics.map(\.code), [.yamlDuplicateKey, .yamlUndefinedAlias, .yamlTagMismatch])
        XCTAssertTrue(result.documents.isEmpty)
    }

    func testParallelLoadKeepsOrder() {
        let sources = (0..<20).map { SourceFile(path: "f\($0).yaml", bytes: Data("n: \($0)\n".utf8)) }
        let results = YAMLLoader().load(sources)
        XCTAssertEqual(results.map { $0.documents.first?.root["n"]?.int }, (0..<20).map { $0 })
        XCTAssertEqual(results.map(\.source.path), sources.map(\.path))
    }
}
