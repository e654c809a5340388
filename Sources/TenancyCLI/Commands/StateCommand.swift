import TenancyDiagnostics
import TenancyEngine
import TenancyNotify
import TenancyModel
import TenancySupport
import TenancyJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tenancy state list | show ADDR | rm ADDR | mv FROM TO | pull | push FILE [--force] | history |
/// rollback SERIAL`: inspect and repair the stored state. Every change goes through the lock and
/// the compare-and-swap write, and is audited.
enum StateCommand {
    static let spec = CommandSpec(name: "state", summary: "Inspect or repair the stored state.",
                                  subcommands: [list, show, remove, move, pull, push, history, rollback, adopt])

    static let list = CommandSpec(
        name: "list", summary: "List the addresses in the state.",
        options: [Options.dir, Options.format([.text, .json])],
        environment: Options.backendEnvironment,
        examples: ["tenancy state list", "tenancy state list --dir examples"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let state = try context.session(arguments.dir).readState()
                let addresses = (state?.resources.keys.sorted() ?? []).map(\.description)
                if arguments.format == .json {
                    context.console.writeOut(JSON.array(addresses.map { .string($0) }).canonicalText())
                } else {
                    for address in addresses { context.console.writeOut(Terminal.escaped(address) + "\n") }
                }
                return .success
            }
        }
    )

    static let show = CommandSpec(
        name: "show", summary: "Show one resource as stored.",
        arguments: [ArgumentSpec(name: "ADDRESS", help: "Kind/name, e.g. Workspace/engineering.", variadic: false, optional: false)],
        options: [Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy state show Workspace/engineering", "tenancy state show Workspace/engineering --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                let state = try session.readState()
                let text = arguments.positional(0) ?? ""
                guard let address = Address(text), let entry = state?.resources[address] else {
                    throw session.unknownAddress(text, in: state)
                }
                var writer = JSONWriter()
                StateFile.writeEntry(address, entry, to: &writer)
                writer.finishDocument()
                context.console.writeOut(String(decoding: writer.bytes, as: UTF8.self))
                return .success
            }
        }
    )

    static let adopt = CommandSpec(
        name: "adopt", summary: "Record that the state belongs to this configuration's project (after a rename of the project).",
        discussion: """
        The state records the project it belongs to (metadata.name of tenancy.yaml, else the \
        Organization's name), and a configuration of another project is refused against it. When \
        the project itself was renamed, this moves the state to the new name once, as an audited \
        transition.
        """,
        options: [Options.dir, Options.lockTimeout],
        environment: Options.backendEnvironment,
        examples: ["tenancy state adopt   # after renaming metadata.name in tenancy.yaml"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                let (state, previous) = try session.adoptState(lockTimeout: arguments.lockTimeout)
                let from = previous.map { "`\(Terminal.escaped($0))`" } ?? "no project"
                context.console.writeOut("The state now belongs to project `\(Terminal.escaped(state.project ?? ""))` (it belonged to \(from)); serial \(state.serial).\n")
                return .success
            }
        }
    )

    static let remove = CommandSpec(
        name: "rm", summary: "Forget a resource (the platform keeps it; Tenancy stops managing it).",
        arguments: [ArgumentSpec(name: "ADDRESS", help: "Kind/name.", variadic: false, optional: false)],
        options: [Options.dir, Options.lockTimeout],
        environment: Options.backendEnvironment,
        examples: ["tenancy state rm Workspace/old-lab   # forget it; the platform keeps it"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                let text = arguments.positional(0) ?? ""
                guard let address = Address(text) else { throw session.unknownAddress(text, in: try session.readState()) }
                let before = try? session.readState()
                let state = try session.removeFromState(address, lockTimeout: arguments.lockTimeout)
                context.console.writeOut("State updated to serial \(state.serial).\n")
                let code = try publishRepair(session, context, lockTimeout: arguments.lockTimeout)
                NotifyCommand.alert(.stateEdited(serial: state.serial, change: "state rm \(address)"), session, context, before: before ?? nil)
                return code
            }
        }
    )

    static let move = CommandSpec(
        name: "mv", summary: "Record that a resource now has another address (keeps its identity).",
        arguments: [ArgumentSpec(name: "FROM", help: "Kind/name now in the state.", variadic: false, optional: false),
                    ArgumentSpec(name: "TO", help: "Kind/name it should have.", variadic: false, optional: false)],
        options: [Options.dir, Options.lockTimeout],
        environment: Options.backendEnvironment,
        examples: ["tenancy state mv Team/growth Team/growth-team"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                let fromText = arguments.positional(0) ?? "", toText = arguments.positional(1) ?? ""
                guard let from = Address(fromText) else { throw session.unknownAddress(fromText, in: try session.readState()) }
                guard let to = Address(toText) else {
                    throw RunFailure(.error(.cliUsage, "`\(toText)` is not an address", hint: "for example \(from.kind.rawValue)/new-name"))
                }
                let before = try? session.readState()
                let state = try session.moveInState(from, to: to, lockTimeout: arguments.lockTimeout)
                context.console.writeOut("State updated to serial \(state.serial).\n")
                let code = try publishRepair(session, context, lockTimeout: arguments.lockTimeout)
                NotifyCommand.alert(.stateEdited(serial: state.serial, change: "state mv \(from) \(to)"), session, context, before: before ?? nil)
                return code
            }
        }
    )

    static let pull = CommandSpec(
        name: "pull", summary: "Print the stored state (canonical JSON).",
        options: [Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy state pull > state-backup.json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                guard let state = try context.session(arguments.dir).readState() else {
                    throw RunFailure(.error(.stateEmpty, "there is no state yet", hint: "run `tenancy apply` first"))
                }
                // In pieces (they end between resources): a state of any size is printed without a
                // second copy of it in memory.
                StateFile.write(state) { (piece: UnsafeRawBufferPointer) in context.console.writeOut(bytes: piece) }
                return .success
            }
        }
    )

    static let push = CommandSpec(
        name: "push", summary: "Replace the stored state with a file (its serial must be newer, or --force).",
        arguments: [ArgumentSpec(name: "FILE", help: "A state file, e.g. from `tenancy state pull`.", variadic: false, optional: false)],
        options: [Options.dir, Options.force, Options.lockTimeout],
        environment: Options.backendEnvironment,
        examples: ["tenancy state push state-backup.json", "tenancy state push other-lineage.json --force"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let path = arguments.positional(0) ?? ""
                let bytes: [UInt8]?
                do throws(FileError) { bytes = try FileIO.read(path) } catch { throw RunFailure(error) }
                guard let bytes else {
                    throw RunFailure(FileError(path: path, operation: .read, reason: .errno(ENOENT)))
                }
                let incoming: State
                do throws(StateError) { incoming = try StateFile.read(bytes, path: path) } catch { throw RunFailure(error) }
                let session = try context.session(arguments.dir)
                let before = try? session.readState()
                try session.pushState(incoming, source: path, force: arguments.isSet(Options.force), lockTimeout: arguments.lockTimeout)
                context.console.writeOut("State replaced with \(path) (serial \(incoming.serial)).\n")
                let code = try publishRepair(session, context, lockTimeout: arguments.lockTimeout)
                NotifyCommand.alert(.statePushed(serial: incoming.serial, source: path, forced: arguments.isSet(Options.force)), session, context,
                                    before: before ?? nil)
                return code
            }
        }
    )

    static let history = CommandSpec(
        name: "history", summary: "List the kept versions of the state (newest last).",
        options: [Options.dir, Options.format([.text, .json])],
        environment: Options.backendEnvironment,
        examples: ["tenancy state history", "tenancy state history --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let versions = try context.session(arguments.dir).history()
                if arguments.format == .json {
                    context.console.writeOut(JSON.array(versions.map { version in
                        .object(["serial": .int(version.serial), "lineage": .string(version.lineage),
                                 "time": version.time.map { .string($0) } ?? .null, "bytes": .int(version.bytes),
                                 "digest": version.digest.map { .string($0) } ?? .null])
                    }).canonicalText())
                    return .success
                }
                if versions.isEmpty { context.console.writeOut("No versions kept yet.\n") }
                for version in versions {
                    context.console.writeOut("serial \(version.serial)  \(Terminal.escaped(version.time ?? "-"))  \(version.bytes) bytes  lineage \(Terminal.escaped(version.lineage))\n")
                }
                return .success
            }
        }
    )

    static let rollback = CommandSpec(
        name: "rollback", summary: "Restore a kept version as a new serial (recorded in the audit log).",
        discussion: "The restored content gets the next serial, so plans made before the rollback are stale, and the audit log records who restored what.",
        arguments: [ArgumentSpec(name: "SERIAL", help: "A serial listed by `tenancy state history`.", variadic: false, optional: false)],
        options: [Options.dir, Options.lockTimeout],
        environment: Options.backendEnvironment,
        examples: ["tenancy state history   # find the serial", "tenancy state rollback 4"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let text = arguments.positional(0) ?? ""
                guard let serial = Int(text), serial >= 0 else {
                    throw RunFailure(.error(.cliUsage, "`\(text)` is not a serial", hint: "list the kept versions with `tenancy state history`"))
                }
                let session = try context.session(arguments.dir)
                let before = try? session.readState()
                let state = try session.rollback(to: serial, lockTimeout: arguments.lockTimeout)
                context.console.writeOut("State updated to serial \(state.serial).\n")
                let code = try publishRepair(session, context, lockTimeout: arguments.lockTimeout)
                NotifyCommand.alert(.stateRolledBack(serial: state.serial, restored: serial), session, context, before: before ?? nil)
                return code
            }
        }
    )

    /// A repair made a new serial: where the backend publishes (etcd), it is published as an apply
    /// publishes, so that platform services see it; when that cannot be done, the error says that
    /// `published/` now lags and names the command that brings it level.
    static func publishRepair(_ session: Session, _ context: CommandContext, lockTimeout: Double) throws(RunFailure) -> ExitCode {
        if let report = try session.publishAll(lockTimeout: lockTimeout) { ApplyCommand.say(report, session, context) }
        return .success
    }
}
