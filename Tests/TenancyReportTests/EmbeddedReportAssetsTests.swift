import Foundation
@testable import TenancyReport
import TenancyTestSupport
import XCTest

/// The page's stylesheet and script are real files (`Sources/TenancyReport/Assets/report.css`,
/// `report.js`) compiled in as `ReportAssets.swift`, generated here. The script reads each
/// workspace's data by named slots; the generator writes the slots' indices (and the setting
/// tables' numbers and captions) into it from `WorkspaceSlot` and `SettingTable`, so that a plain
/// `swift test` fails when Swift and the script disagree.
final class EmbeddedReportAssetsTests: XCTestCase {
    static let assets = "Sources/TenancyReport/Assets"
    static let marker = "  // @generated: the data's slots and tables (WorkspaceSlot, SettingTable), written here when embedded.\n"

    func testEmbeddedAssetsAreTheAssetFilesWithTheDeclaredSlots() throws {
        let css = try Self.read("report.css")
        let script = try Self.read("report.js")
        let generated = try XCTUnwrap(Self.swiftSource(css: css, script: script), "the assets cannot be embedded as raw strings")
        Golden.check(generated, atRepositoryPath: Self.assets + "/ReportAssets.swift")
        if !Golden.updating {
            XCTAssertEqual(ReportAssets.css, css, "ReportAssets.swift is stale: run TENANCY_UPDATE_GOLDEN=1 swift test")
            XCTAssertEqual(ReportAssets.script, try XCTUnwrap(Self.embeddedScript(script)))
        }
    }

    func testTheScriptReadsEverySlotByADeclaredName() throws {
        let script = try Self.read("report.js")
        XCTAssertTrue(script.contains(Self.marker), "report.js keeps the line the constants are written after")
        // No slot read by number: `w[3]`, `out[14]`.
        let numbered = Self.matches(#"\b(w|out)\[[0-9]+\]"#, in: script)
        XCTAssertEqual(numbered, [], "report.js reads a workspace's slot by number; read it by its W_ name")
        let declared = Set(WorkspaceSlot.allCases.map(\.scriptName))
        let used = Set(Self.matches(#"\bW_[A-Z_]+\b"#, in: script))
        XCTAssertEqual(used.subtracting(declared), [], "report.js reads slots WorkspaceSlot does not declare")
        XCTAssertEqual(declared.subtracting(used), [], "WorkspaceSlot declares slots report.js never reads")
        let tables = Set(SettingTable.allCases.map { "TABLE_" + WorkspaceSlot.screaming(String(describing: $0)) })
        XCTAssertEqual(Set(Self.matches(#"\bTABLE_[A-Z_]+\b"#, in: script)).subtracting(tables), [])
        XCTAssertEqual(WorkspaceSlot.statusWord.scriptName, "W_STATUS_WORD")
    }

    /// Swift's side of the agreement: a workspace's entry has exactly one member per slot, in
    /// the declared order (the name first, the own file last).
    func testTheDataHasOneMemberPerSlot() throws {
        var data = ReportData()
        _ = data.workspace(Self.view)  // the counting pass
        data.finishCounting()
        let entry = data.workspace(Self.view)
        // Top-level members of the entry: count commas at depth one outside strings.
        var depth = 0, members = 1, inString = false, escaped = false
        for character in entry {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "[": depth += 1
            case "]": depth -= 1
            case "," where depth == 1: members += 1
            default: break
            }
        }
        XCTAssertEqual(members, WorkspaceSlot.allCases.count, entry)
        XCTAssertTrue(entry.hasPrefix("[\"ws-name\","), entry)
    }

    // MARK: The generator

    static func swiftSource(css: String, script: String) -> String? {
        guard let embedded = embeddedScript(script), let cssLiteral = Golden.rawStringLiteral(css),
              let scriptLiteral = Golden.rawStringLiteral(embedded) else { return nil }
        var out = "// Generated from report.css and report.js by `TENANCY_UPDATE_GOLDEN=1 swift test --filter EmbeddedReportAssetsTests`,\n"
        out += "// with the slots of WorkspaceSlot and the tables of SettingTable written into the script.\n"
        out += "// Do not edit: edit the two files beside this one and regenerate; a test fails when they differ.\n\n"
        out += "/// The report's stylesheet and script, inline in the page (the page loads nothing). Colours are\n"
        out += "/// chosen for contrast of at least 4.5:1 against their background (text) and 3:1 (bars); status\n"
        out += "/// is always said in words as well as colour.\n"
        out += "enum ReportAssets {\n"
        out += "    static let css = " + cssLiteral + "\n\n"
        out += "    static let script = " + scriptLiteral + "\n}\n"
        return out
    }

    /// The script with the constants written after its marker line.
    static func embeddedScript(_ script: String) -> String? {
        guard let range = script.range(of: marker) else { return nil }
        var constants = "  var " + WorkspaceSlot.allCases.map { "\($0.scriptName) = \($0.rawValue)" }.joined(separator: ", ") + ";\n"
        constants += "  var " + SettingTable.allCases.map { "TABLE_\(WorkspaceSlot.screaming(String(describing: $0))) = \($0.rawValue)" }
            .joined(separator: ", ") + ";\n"
        constants += "  var CAPTIONS = [" + SettingTable.allCases.map { "\"\($0.caption)\"" }.joined(separator: ", ") + "];\n"
        return script.replacingCharacters(in: range, with: constants)
    }

    static func read(_ name: String) throws -> String {
        try String(contentsOf: Golden.repositoryRoot.appendingPathComponent(assets).appendingPathComponent(name), encoding: .utf8)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return ["bad pattern \(pattern)"] }
        let ns = text as NSString
        return expression.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    static let view = WorkspaceView(
        name: "ws-name", anchor: "ws-name", attributes: "", display: nil, description: nil, template: nil, profiles: [], labels: [],
        status: "ok", statusWord: "OK", cards: [], compliance: [], notifications: nil, usageCaption: nil, usage: [], settings: [], quotaIntro: nil,
        quotas: [], bill: nil, analyticsIntro: nil, charts: [], weekOverWeek: [])
}
