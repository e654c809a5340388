import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy state list | show ADDR | rm ADDR | mv FROM TO | pull | push FILE [--force] | history |
/// rollback SERIAL`: inspect and repair the stored state. Every change goes through the lock and the compare-and-swap write.
enum StateCommand {
    static let dirOption = OptionSpec.option("dir", "DIR", "The configuration's folder (default: .).")
    static let spec = CommandSpec(name: "state", summary: "Inspect or repair the stored state.",
                                  subcommands: [list, show, remove, move, pull, push, history, rollback])

    static func withState(_ arguments: ParsedArguments, _ context: CommandContext,
                          _ body: (RunContext, State?) -> ExitCode) -> ExitCode {
        guard let run = RunContext.open(arguments.value("dir") ?? ".", context: context) else { return .failure }
        do { return body(run, try run.backend.read()) } catch {
            context.report(Diagnostics([.error("state.read", "\(error)")]))
            return .failure
        }
    }

    /// Changes the state under the lock, as one compare-and-swap write.
    /// `change` edits the state and lists what it did, for the audit record.
    static func modify(_ arguments: ParsedArguments, _ context: CommandContext, operation: String,
                       _ change: (RunContext, inout State, inout [JSON]) -> Diagnostic?) -> ExitCode {
        guard let timeout = RunContext.lockTimeout(arguments, context: context),
              let run = RunContext.open(arguments.value("dir") ?? ".", context: context),
              let lock = run.lock(operation, timeout: timeout, context: context) else { return .failure }
        defer { run.backend.unlock(lock) }
        do {
            guard var state = try run.backend.read() else {
                context.report(Diagnostics([.error("state.empty", "there is no state yet", hint: "run `tenancy apply` first")]))
                return .failure
            }
            let expected = StateVersion(state)
            var changes: [JSON] = []
            if let problem = change(run, &state, &changes) {
                context.report(Diagnostics([problem]))
                return .failure
            }
            state.serial += 1
            try run.backend.commit(state, expecting: expected,
                                   audit: run.auditEntry(operation, planDigest: "", changes: changes, context: context))
            context.console.writeOut("State updated to serial \(state.serial).\n")
            return .success
        } catch {
            context.report(Diagnostics([.error("state.write", "\(error)")]))
            return .failure
        }
    }

    static func address(_ text: String) -> Address? { Address(text) }

    static let list = CommandSpec(
        name: "list", summary: "List the addresses in the state.",
        options: [dirOption, .option("format", "FORMAT", "Output format.", allowed: ["text", "json"])],
        run: { arguments, context in
            withState(arguments, context) { _, state in
                let addresses = (state?.resources.keys.sorted() ?? []).map(\.description)
                if arguments.value("format") == "json" {
                    context.console.writeOut(JSON.array(addresses.map { .string($0) }).canonicalText())
                } else {
                    for address in addresses { context.console.writeOut(address + "\n") }
                }
                return .success
            }
        }
    )

    static let show = CommandSpec(
        name: "show", summary: "Show one resource as stored.",
        arguments: [ArgumentSpec(name: "ADDRESS", help: "Kind/name, e.g. Workspace/engineering.", variadic: false, optional: false)],
        options: [dirOption],
        run: { arguments, context in
            withState(arguments, context) { _, state in
                guard let address = address(arguments.positional[0]), let entry = state?.resources[address] else {
                    let known = (state?.resources.keys.map(\.description) ?? [])
                    context.report(Diagnostics([.error("state.unknown-address", "`\(arguments.positional[0])` is not in the state",
                                                       hint: Suggestion.closest(to: arguments.positional[0], in: known).map { "did you mean `\($0)`?" })]))
                    return .failure
                }
                guard case let .object(all) = (State(lineage: "", serial: 0, resources: [address: entry]).json["resources"] ?? .null),
                      let one = all[address.description] else { return .failure }
                context.console.writeOut(one.canonicalText())
                return .success
            }
        }
    )

    static let remove = CommandSpec(
        name: "rm", summary: "Forget a resource (the platform keeps it; Tenancy stops managing it).",
        arguments: [ArgumentSpec(name: "ADDRESS", help: "Kind/name.", variadic: false, optional: false)],
        options: [dirOption, .option("lock-timeout", "DUR", "How long to wait for the state lock.")],
        run: { arguments, context in
            modify(arguments, context, operation: "state rm") { _, state, changes in
                guard let address = address(arguments.positional[0]), state.resources[address] != nil else {
                    return .error("state.unknown-address", "`\(arguments.positional[0])` is not in the state")
                }
                state.resources[address] = nil
                changes.append(.object(["action": .string("forget"), "address": .string(address.description)]))
                return nil
            }
        }
    )

    static let move = CommandSpec(
        name: "mv", summary: "Record that a resource now has another address (keeps its identity).",
        arguments: [ArgumentSpec(name: "FROM", help: "Kind/name now in the state.", variadic: false, optional: false),
                    ArgumentSpec(name: "TO", help: "Kind/name it should have.", variadic: false, optional: false)],
        options: [dirOption, .option("lock-timeout", "DUR", "How long to wait for the state lock.")],
        run: { arguments, context in
            modify(arguments, context, operation: "state mv") { _, state, changes in
                guard let from = address(arguments.positional[0]), var entry = state.resources[from] else {
                    return .error("state.unknown-address", "`\(arguments.positional[0])` is not in the state")
                }
                guard let to = address(arguments.positional[1]), to.kind == from.kind else {
                    return .error(.cliUsage, "`\(arguments.positional[1])` must be an address of the same kind, e.g. \(from.kind.rawValue)/new-name")
                }
                guard state.resources[to] == nil else { return .error("state.address-taken", "`\(to)` is already in the state") }
                entry.resource = Resource(address: to, attributes: entry.resource.attributes,
                                          dependencies: entry.resource.dependencies, secretDigests: entry.resource.secretDigests)
                state.resources[from] = nil
                state.resources[to] = entry
                changes.append(.object(["action": .string("move"), "address": .string(to.description),
                                        "previous_address": .string(from.description)]))
                return nil
            }
        }
    )

    static let pull = CommandSpec(
        name: "pull", summary: "Print the stored state (canonical JSON).",
        options: [dirOption],
        run: { arguments, context in
            withState(arguments, context) { _, state in
                guard let state else {
                    context.report(Diagnostics([.error("state.empty", "there is no state yet")]))
                    return .failure
                }
                // In pieces (they end between resources, never inside a character): a state of any size
                // is printed without a second copy of it in memory.
                state.writeCanonical { (piece: UnsafeBufferPointer<UInt8>) in context.console.writeOut(String(decoding: piece, as: UTF8.self)) }
                return .success
            }
        }
    )

    static let push = CommandSpec(
        name: "push", summary: "Replace the stored state with a file (its serial must be newer, or --force).",
        arguments: [ArgumentSpec(name: "FILE", help: "A state file, e.g. from `tenancy state pull`.", variadic: false, optional: false)],
        options: [dirOption, .flag("force", "Replace even a state of another lineage or a newer serial."),
                  .option("lock-timeout", "DUR", "How long to wait for the state lock.")],
        run: { arguments, context in
            let path = arguments.positional[0]
            let incoming: State
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                incoming = try State(json: try JSONParser.parse(Array(data)), path: path)
            } catch {
                context.report(Diagnostics([.error("state.read", "cannot use \(path): \(error)")]))
                return .failure
            }
            guard let timeout = RunContext.lockTimeout(arguments, context: context),
                  let run = RunContext.open(arguments.value("dir") ?? ".", context: context),
                  let lock = run.lock("state push", timeout: timeout, context: context) else { return .failure }
            defer { run.backend.unlock(lock) }
            do {
                let current = try run.backend.read()
                if let current, !arguments.flag("force") {
                    if current.lineage != incoming.lineage {
                        context.report(Diagnostics([.error("state.lineage", "\(path) has lineage \(incoming.lineage), the stored state \(current.lineage)",
                                                           hint: "pass --force to replace a state of another lineage")]))
                        return .failure
                    }
                    if incoming.serial <= current.serial {
                        context.report(Diagnostics([.error("state.serial", "\(path) has serial \(incoming.serial), not newer than the stored \(current.serial)",
                                                           hint: "pass --force to go back to it")]))
                        return .failure
                    }
                }
                try run.backend.commit(incoming, expecting: current.map(StateVersion.init),
                                       audit: run.auditEntry("state push", planDigest: "", changes: [
                                           .object(["action": .string("replace"), "address": .string("*"),
                                                    "source": .string((path as NSString).lastPathComponent)]),
                                       ], context: context))
            } catch {
                context.report(Diagnostics([.error("state.write", "\(error)")]))
                return .failure
            }
            context.console.writeOut("State replaced with \(path) (serial \(incoming.serial)).\n")
            return .success
        }
    )

    static let history = CommandSpec(
        name: "history", summary: "List the kept versions of the state (newest last).",
        options: [dirOption, .option("format", "FORMAT", "Output format.", allowed: ["text", "json"])],
        run: { arguments, context in
            guard let run = RunContext.open(arguments.value("dir") ?? ".", context: context) else { return .failure }
            let versions: [StateHistoryEntry]
            do { versions = try run.backend.history() } catch {
                context.report(Diagnostics([.error("state.read", "\(error)")]))
                return .failure
            }
            if arguments.value("format") == "json" {
                context.console.writeOut(JSON.array(versions.map { version in
                    .object(["serial": .int(version.serial), "lineage": .string(version.lineage),
                             "time": version.time.map { .string($0) } ?? .null, "bytes": .int(version.bytes),
                             "digest": version.digest.map { .string($0) } ?? .null])
                }).canonicalText())
                return .success
            }
            if versions.isEmpty { context.console.writeOut("No versions kept yet.\n") }
            for version in versions {
                context.console.writeOut("serial \(version.serial)  \(version.time ?? "-")  \(version.bytes) bytes  lineage \(version.lineage)\n")
            }
            return .success
        }
    )

    static let rollback = CommandSpec(
        name: "rollback", summary: "Restore a kept version as a new serial (recorded in the audit log).",
        discussion: "The restored content gets the next serial, so plans made before the rollback are stale, and the audit log records who restored what.",
        arguments: [ArgumentSpec(name: "SERIAL", help: "A serial listed by `tenancy state history`.", variadic: false, optional: false)],
        options: [dirOption, .option("lock-timeout", "DUR", "How long to wait for the state lock.")],
        run: { arguments, context in
            guard let serial = Int(arguments.positional[0]), serial >= 0 else {
                context.report(Diagnostics([.error(.cliUsage, "`\(arguments.positional[0])` is not a serial",
                                                   hint: "list the kept versions with `tenancy state history`")]))
                return .failure
            }
            return modify(arguments, context, operation: "state rollback") { run, state, changes in
                let kept: State?
                do { kept = try run.backend.read(serial: serial) } catch {
                    return .error("state.read", "\(error)")
                }
                guard let kept else {
                    let serials = ((try? run.backend.history()) ?? []).map { String($0.serial) }
                    return .error("state.unknown-serial", "serial \(serial) is not kept",
                                  hint: serials.isEmpty ? "no versions are kept yet" : "kept serials: \(serials.joined(separator: ", "))")
                }
                guard kept.lineage == state.lineage else {
                    return .error("state.lineage", "serial \(serial) has lineage \(kept.lineage), the stored state \(state.lineage)",
                                  hint: "use `tenancy state push --force` to replace a state of another lineage")
                }
                changes.append(.object(["action": .string("restore"), "address": .string("*"),
                                        "restored_serial": .int(serial)]))
                state.resources = kept.resources
                return nil
            }
        }
    )
}
