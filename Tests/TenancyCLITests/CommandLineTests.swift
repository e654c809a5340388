import Foundation
import TenancyCLI
import TenancyTestSupport
import XCTest

/// Parsing, help, suggestions and usage errors of the command table.
final class CommandLineTests: XCTestCase {
    private func run(_ arguments: [String]) -> (code: ExitCode, out: String, err: String) { TenancyRun.inProcess(arguments) }

    func testUnknownCommandSuggestsTheClosest() {
        let result = run(["vaildate"])
        XCTAssertEqual(result.code, .failure)
        XCTAssertEqual(result.err, """
        error: unknown command `vaildate` for `tenancy` [cli.usage]
          Run `tenancy --help` for usage.
          hint: did you mean `validate`?

        """)
    }

    func testUnknownOptionSuggestsTheClosest() {
        let result = run(["validate", "--fromat", "json"])
        XCTAssertEqual(result.code, .failure)
        XCTAssertTrue(result.err.contains("unknown option `--fromat` for `tenancy validate`"), result.err)
        XCTAssertTrue(result.err.contains("did you mean `--format`?"), result.err)
    }

    func testOptionValueForms() {
        let spaced = run(["version", "--format", "json"])
        let joined = run(["version", "--format=json"])
        XCTAssertEqual(spaced.code, .success)
        XCTAssertEqual(spaced.out, joined.out)
        XCTAssertTrue(spaced.out.contains("\"version\""))
    }

    func testBadValuesAndMissingValues() {
        let bad = run(["validate", "--format", "yaml"])
        XCTAssertEqual(bad.code, .failure)
        XCTAssertTrue(bad.err.contains("`yaml` is not a valid value for `--format`"), bad.err)
        XCTAssertTrue(bad.err.contains("Valid values: text, json, github, sarif, gitlab."), bad.err)
        let missing = run(["validate", "--format"])
        XCTAssertEqual(missing.code, .failure)
        XCTAssertTrue(missing.err.contains("option `--format` needs a value"), missing.err)
        let twice = run(["validate", "--format", "json", "--format", "text"])
        XCTAssertTrue(twice.err.contains("given more than once"), twice.err)
        let flagValue = run(["validate", "--no-color=yes"])
        XCTAssertTrue(flagValue.err.contains("takes no value"), flagValue.err)
        let extra = run(["version", "extra"])
        XCTAssertTrue(extra.err.contains("unexpected argument `extra`"), extra.err)
        let single = run(["validate", "-f"])
        XCTAssertTrue(single.err.contains("unknown option `-f`"), single.err)
    }

    func testHelpForEveryCommand() {
        let top = run(["--help"])
        XCTAssertEqual(top.code, .success)
        XCTAssertTrue(top.out.contains("Usage: tenancy <command>"))
        XCTAssertTrue(top.out.contains("validate"))
        XCTAssertEqual(run([]).out, top.out, "no arguments shows the help")
        for command in ["validate", "version", "schema", "templates list", "templates show"] {
            let words = command.split(separator: " ").map(String.init)
            let help = run(words + ["--help"])
            XCTAssertEqual(help.code, .success)
            XCTAssertTrue(help.out.contains("Usage: tenancy \(command)"), help.out)
            XCTAssertEqual(run(words + ["-h"]).out, help.out)
        }
        XCTAssertTrue(run(["validate", "--help"]).out.contains("--format FORMAT  Output format: text, json (terraform validate -json), github (workflow annotations), sarif (code scanning), gitlab (code quality). (text|json|github|sarif|gitlab)"))
    }

    /// One rule for the configuration's folder: `--dir` on every command that works on one,
    /// documented in its help; a folder given the old way, as a positional, says how to give it.
    func testEveryConfigurationCommandTakesDir() throws {
        let commands = ["schema", "init", "validate", "plan", "apply", "show", "force-unlock", "state list", "state show", "state rm", "state mv",
                        "state pull", "state push", "state history", "state rollback", "audit log", "audit verify"]
        for command in commands {
            let help = run(command.split(separator: " ").map(String.init) + ["--help"])
            XCTAssertTrue(command == "schema" || help.out.contains("\n  --dir DIR "), "\(command): \(help.out)")
            XCTAssertFalse(help.out.contains("\\"), "\(command): a stray line continuation in its help")
        }
        let plan = run(["plan", "--help"]).out
        XCTAssertTrue(plan.contains("\nEnvironment:\n") && plan.contains("TENANCY_ETCD_ENDPOINTS"), plan)
        XCTAssertTrue(plan.contains("\nExamples:\n  tenancy plan --dir examples"), plan)
        let folder = FileManager.default.temporaryDirectory.path
        let positional = run(["plan", folder])
        XCTAssertEqual(positional.code, .failure)
        XCTAssertTrue(positional.err.contains("unexpected argument `\(folder)`"), positional.err)
        XCTAssertTrue(positional.err.contains("hint: the configuration's folder is given with --dir: `tenancy plan --dir \(folder)`"), positional.err)
    }

    /// Option values are checked when the command line is parsed, before anything runs.
    func testOptionValuesAreCheckedWhenParsed() {
        let timeout = run(["plan", "--lock-timeout", "soon"])
        XCTAssertEqual(timeout.code, .failure)
        XCTAssertTrue(timeout.err.contains("`soon` is not a duration [cli.usage]"), timeout.err)
        XCTAssertTrue(timeout.err.contains("Run `tenancy plan --help` for usage."), timeout.err)
        let address = run(["plan", "--target", "engineering"])
        XCTAssertTrue(address.err.contains("`engineering` is not an address [cli.usage]"), address.err)
        XCTAssertTrue(address.err.contains("hint: write Kind/name, e.g. Workspace/engineering"), address.err)
    }

    func testVersion() {
        let result = run(["version"])
        XCTAssertEqual(result.code, .success)
        XCTAssertTrue(result.out.hasPrefix("tenancy \(Tenancy.version) (libyaml 0."), result.out)
    }

    func testDoubleDashEndsOptions() {
        let result = run(["validate", "--", "--format"])
        XCTAssertEqual(result.code, .failure)
        XCTAssertTrue(result.err.contains("no such file or folder: --format"), result.err)
    }

    func testSchemaCommand() throws {
        let bundle = run(["schema"])
        XCTAssertEqual(bundle.code, .success)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bundle.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["title"] as? String, "Tenancy manifest")
        let workspace = run(["schema", "workspace"])
        XCTAssertEqual(workspace.code, .success)
        XCTAssertTrue(workspace.out.contains("\"$ref\": \"#/definitions/Workspace\""), "bundled: \(workspace.out.prefix(300))")
        let unknown = run(["schema", "Wrokspace"])
        XCTAssertEqual(unknown.code, .failure)
        XCTAssertTrue(unknown.err.contains("did you mean `Workspace`?"), unknown.err)
    }

    func testTemplatesCommands() throws {
        let list = run(["templates", "list"])
        XCTAssertEqual(list.code, .success)
        for name in ["enterprise-starter", "financial-services", "government", "healthcare"] {
            XCTAssertTrue(list.out.contains(name), list.out)
        }
        let json = run(["templates", "show", "healthcare", "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let rules = try XCTUnwrap(object["rules"] as? [[String: Any]])
        XCTAssertTrue(rules.contains { ($0["source"] as? String) == "HIPAA 45 CFR 164.312(a)(2)(iii)" && ($0["requirement"] as? String) == "≤ 15m" })
        let text = run(["templates", "show", "healthcare"])
        XCTAssertTrue(text.out.hasPrefix("# HIPAA"), text.out)
        let missing = run(["templates", "show", "helthcare"])
        XCTAssertEqual(missing.code, .failure)
        XCTAssertTrue(missing.err.contains("did you mean `healthcare`?"), missing.err)
        XCTAssertEqual(run(["templates"]).code, .success, "a command group without a subcommand shows its help")
        XCTAssertEqual(run(["templates", "lst"]).code, .failure)
    }
}
