import Foundation
import TenancyTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// What the walk of a configuration meets, and what every command must make of it: every entry is
/// loaded or reported (never dropped in silence, so nothing skipped can turn into a delete), a
/// folder is walked once however many links lead to it, and a folder that is not a configuration
/// is refused before anything walks it or writes in it.
final class WalkScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    /// A path in the scenario, given as raw bytes (a name that is not UTF-8 has no Swift string).
    private func rawPath(_ relative: [UInt8]) -> [CChar] {
        (Array(scenario.path.utf8) + [UInt8(ascii: "/")] + relative + [0]).map { CChar(bitPattern: $0) }
    }

    private let team = """
        apiVersion: tenancy/v1
        kind: Team
        metadata:
          name: NAME
        spec:
          members: [jo.chen@acme.example]

        """

    /// Each kind of entry the walk can meet, one after another on an applied configuration: the
    /// plan refuses (exit 1) with the entry named, and never proposes a destroy.
    func testEveryKindOfEntryIsLoadedOrReported() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        // A name that is not UTF-8 (latin-1 `café.yaml`, as unzip writes it), a folder so named
        // that holds manifests, a dangling link whose name is not a manifest's (a folder that
        // was), and a socket with a manifest's name.
        let cases: [(String, () throws -> Void, String)] = [
            ("a file named in latin-1", {
                let fd = open(self.rawPath(Array("teams/caf".utf8) + [0xE9] + Array(".yaml".utf8)), O_CREAT | O_WRONLY, 0o644)
                XCTAssertGreaterThanOrEqual(fd, 0)
                close(fd)
            }, #"teams/caf\xe9.yaml: its name is not valid UTF-8 text"#),
            ("a folder named in latin-1", {
                XCTAssertEqual(mkdir(self.rawPath(Array("ol".utf8) + [0xE9]), 0o755), 0)
            }, #"cannot read ol\xe9: its name is not valid UTF-8 text"#),
            ("a dangling link that was a folder", {
                XCTAssertEqual(symlink("gone-folder", self.scenario.file("teams-old").path), 0)
            }, "teams-old is a symbolic link that leads nowhere (it does not exist)"),
            ("a socket with a manifest's name", {
                let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                let path = self.scenario.file("teams/socket.yaml").path
                withUnsafeMutableBytes(of: &address.sun_path) { raw in
                    for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
                }
                let bound = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                }
                XCTAssertEqual(bound, 0, "the socket's path fits: \(path.utf8.count) bytes")
                close(fd)
            }, "cannot read teams/socket.yaml: it is a socket, not a regular file"),
        ]
        for (what, make, expected) in cases {
            let before = try FileManager.default.contentsOfDirectory(atPath: scenario.path).count
            try make()
            let plan = try scenario.tenancy(["plan", "--detailed-exitcode"])
            XCTAssertEqual(plan.code, 1, "\(what): \(plan.out)")
            XCTAssertTrue(plan.err.contains(expected), "\(what): \(plan.err)")
            XCTAssertFalse(plan.out.contains("destroy"), "\(what): \(plan.out)")
            let validate = try scenario.tenancy(["validate"])
            XCTAssertEqual(validate.code, 1, "\(what): validate agrees with plan")
            _ = before
            // Clean up this case before the next, so that each is seen on its own.
            for entry in try FileManager.default.contentsOfDirectory(atPath: scenario.path) where entry.hasPrefix("ol") || entry == "teams-old" {
                try? FileManager.default.removeItem(atPath: scenario.file(entry).path)
            }
            _ = unlink(rawPath(Array("teams/caf".utf8) + [0xE9] + Array(".yaml".utf8)))
            _ = rmdir(rawPath(Array("ol".utf8) + [0xE9]))
            try? FileManager.default.removeItem(atPath: scenario.file("teams/socket.yaml").path)
        }
        let clean = try scenario.tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(clean.code, 0, "all cases removed: no changes again (\(clean.err))")
    }

    /// A manifest whose file name holds a line break loads, and the name is shown escaped: it
    /// cannot start a line of its own in a CI log.
    func testANameWithALineBreakLoadsAndPrintsEscaped() throws {
        try scenario.write("teams/odd\n::error file=x::forged.yaml", team.replacingOccurrences(of: "NAME", with: "odd-name") + "  bogus: 1\n")
        let validate = try scenario.tenancy(["validate"])
        XCTAssertEqual(validate.code, 1, "the file was loaded and its schema error found")
        XCTAssertTrue(validate.err.contains(#"teams/odd\u{a}::error file=x::forged.yaml:"#), validate.err)
        for line in (validate.out + validate.err).split(separator: "\n") {
            XCTAssertFalse(line.drop(while: { $0 == " " }).hasPrefix("::"), "a forged command line: \(line)")
        }
    }

    /// Links that fan out (each folder linking twice to the next, 24 deep: 16 million routes) are
    /// walked once per real folder, and a manifest reached by several routes loads once.
    func testLinksThatFanOutWalkEachFolderOnce() throws {
        let base = scenario.file("fan")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let depth = 24
        for level in 0...depth {
            try FileManager.default.createDirectory(at: base.appendingPathComponent("d\(level)"), withIntermediateDirectories: true)
        }
        for level in 0..<depth {
            for link in ["a", "b"] {
                XCTAssertEqual(symlink("../d\(level + 1)", base.appendingPathComponent("d\(level)/\(link)").path), 0)
            }
        }
        try scenario.write("fan/d\(depth)/team.yaml", team.replacingOccurrences(of: "NAME", with: "deep"))
        let validate = try scenario.tenancy(["validate"])
        XCTAssertEqual(validate.code, 0, validate.err)
        XCTAssertFalse(validate.err.contains("duplicate"), "the manifest loaded once: \(validate.err)")
        let plan = try scenario.tenancy(["plan"])
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertEqual(plan.out.components(separatedBy: "Team/deep").count - 1, 1, "one create of Team/deep:\n\(plan.out)")
    }

    /// A folder that is not a configuration is refused before anything walks it or writes in it.
    func testAFolderThatIsNotAConfigurationIsRefused() throws {
        let empty = scenario.file("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data("not a manifest\n".utf8).write(to: empty.appendingPathComponent("notes.yaml"))
        for command in [["plan"], ["apply", "--auto-approve"], ["validate"], ["state", "list"], ["quota", "check", "--usage", scenario.file("usage").path]] {
            let run = try scenario.tenancy(command + ["--dir", empty.path])
            XCTAssertEqual(run.code, 1, "\(command): \(run.out)")
            XCTAssertTrue(run.err.contains("is not a Tenancy configuration [project.not-a-configuration]"), "\(command): \(run.err)")
            XCTAssertTrue(run.err.contains("Looked for a tenancy.yaml, or a Tenancy manifest"), run.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: empty.appendingPathComponent(".tenancy").path), "\(command) created .tenancy/")
        }
        // The kernel's folders and the file system's root: refused at once, never walked (a loose
        // manifest two levels below `/`, in /tmp/x/, does not make it one).
        for folder in ["/proc", "/sys", "/proc/self", "/", "/tmp/.."] {
            let run = try scenario.tenancy(["plan", "--dir", folder])
            XCTAssertEqual(run.code, 1, folder)
            XCTAssertTrue(run.err.contains("is not a Tenancy configuration"), "\(folder): \(run.err)")
        }
        // A file given as --dir says so.
        let file = try scenario.tenancy(["plan", "--dir", scenario.file("tenancy.yaml").path])
        XCTAssertEqual(file.code, 1)
        XCTAssertTrue(file.err.contains("tenancy.yaml is a file, not a folder"), file.err)
        // Manifests three levels down are not looked for; two levels down they make a configuration
        // (no tenancy.yaml needed).
        let deep = scenario.file("deep")
        try FileManager.default.createDirectory(at: deep.appendingPathComponent("a/b/c"), withIntermediateDirectories: true)
        try Data(team.replacingOccurrences(of: "NAME", with: "deep").utf8).write(to: deep.appendingPathComponent("a/b/c/team.yaml"))
        let tooDeep = try scenario.tenancy(["validate", "--dir", deep.path])
        XCTAssertEqual(tooDeep.code, 1)
        XCTAssertTrue(tooDeep.err.contains("is not a Tenancy configuration"), tooDeep.err)
        let nested = scenario.file("nested")
        try FileManager.default.createDirectory(at: nested.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try Data(team.replacingOccurrences(of: "NAME", with: "nested").utf8).write(to: nested.appendingPathComponent("a/b/team.yaml"))
        XCTAssertEqual(try scenario.tenancy(["validate", "--dir", nested.path]).code, 0)
        // A folder holding other projects (each with its own tenancy.yaml) is not one: a home
        // folder with ~/src/acme/, or `/` with a project in /tmp/x/. Refused before any walk or
        // write, whatever the command.
        let home = scenario.file("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("src"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Golden.repositoryRoot.appendingPathComponent("examples"), to: home.appendingPathComponent("src/acme"))
        for command in [["plan"], ["validate"], ["apply", "--auto-approve"]] {
            let run = try scenario.tenancy(command + ["--dir", home.path])
            XCTAssertEqual(run.code, 1, "\(command): \(run.out)")
            XCTAssertTrue(run.err.contains("is not a Tenancy configuration"), "\(command): \(run.err)")
            XCTAssertTrue(run.err.contains("hint: give the project's folder: --dir \(home.path)/src/acme"), "\(command): \(run.err)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent(".tenancy").path), "\(command) created .tenancy/")
        }
    }

    /// validate runs every check plan runs before the backend: a Project outside tenancy.yaml, and
    /// a project file whose settings plan refuses.
    func testValidateRefusesWhatPlanRefuses() throws {
        try scenario.write("teams/project.yaml", """
            apiVersion: tenancy/v1
            kind: Project
            metadata: {name: elsewhere}
            spec: {}

            """)
        for command in [["plan"], ["validate"], ["validate", "teams/project.yaml"]] {
            let run = try scenario.tenancy(command)
            XCTAssertEqual(run.code, 1, "\(command)")
            XCTAssertTrue(run.err.contains("[project.misplaced]"), "\(command): \(run.err)")
        }
        try FileManager.default.removeItem(at: scenario.file("teams/project.yaml"))
        try scenario.edit("tenancy.yaml") {
            $0.replacingOccurrences(of: "local: {path: .tenancy/state.json}", with: "etcd: {endpoints: [\"ftp://etcd:2379\"]}")
        }
        for command in [["plan"], ["validate"]] {
            let run = try scenario.tenancy(command)
            XCTAssertEqual(run.code, 1, "\(command)")
            XCTAssertTrue(run.err.contains("is not an etcd client URL [backend.endpoint]"), "\(command): \(run.err)")
        }
    }

    /// `validate -` checks standard input in the context of the --dir configuration: standing in
    /// for the document of the same kind and name, or added to the configuration.
    func testValidateStandardInputInContext() throws {
        let valid = team.replacingOccurrences(of: "NAME", with: "finance-ops") + "  access: [{workspace: payments, role: editor}]\n"
        let replaced = try scenario.tenancy(["validate", "-"], shell: "printf '%s' \(Self.quoted(valid)) | \"$0\" \"$@\"")
        XCTAssertEqual(replaced.code, 0, "stands in for teams/finance.yaml's finance-ops: \(replaced.err)")
        XCTAssertTrue(replaced.out.contains("1 file, 1 document valid in \(scenario.url.resolvingSymlinksInPath().path)")
                      || replaced.out.contains("1 file, 1 document valid in \(scenario.path)"), replaced.out)
        let dangling = team.replacingOccurrences(of: "NAME", with: "newcomers") + "  access: [{workspace: nowhere, role: editor}]\n"
        let refused = try scenario.tenancy(["validate", "-"], shell: "printf '%s' \(Self.quoted(dangling)) | \"$0\" \"$@\"")
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("<stdin>:"), "the problem is placed in standard input: \(refused.err)")
        XCTAssertFalse(refused.err.contains("teams/finance.yaml"), "only standard input's problems are reported")
        let referring = team.replacingOccurrences(of: "NAME", with: "newcomers") + "  access: [{workspace: payments, role: release-manager}]\n"
        let added = try scenario.tenancy(["validate", "-"], shell: "printf '%s' \(Self.quoted(referring)) | \"$0\" \"$@\"")
        XCTAssertEqual(added.code, 0, "a workspace and a role defined in other files are not dangling: \(added.err)")
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// No text Tenancy prints can forge a line a CI runner interprets: manifest strings holding
/// GitHub's `::` commands, Azure's `##[`, GitLab's section markers (carriage return and escape)
/// show escaped in every text output, on the line they belong to.
final class CILogScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    static let forged = #"ok\n::error file=a.yaml,line=1::forged\r\n##[error]forged\nsection_start:1:x\r\e[0Kforged\u2028::warning::x"#

    func testManifestTextCannotForgeCommandLines() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/payments.yaml") {
            $0.replacingOccurrences(of: "description: Card settlement, ledger reconciliation and payouts",
                                    with: "description: \"\(Self.forged)\"")
        }
        try scenario.write("strict.yaml", """
            apiVersion: tenancy/v1
            kind: Template
            metadata:
              name: strict
              description: "\(Self.forged)"
            spec:
              rules:
                - id: short-idle
                  field: policy.sessionTimeout.idle
                  max: 1m
                  source: "\(Self.forged)"
                  reason: "\(Self.forged)"

            """)
        try scenario.edit("workspaces/marketing.yaml") {
            $0.replacingOccurrences(of: "template: enterprise-starter", with: "template: strict")
        }
        let usage = scenario.file("usage").path
        let runs: [[String]] = [
            ["validate"], ["validate", "--format", "github"], ["plan"], ["templates", "show", "strict"], ["templates", "list"],
            ["compliance"], ["quota", "check", "--usage", usage], ["billing", "--usage", usage],
            ["access", "check", "--user", "jo.chen@acme.example", "--workspace", "payments", "--permission", "execution.approve", "--explain"],
        ]
        var seen = 0
        for arguments in runs {
            let run = try scenario.tenancy(arguments)
            let output = run.out + run.err
            if output.contains("forged") { seen += 1 }
            XCTAssertFalse(output.contains("\r"), "\(arguments): a raw carriage return")
            XCTAssertFalse(output.contains("\u{1b}"), "\(arguments): a raw escape")
            XCTAssertFalse(output.contains("\u{2028}"), "\(arguments): a raw line separator")
            for line in output.split(separator: "\n") {
                let start = line.drop(while: { $0 == " " || $0 == "\t" })
                XCTAssertFalse(start.hasPrefix("::error file=a.yaml") || start.hasPrefix("::warning::x") || start.hasPrefix("##[error]forged")
                               || start.hasPrefix("section_start"), "\(arguments) printed a command line: \(line)")
            }
        }
        XCTAssertGreaterThanOrEqual(seen, 3, "the forged text reached the outputs (shown escaped)")
    }
}

/// Files Tenancy writes are never written through a planted symbolic link: a link at every path
/// under `.tenancy/` (and `.tenancy/` itself), and a folder anyone may write in, are refused with
/// the path named, and the link's target is left as it was.
final class PlantedLinkScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    func testALinkPlantedAtAnyPathTenancyWritesIsRefused() throws {
        let victim = scenario.file("victim.txt")
        let precious = Data("precious\n".utf8)
        let applied = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(applied.code, 0, applied.err)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        for name in ["state.json", "state.json.lock", "state.json.backup", "audit.jsonl", "audit.pending.json", "history/state-1.json", "history"] {
            try precious.write(to: victim)
            let path = scenario.file(".tenancy/\(name)").path
            let moved = path + ".moved"
            if FileManager.default.fileExists(atPath: path) { XCTAssertEqual(rename(path, moved), 0) }
            XCTAssertEqual(symlink(victim.path, path), 0)
            let run = try scenario.tenancy(["apply", "--auto-approve"])
            XCTAssertEqual(run.code, 1, "\(name): \(run.out)")
            XCTAssertTrue(run.err.contains(".tenancy/\(name)") && run.err.contains("symbolic link"), "\(name): \(run.err)")
            XCTAssertEqual(try Data(contentsOf: victim), precious, "\(name): the link's target is untouched")
            XCTAssertEqual(unlink(path), 0)
            if FileManager.default.fileExists(atPath: moved) { XCTAssertEqual(rename(moved, path), 0) }
        }
        // The folder itself a link to a folder elsewhere.
        let elsewhere = scenario.file("elsewhere")
        XCTAssertEqual(rename(scenario.file(".tenancy").path, elsewhere.path), 0)
        XCTAssertEqual(symlink(elsewhere.path, scenario.file(".tenancy").path), 0)
        let linkedFolder = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(linkedFolder.code, 1)
        XCTAssertTrue(linkedFolder.err.contains("symbolic link"), linkedFolder.err)
        XCTAssertEqual(unlink(scenario.file(".tenancy").path), 0)
        XCTAssertEqual(rename(elsewhere.path, scenario.file(".tenancy").path), 0)
        // A folder anyone may write in (no sticky bit).
        XCTAssertEqual(chmod(scenario.file(".tenancy").path, 0o777), 0)
        let open = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(open.code, 1)
        XCTAssertTrue(open.err.contains("anyone may write in the folder"), open.err)
        // Sticky is not enough for the state's own folder: others could still create the names
        // Tenancy is about to use (an audit log before the first apply).
        XCTAssertEqual(chmod(scenario.file(".tenancy").path, 0o1777), 0)
        let sticky = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(sticky.code, 1)
        XCTAssertTrue(sticky.err.contains("anyone may create files in the folder"), sticky.err)
        XCTAssertEqual(chmod(scenario.file(".tenancy").path, 0o755), 0)
        // A file of another user (planted, or rewritable by them) is not trusted: refused when
        // this process is root (which could otherwise append to it) or anyone else.
        if getuid() == 0 {
            XCTAssertEqual(chown(scenario.file(".tenancy/audit.jsonl").path, 65534, 65534), 0)
            let foreign = try scenario.tenancy(["apply", "--auto-approve"])
            XCTAssertEqual(foreign.code, 1)
            XCTAssertTrue(foreign.err.contains("audit.jsonl") && foreign.err.contains("belongs to another user (uid 65534)"), foreign.err)
            XCTAssertEqual(chown(scenario.file(".tenancy/audit.jsonl").path, 0, 0), 0)
        }
        // The folder that holds `.tenancy/` anyone may write in: `.tenancy` could be swapped for
        // a link between the check and the write. With the sticky bit (as /tmp has) it is fine.
        XCTAssertEqual(chmod(scenario.url.path, 0o777), 0)
        let openRoot = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(openRoot.code, 1)
        XCTAssertTrue(openRoot.err.contains("anyone may write in the folder"), openRoot.err)
        XCTAssertEqual(chmod(scenario.url.path, 0o1777), 0)
        XCTAssertEqual(try scenario.tenancy(["plan"]).code, 0, "sticky: nobody else can rename .tenancy")
        XCTAssertEqual(chmod(scenario.url.path, 0o755), 0)
        let clean = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(clean.code, 0, "all links removed: the apply goes through: \(clean.err)")
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
    }
}

/// A manifest file that is not loaded — hidden, renamed to an extension the walk or spec.paths
/// leaves out — is said at its path when its content is a Tenancy document, so that the deletes a
/// plan then proposes never come without a word.
final class LeftOutScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    func testAManifestThatIsNotLoadedIsSaid() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let original = scenario.file("service-accounts.yaml")
        for (name, why) in [(".service-accounts.yaml", "it is hidden"), ("service-accounts.yml", "spec.paths do not match it"),
                            ("service-accounts.YAML", "spec.paths do not match it"), ("service-accounts.yaml~", "its name does not end in .yaml or .yml")] {
            let moved = scenario.file(name)
            XCTAssertEqual(rename(original.path, moved.path), 0)
            let plan = try scenario.tenancy(["plan"])
            // The plan deletes what the file defines: said once, naming them.
            XCTAssertTrue(plan.err.contains("\(name) defines ServiceAccount/") && plan.err.contains("which this plan deletes, but it is not loaded: ")
                          && plan.err.contains(why) && plan.err.contains("[manifest.left-out]"), "\(name): \(plan.err)")
            XCTAssertEqual(plan.err.components(separatedBy: "[manifest.left-out]").count - 1, 1, "once: \(plan.err)")
            // validate, which plans nothing, says it as the walk finds it.
            XCTAssertTrue(try scenario.tenancy(["validate"]).err.contains("\(name) declares a Tenancy document but is not loaded: "), name)
            XCTAssertTrue(plan.out.contains("destroyed"), "\(name): the plan shows what it would delete")
            XCTAssertEqual(rename(moved.path, original.path), 0)
        }
        let clean = try scenario.tenancy(["validate"])
        XCTAssertFalse(clean.err.contains("left-out"), "the CI recipes' *.yml and the schemas are not Tenancy documents: \(clean.err)")
    }

    /// Moved where the walk never looks (a hidden folder, `.git`-like or not) or renamed without
    /// `.yaml`: a plan that then deletes what the file defines says so at the file (a hostile try
    /// found these planned as deletes without a word).
    func testAPlannedDeleteWhoseFileIsNotLoadedIsSaid() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let original = scenario.file("service-accounts.yaml")
        for (name, why) in [(".old/service-accounts.yaml", "it is hidden, or in a hidden folder"), ("archive/.x/service-accounts.yaml", "it is hidden, or in a hidden folder"),
                            ("service-accounts", "its name does not end in .yaml or .yml"), ("service-accounts.json", "its name does not end in .yaml or .yml"),
                            ("service-accounts.ya ml", "its name does not end in .yaml or .yml")] {
            let moved = scenario.file(name)
            try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
            XCTAssertEqual(rename(original.path, moved.path), 0)
            let plan = try scenario.tenancy(["plan"])
            XCTAssertTrue(plan.err.contains("\(name) defines ServiceAccount/") && plan.err.contains("which this plan deletes, but it is not loaded: \(why)"),
                          "\(name): \(plan.err)")
            XCTAssertTrue(plan.out.contains("destroyed"), "\(name): the plan shows what it would delete")
            XCTAssertEqual(rename(moved.path, original.path), 0)
        }
        XCTAssertFalse(try scenario.tenancy(["plan"]).err.contains("not loaded"), "nothing deleted, nothing said")
    }
}
