import Foundation
import TenancyTestSupport
import XCTest

/// Messages that used to mislead, each now saying what is really wrong.
final class MessageScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    private func quota(_ usage: String) throws -> (code: Int32, out: String, err: String) {
        try scenario.tenancy(["quota", "check", "--usage", scenario.file(usage).path])
    }

    /// A usage file in UTF-16 is named as such (not a hundred "not a JSON record"); one with a
    /// UTF-8 byte-order mark is read, with a warning; a line over the documented 1 MiB is refused
    /// wherever it falls in the reader's blocks.
    func testUsageEncodingsAndLineLimit() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let text = try String(contentsOf: scenario.file("usage/2026-11.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        for (name, data) in [("UTF-16LE", text.data(using: .utf16LittleEndian)), ("UTF-16BE", text.data(using: .utf16BigEndian)),
                             ("UTF-16LE", text.data(using: .utf16))] {
            try XCTUnwrap(data).write(to: scenario.file("wide.jsonl"))
            let run = try quota("wide.jsonl")
            XCTAssertEqual(run.code, 1, name)
            XCTAssertTrue(run.err.contains("wide.jsonl is \(name), not UTF-8 [usage.encoding]"), run.err)
            XCTAssertFalse(run.err.contains("not a JSON record"), run.err)
        }
        try (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).write(to: scenario.file("bom.jsonl"))
        let bom = try quota("bom.jsonl")
        XCTAssertNotEqual(bom.code, 1, bom.err)
        XCTAssertTrue(bom.err.contains("starts with a UTF-8 byte-order mark (ignored)"), bom.err)
        let plain = try quota("usage/2026-11.jsonl")
        XCTAssertEqual(bom.out, plain.out, "the same answer with the mark ignored")
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let planned = try scenario.tenancy(["plan", "--usage", scenario.file("bom.jsonl").path])
        XCTAssertEqual(planned.code, 0, planned.err)
        XCTAssertTrue(planned.err.contains("starts with a UTF-8 byte-order mark (ignored)"), "plan --usage says so too: \(planned.err)")
        // And when --strict-usage refuses a quota below use, the warning still comes first.
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 450", with: "users: 300") }
        let strict = try scenario.tenancy(["plan", "--usage", scenario.file("bom.jsonl").path, "--strict-usage"])
        XCTAssertEqual(strict.code, 1, strict.err)
        let warning = try XCTUnwrap(strict.err.range(of: "starts with a UTF-8 byte-order mark (ignored)"), strict.err)
        let error = try XCTUnwrap(strict.err.range(of: "[plan.quota-below-usage]"), strict.err)
        XCTAssertLessThan(warning.lowerBound, error.lowerBound, strict.err)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 300", with: "users: 450") }
        // Over the limit: a long line in the middle of the first 4 MiB block, and one at its end.
        let long = #"{"date":"2026-11-02","workspace":"clinic","note":""# + String(repeating: "x", count: (1 << 20) + 10) + #""}"#
        for at in [1, lines.count] {
            var edited = lines.map(String.init)
            edited.insert(long, at: at)
            try Data((edited.joined(separator: "\n") + "\n").utf8).write(to: scenario.file("long.jsonl"))
            let run = try quota("long.jsonl")
            XCTAssertEqual(run.code, 1, "line \(at + 1)")
            XCTAssertTrue(run.err.contains("long.jsonl:\(at + 1):1: error: a line longer than 1.0 MiB"), "line \(at + 1): \(run.err)")
        }
    }

    /// A member listed twice in different letter case is a warning at the second.
    func testAMemberTwiceInOtherCaseIsAWarning() throws {
        try scenario.edit("teams/finance.yaml") {
            $0.replacingOccurrences(of: "members: [maria.rossi@acme.example, tom.berg@acme.example]",
                                    with: "members: [maria.rossi@acme.example, tom.berg@acme.example, Maria.Rossi@acme.example]")
        }
        let run = try scenario.tenancy(["validate"])
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertTrue(run.err.contains("warning: `Maria.Rossi@acme.example` is `maria.rossi@acme.example` again, in other letter case [semantic.member-repeated]"), run.err)
    }

    /// `state mv` refuses a name no manifest could have.
    func testStateMoveRefusesANameTheSchemaForbids() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        for bad in ["Team/Finance-Ops", "Team/-x", "Team/a_b", "Team/" + String(repeating: "a", count: 64)] {
            let run = try scenario.tenancy(["state", "mv", "Team/finance-ops", bad])
            XCTAssertEqual(run.code, 1, bad)
            XCTAssertTrue(run.err.contains("is not a name a manifest can have [state.address-name]"), "\(bad): \(run.err)")
        }
        // A built-in role's name is one no Role manifest may have either.
        let roles = try scenario.tenancy(["state", "list"])
        if let role = roles.out.split(separator: "\n").first(where: { $0.hasPrefix("Role/") }).map({ String($0.dropFirst(5)) }) {
            let owner = try scenario.tenancy(["state", "mv", "Role/\(role)", "Role/owner"])
            XCTAssertEqual(owner.code, 1, owner.out)
            XCTAssertTrue(owner.err.contains("`owner` is a built-in role: no Role manifest can have its name [state.address-name]"), owner.err)
        } else {
            XCTFail("the examples apply a Role: \(roles.out.prefix(300))")
        }
        XCTAssertEqual(try scenario.tenancy(["state", "mv", "Team/finance-ops", "Team/finance-team"]).code, 0)
    }

    /// A rename applied alone (`--target` on the workspace) leaves its teams' stored grants naming
    /// the old name until they are applied: access answers read them as grants on the renamed
    /// workspace, alike by workspace and by user (a hostile try found the two contradicting).
    func testGrantsUnderAPreviousNameAreTheRenamedWorkspaces() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/payments.yaml") { $0.replacingOccurrences(of: "  name: payments\n", with: "  name: pay2\n  previousNames: [payments]\n") }
        try scenario.edit("teams/finance.yaml") { $0.replacingOccurrences(of: "workspace: payments", with: "workspace: pay2") }
        try scenario.edit("service-accounts.yaml") { $0.replacingOccurrences(of: "workspace: payments", with: "workspace: pay2") }
        let targeted = try scenario.tenancy(["apply", "--auto-approve", "--target", "Workspace/pay2"])
        XCTAssertEqual(targeted.code, 0, targeted.err)
        XCTAssertTrue(targeted.err.contains("[plan.selection]"), "the dependents left out are said: \(targeted.err)")
        let byWorkspace = try scenario.tenancy(["access", "list", "--workspace", "pay2"])
        XCTAssertEqual(byWorkspace.code, 0, byWorkspace.err)
        XCTAssertTrue(byWorkspace.out.contains("maria.rossi@acme.example"), byWorkspace.out)
        let byUser = try scenario.tenancy(["access", "list", "--user", "maria.rossi@acme.example"])
        XCTAssertTrue(byUser.out.contains("pay2") && !byUser.out.contains("payments "), byUser.out)
        let old = try scenario.tenancy(["billing", "payments", "--usage", "usage"])
        XCTAssertEqual(old.code, 1)
        XCTAssertTrue(old.err.contains("`payments` is a previous name of `pay2`"), old.err)
    }

    /// A problem two checks find at one place (the envelope and the schema) is said once.
    func testAMissingAPIVersionIsOneError() throws {
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "apiVersion: tenancy/v1\n", with: "") }
        let run = try scenario.tenancy(["validate"])
        XCTAssertEqual(run.code, 1)
        XCTAssertEqual(run.err.components(separatedBy: "missing required field `apiVersion`").count - 1, 1, run.err)
        XCTAssertTrue(run.out.contains("1 error"), run.out)
    }

    /// Files in a usage folder that look like usage but are not read are named, never skipped in
    /// silence: hidden, `.JSONL`, compressed, in a subfolder.
    func testUsageFilesThatAreNotReadAreNamed() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let records = try scenario.read("usage/2026-11.jsonl")
        for name in [".a.jsonl", "A.JSONL", "sub/a.jsonl", "a.jsonl.gz", "f.ndjson"] { try scenario.write("odd/" + name, String(decoding: records, as: UTF8.self)) }
        let none = try scenario.tenancy(["usage", "report", "--usage", "odd"])
        XCTAssertEqual(none.code, 1)
        XCTAssertTrue(none.err.contains("no usage records in odd [usage.empty]"), none.err)
        XCTAssertTrue(none.err.contains(".a.jsonl, A.JSONL, a.jsonl.gz, f.ndjson, sub here"), none.err)
        try scenario.write("odd/b.jsonl", String(decoding: records, as: UTF8.self))
        let some = try scenario.tenancy(["usage", "report", "--usage", "odd"])
        XCTAssertEqual(some.code, 0, some.err)
        for name in [".a.jsonl", "A.JSONL", "a.jsonl.gz", "f.ndjson", "sub"] {
            XCTAssertTrue(some.err.contains("odd/\(name) is not read: only *.jsonl files directly in odd are [usage.left-out]"), "\(name): \(some.err)")
        }
    }

    /// A file with no document under the configuration's paths is an error, never a file that
    /// silently holds nothing (emptying a file by mistake must not plan destroys).
    func testAFileWithNoDocumentIsAnError() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.write("teams/platform.yaml", "# emptied by mistake\n")
        let plan = try scenario.tenancy(["plan"])
        XCTAssertEqual(plan.code, 1)
        XCTAssertTrue(plan.err.contains("teams/platform.yaml:1:1: error: teams/platform.yaml holds no Tenancy document [manifest.empty-file]"), plan.err)
        XCTAssertFalse(plan.out.contains("destroy"), plan.out)
    }
}
