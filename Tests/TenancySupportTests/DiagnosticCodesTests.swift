import Foundation
import TenancyTestSupport
import XCTest

/// Every diagnostic code is declared once, in its module's `DiagnosticCodes.swift`, in one style
/// (a `///` meaning, then `public` or `package static let name: Self = "area.code"`), grouped by `// MARK:`.
/// docs/diagnostics.md is generated from those files; this test fails when the page is stale,
/// when a code is declared anywhere else, lacks its meaning, is declared twice, or is never raised.
final class DiagnosticCodesTests: XCTestCase {
    struct Code: Equatable {
        let module: String
        let group: String
        let name: String
        let code: String
        let meaning: String
    }

    /// Modules in the order of the data flow (ModuleLayeringTests), which the page follows.
    static var modules: [String] { ModuleLayeringTests.levels.flatMap { $0 } }

    func testTheCodesPageIsGeneratedFromTheDeclarations() throws {
        let (codes, descriptions) = try Self.declarations()
        Golden.check(Self.page(codes, descriptions: descriptions), atRepositoryPath: "docs/diagnostics.md")
        // The same meanings compiled in, for SARIF rules' descriptions and help.
        Golden.check(Self.meanings(codes), atRepositoryPath: "Sources/TenancyDiagnostics/DiagnosticMeanings.swift")
    }

    /// The meanings as a Swift table (a string literal each, escaped).
    static func meanings(_ codes: [Code]) -> String {
        func literal(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var out = "// Generated from Sources/*/DiagnosticCodes.swift by `TENANCY_UPDATE_GOLDEN=1 swift test --filter DiagnosticCodesTests`.\n"
        out += "// Do not edit: edit the codes' declarations and regenerate; a test fails when the two differ.\n\n"
        out += "/// What each code means (docs/diagnostics.md), compiled in for the reports that describe their rules.\n"
        out += "enum DiagnosticMeanings {\n    static let table: [String: String] = [\n"
        for code in codes.sorted(by: { $0.code < $1.code }) { out += "        \(literal(code.code)): \(literal(code.meaning)),\n" }
        out += "    ]\n}\n"
        return out
    }

    func testEveryCodeIsDeclaredOnceWithItsMeaningAndRaised() throws {
        let (codes, _) = try Self.declarations()
        XCTAssertGreaterThan(codes.count, 90, "the declarations were found")
        var seen: [String: String] = [:]
        for code in codes {
            XCTAssertFalse(code.meaning.isEmpty, "\(code.module): \(code.code) has no meaning (a /// line above it)")
            if let other = seen[code.code] { XCTFail("\(code.code) is declared in \(other) and \(code.module)") }
            seen[code.code] = code.module
            XCTAssertTrue(code.code == "schema.<keyword>" || code.code.range(of: #"^[a-z]+\.[a-z0-9-]+$"#, options: .regularExpression) != nil,
                          "\(code.code): codes are area.kebab-case")
        }
        let names = Set(codes.map(\.name))
        XCTAssertEqual(names.count, codes.count, "two declarations share a Swift name")
        // Read every source file once: declarations outside the codes files, and uses.
        var used = Set<String>()
        let sources = Golden.repositoryRoot.appendingPathComponent("Sources")
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
            guard let files = FileManager.default.enumerator(atPath: sources.appendingPathComponent(module).path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: sources.appendingPathComponent(module).appendingPathComponent(file), encoding: .utf8)
                if file == "DiagnosticCodes.swift" { continue }
                XCTAssertFalse(text.contains(": Self = \""), "\(module)/\(file) declares a code: declare it in \(module)/DiagnosticCodes.swift")
                for name in names where text.contains("." + name) {
                    if text.range(of: "\\." + name + "\\b", options: .regularExpression) != nil { used.insert(name) }
                }
            }
        }
        XCTAssertEqual(names.subtracting(used).sorted(), [], "codes declared but never raised")
    }

    // MARK: Reading the declarations

    static func declarations() throws -> (codes: [Code], descriptions: [String: String]) {
        var codes: [Code] = []
        var descriptions: [String: String] = [:]
        let sources = Golden.repositoryRoot.appendingPathComponent("Sources")
        for module in modules {
            let url = sources.appendingPathComponent(module).appendingPathComponent("DiagnosticCodes.swift")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            var group = "", comment: [String] = [], header: [String] = [], inExtension = false
            for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if !inExtension {
                    if line.hasPrefix("/// ") { header.append(String(line.dropFirst(4))) } else if line == "///" { header.append("") }
                    if line.hasPrefix("extension Diagnostic.Code") { inExtension = true }
                    continue
                }
                if line.hasPrefix("// MARK: ") {
                    group = String(line.dropFirst(9))
                } else if line.hasPrefix("/// ") {
                    comment.append(String(line.dropFirst(4)))
                } else if let access = ["public static let ", "package static let "].first(where: { line.hasPrefix($0) }),
                          let colon = line.firstIndex(of: ":"),
                          let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close {
                    let name = String(line[line.index(line.startIndex, offsetBy: access.count)..<colon])
                    codes.append(Code(module: module, group: group, name: name, code: String(line[line.index(after: open)..<close]),
                                      meaning: comment.joined(separator: " ")))
                    comment = []
                } else if line.hasPrefix("static func schema(") {
                    codes.append(Code(module: module, group: group, name: "schema", code: "schema.<keyword>", meaning: comment.joined(separator: " ")))
                    comment = []
                } else if !line.hasPrefix("//") {
                    comment = []
                }
            }
            // The file's summary: its first paragraph.
            descriptions[module] = header.split(separator: "").first?.joined(separator: " ") ?? ""
        }
        return (codes, descriptions)
    }

    static func page(_ codes: [Code], descriptions: [String: String]) -> String {
        var out = """
            # Diagnostic codes

            <!-- Generated from Sources/*/DiagnosticCodes.swift by `TENANCY_UPDATE_GOLDEN=1 swift test --filter DiagnosticCodesTests`; a test fails when this page is stale. -->

            Every diagnostic Tenancy prints carries one of these codes: in text after the summary
            (`error: … [state.locked]`), in JSON as `code`, in SARIF as the result's `ruleId`, in GitLab Code
            Quality as `check_name`. Codes are stable: scripts and CI may match on them. Each diagnostic
            states its severity: errors stop the command (exit 1), warnings do not. \(codes.count) codes in
            \(Set(codes.map(\.module)).count) modules, in the order of the data flow.


            """
        var module = "", group = ""
        for code in codes {
            if code.module != module {
                module = code.module
                group = ""
                out += "## \(module)\n\n\(descriptions[module] ?? "")\n\n"
            }
            if code.group != group {
                group = code.group
                out += "### \(group)\n\n| Code | Meaning |\n|---|---|\n"
            }
            out += "| <a id=\"\(code.code.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: ""))\"></a>`\(code.code)` | \(code.meaning.replacingOccurrences(of: "|", with: "\\|")) |\n"
            if code == codes.last(where: { $0.module == module && $0.group == group }) { out += "\n" }
        }
        return out
    }
}
