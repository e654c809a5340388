import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// What `plan` and `apply` share: the configuration folder, its loaded and checked manifests, the
/// backend the project file names (the local file by default), and who is running.
struct RunContext {
    let root: String
    let backend: any StateBackend
    let loaded: ConfigurationLoader.Result

    /// Loads and validates the configuration; nil (after reporting) when it has errors.
    static func load(_ root: String, context: CommandContext) -> RunContext? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            context.report(Diagnostics([.error(.ioRead, "no such folder: \(root)",
                                               hint: "give the configuration's folder (the one with tenancy.yaml or the manifests)")]))
            return nil
        }
        let loaded = ConfigurationLoader().load(paths: [root])
        if loaded.diagnostics.hasErrors {
            context.report(loaded.diagnostics, sources: loaded.sources)
            context.console.writeError(TextDiagnosticRenderer(useColor: false).summary(loaded.diagnostics) + "\n")
            return nil
        }
        if !loaded.diagnostics.isEmpty { context.report(loaded.diagnostics, sources: loaded.sources) }
        switch BackendSettings.backend(for: loaded.configuration.all(.project).first, root: root, environment: context.environment) {
        case let .success(backend):
            return RunContext(root: root, backend: backend, loaded: loaded)
        case let .failure(problems):
            context.report(problems, sources: loaded.sources)
            return nil
        }
    }

    /// An audit entry for a change made now by whoever runs this.
    func auditEntry(_ operation: String, planDigest: String, changes: [JSON], context: CommandContext) -> AuditEntry {
        AuditEntry(operation: operation, time: ISO8601DateFormatter().string(from: Date()), actor: Self.actor(context.environment),
                   commit: Self.gitCommit(in: root), planDigest: planDigest, changes: changes)
    }

    /// The git commit the configuration is at, when it is in a repository (for the audit record).
    static func gitCommit(in root: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let commit = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }

    /// Who is running: TENANCY_ACTOR, else the CI's actor, else user@host.
    static func actor(_ environment: [String: String]) -> String {
        for key in ["TENANCY_ACTOR", "GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILDKITE_BUILD_CREATOR", "CIRCLE_USERNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }

    /// The lock, or a reported error naming the holder and the exact force-unlock command.
    func lock(_ operation: String, timeout: Double, context: CommandContext) -> LockInfo? {
        do {
            return try backend.lock(operation: operation, who: Self.actor(context.environment), timeout: timeout)
        } catch let .held(info) {
            context.report(Diagnostics([.error(
                "state.locked", "the state is locked by \(info.who) since \(info.created)",
                detail: "Lock ID \(info.id), taken for `\(info.operation)` on \(info.path). Another run may be planning or applying; waiting longer is what --lock-timeout is for.",
                hint: "if that run is no longer running: tenancy force-unlock \(info.id)")]))
            return nil
        } catch {
            context.report(Diagnostics([.error("state.lock", "\(error)")]))
            return nil
        }
    }

    /// The desired state, or nil after reporting (a missing secret, a cycle).
    func desired(context: CommandContext) -> DesiredState? {
        let (desired, diagnostics) = DesiredState.build(
            loaded.configuration,
            secrets: .init(environment: context.environment, root: URL(fileURLWithPath: root)))
        if diagnostics.hasErrors {
            context.report(diagnostics.sorted(), sources: loaded.sources)
            return nil
        }
        return desired
    }

    /// `--lock-timeout DUR`, in seconds.
    static func lockTimeout(_ arguments: ParsedArguments, context: CommandContext) -> Double? {
        guard let text = arguments.value("lock-timeout") else { return 0 }
        guard let duration = Duration(text) else {
            context.report(Diagnostics([.error(.cliUsage, "`\(text)` is not a duration", hint: "for example 30s, 5m")]))
            return nil
        }
        return Double(duration.seconds)
    }

    /// A plan against the stored state, taken under the lock: what `plan` prints and `apply`
    /// carries out. The caller releases the lock (`backend.unlock`) when done.
    struct Planned {
        let run: RunContext
        let lock: LockInfo
        let state: State?
        let plan: Plan
    }

    static func plan(_ operation: String, _ arguments: ParsedArguments, context: CommandContext) -> Planned? {
        var timer = PhaseTimer(environment: context.environment)
        guard let timeout = lockTimeout(arguments, context: context),
              let run = load(arguments.positional.first ?? ".", context: context) else { return nil }
        timer.lap("load and check")
        guard let lock = run.lock(operation, timeout: timeout, context: context) else { return nil }
        timer.lap("lock")
        defer { timer.lap("compare") }
        // The stored state is read on its own thread while the desired state is built.
        let backend = run.backend
        let reading = BackgroundTask { () -> Result<State?, StateError> in
            do { return .success(try backend.read()) } catch { return .failure(error as? StateError ?? .io(path: backend.location, reason: "\(error)")) }
        }
        let desired = run.desired(context: context)
        timer.lap("desired state (and read state)")
        let state: State?
        switch reading.wait() {
        case let .success(stored):
            state = stored
        case let .failure(error):
            context.report(Diagnostics([.error("state.read", error.description)]))
            run.backend.unlock(lock)
            return nil
        }
        timer.lap("read state (rest)")
        guard let desired else {
            run.backend.unlock(lock)
            return nil
        }
        var addresses: [String: [Address]] = [:]
        for option in ["target", "exclude"] {
            for text in arguments.values(option) {
                guard let address = Address(text) else {
                    context.report(Diagnostics([.error(.cliUsage, "`\(text)` is not an address", hint: "write Kind/name, e.g. Workspace/engineering")]))
                    run.backend.unlock(lock)
                    return nil
                }
                addresses[option, default: []].append(address)
            }
        }
        let planner = Planner(allowDestroy: arguments.flag("allow-destroy"), targets: addresses["target"] ?? [],
                              excludes: addresses["exclude"] ?? [])
        let (plan, diagnostics) = planner.plan(desired: desired, state: state)
        if diagnostics.hasErrors {
            context.report(diagnostics)
            run.backend.unlock(lock)
            return nil
        }
        return Planned(run: run, lock: lock, state: state, plan: plan)
    }
}
