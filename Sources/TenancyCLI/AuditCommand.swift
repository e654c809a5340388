import TenancyDiagnostics
import TenancyEngine

/// `tenancy audit log | verify [DIR]`: the record of applies, and a check that nobody edited it.
enum AuditCommand {
    static let spec = CommandSpec(name: "audit", summary: "Read or verify the hash-chained log of applies.",
                                  subcommands: [log, verify])

    static let dirArgument = ArgumentSpec(name: "DIR", help: "The configuration's folder (default: .).", variadic: false, optional: true)

    static let log = CommandSpec(
        name: "log", summary: "List the applies: who, when, which commit, what changed.",
        arguments: [dirArgument],
        options: [.option("format", "FORMAT", "Output format.", allowed: ["text", "json"])],
        run: { arguments, context in
            guard let run = RunContext.open(arguments.positional.first ?? ".", context: context) else { return .failure }
            let records: [AuditLog.Record]
            do { records = try run.backend.auditRecords() } catch {
                context.report(Diagnostics([.error("audit.read", "\(error)")]))
                return .failure
            }
            if arguments.value("format") == "json" {
                context.console.writeOut(JSON.array(records.map(\.json)).canonicalText())
                return .success
            }
            if records.isEmpty { context.console.writeOut("No applies recorded yet.\n") }
            for record in records {
                let commit = record.commit.map { " commit \($0.prefix(12))" } ?? ""
                let operation = record.operation.map { "  (\($0))" } ?? ""
                context.console.writeOut("#\(record.sequence)  \(record.time)  \(record.actor)\(commit)  serial \(record.serial)\(operation)\n")
                for change in record.changes {
                    let action = change["action"]?.stringValue ?? "?"
                    let address = change["address"]?.stringValue ?? "?"
                    let from = change["previous_address"]?.stringValue.map { " (from \($0))" } ?? ""
                    context.console.writeOut("    \(action) \(address)\(from)\n")
                }
            }
            return .success
        }
    )

    static let verify = CommandSpec(
        name: "verify", summary: "Check that no audit record was altered, removed or reordered.",
        arguments: [dirArgument],
        run: { arguments, context in
            guard let run = RunContext.open(arguments.positional.first ?? ".", context: context) else { return .failure }
            do {
                let count = try run.backend.verifyAudit()
                context.console.writeOut("The audit log is intact: \(count) record\(count == 1 ? "" : "s"), chain verified.\n")
                return .success
            } catch {
                context.report(Diagnostics([.error("audit.tampered", "\(error)",
                                                   detail: "Each record holds the hash of the one before it and of itself; this one does not match.",
                                                   hint: "compare the audit log at \(run.backend.location) with a backup")]))
                return .failure
            }
        }
    )
}
