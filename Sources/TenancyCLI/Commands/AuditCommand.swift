import TenancyDiagnostics
import TenancyEngine
import TenancyNotify
import TenancyJSON

/// `tenancy audit log | verify`: the record of applies, and a check that nobody edited it.
enum AuditCommand {
    static let spec = CommandSpec(name: "audit", summary: "Read or verify the hash-chained log of applies.",
                                  subcommands: [log, verify])

    static let log = CommandSpec(
        name: "log", summary: "List the applies: who, when, which commit, what changed.",
        options: [Options.dir, Options.format([.text, .json])],
        environment: Options.backendEnvironment,
        examples: ["tenancy audit log", "tenancy audit log --format json > audit.json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let records = try context.session(arguments.dir).auditRecords()
                if arguments.format == .json {
                    context.console.writeOut(JSON.array(records.map(\.json)).canonicalText())
                    return .success
                }
                if records.isEmpty { context.console.writeOut("No applies recorded yet.\n") }
                // Every field is text someone could set (TENANCY_ACTOR, a hand-edited log): escaped,
                // so that none can forge a line of this listing or send the terminal an escape.
                let e = Terminal.escaped
                for record in records {
                    let commit = record.commit.map { " commit \(e(String($0.prefix(12))))" } ?? ""
                    let operation = record.operation.map { "  (\(e($0)))" } ?? ""
                    context.console.writeOut("#\(record.sequence)  \(e(record.time))  \(e(record.actor))\(commit)  serial \(record.serial)\(operation)\n")
                    for change in record.changes {
                        let action = change["action"]?.stringValue ?? "?"
                        let address = change["address"]?.stringValue ?? "?"
                        let from = change["previous_address"]?.stringValue.map { " (from \(e($0)))" } ?? ""
                        context.console.writeOut("    \(e(action)) \(e(address))\(from)\n")
                    }
                }
                return .success
            }
        }
    )

    static let verify = CommandSpec(
        name: "verify", summary: "Check that no audit record was altered, removed or reordered.",
        options: [Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy audit verify"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                let count: Int
                do throws(RunFailure) {
                    count = try session.verifyAudit()
                } catch {
                    // A chain that no longer verifies is a security alert, once per break.
                    if case .problems = error.kind, let first = error.diagnostics.first(where: { $0.severity == .error }) {
                        NotifyCommand.alert(.auditBroken(reason: first.summary), session, context)
                    }
                    throw error
                }
                context.console.writeOut("The audit log is intact: \(count) record\(count == 1 ? "" : "s"), chain verified.\n")
                return .success
            }
        }
    )
}
