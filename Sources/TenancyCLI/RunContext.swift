import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// What the commands that touch state share: the configuration folder, the backend its project
/// file names (the local file by default), and who is running. Only `plan` and `apply` read the
/// whole configuration (`load`); the state, audit and lock commands read the project file alone,
/// so that they work, and work fast, whatever state the manifests are in.
struct RunContext {
    let root: String
    let backend: any StateBackend
    /// The git commit, asked of git on another thread as soon as a run knows it will record an
    /// audit entry (`git rev-parse` costs tens of milliseconds at the end of an apply otherwise).
    private var commitLookup: BackgroundTask<String?>?

    init(root: String, backend: any StateBackend) {
        self.root = root
        self.backend = backend
    }

    /// Starts looking up the git commit for the audit entry this run will record.
    mutating func lookUpCommit() {
        let root = self.root
        commitLookup = BackgroundTask { Self.gitCommit(in: root) }
    }

    /// `tenancy.yaml` at the root, as the manifest finder names it.
    var projectPath: String { Self.projectPath(in: root) }

    static func projectPath(in root: String) -> String {
        (root == "." ? "" : (root.hasSuffix("/") ? root : root + "/")) + "tenancy.yaml"
    }

    /// The folder and its project file's backend; nil (after reporting) when the folder is missing
    /// or the project file has errors.
    static func open(_ root: String, context: CommandContext) -> RunContext? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            context.report(Diagnostics([.error(.ioRead, "no such folder: \(root)",
                                               hint: "give the configuration's folder (the one with tenancy.yaml or the manifests)")]))
            return nil
        }
        var project: Manifest?
        let projectPath = Self.projectPath(in: root)
        if FileManager.default.fileExists(atPath: projectPath) {
            var loaded = ConfigurationLoader().load(paths: [projectPath])
            // Only what concerns the project (or the file as YAML) matters here: other manifests in
            // the file refer to the rest of the configuration, which `load` reads and checks.
            loaded.diagnostics = Diagnostics(loaded.diagnostics.filter { $0.address == nil || $0.address?.hasPrefix("Project/") == true })
            if loaded.diagnostics.hasErrors {
                Self.reportFailure(loaded, context: context)
                return nil
            }
            project = loaded.configuration.all(.project).first
        }
        switch BackendSettings.backend(for: project, root: root, environment: context.environment) {
        case let .success(backend):
            return RunContext(root: root, backend: backend)
        case let .failure(problems):
            context.report(problems)
            return nil
        }
    }

    /// Reads and checks the whole configuration, streaming (workspaces are handed to `sink` as
    /// they are read, and their trees dropped); nil after reporting when it has errors.
    /// `keepText`: hold the files' bytes (for the digest saved plans of format 1 carry);
    /// `digesting`: take each file's digest as it is read (for the one format 2 carries).
    func load(context: CommandContext, sink: (any WorkspaceSink)? = nil, keepText: Bool = false,
              digesting: Bool = false) -> ConfigurationLoader.Result? {
        var result = ConfigurationLoader().load(paths: [root], streaming: true, sink: sink, releasingText: !keepText,
                                                digesting: digesting)
        var diagnostics = result.diagnostics
        for project in result.configuration.all(.project) where project.file != projectPath {
            diagnostics.append(.error(
                "project.misplaced", "a Project manifest belongs in tenancy.yaml at the configuration's root",
                detail: "The state's backend is read from \(projectPath) before anything else, so this one would be ignored.",
                hint: "move it to \(projectPath)", range: project.nameNode.range, address: project.address.description))
        }
        result.diagnostics = diagnostics.sorted()
        if result.diagnostics.hasErrors {
            Self.reportFailure(result, context: context)
            return nil
        }
        if !result.diagnostics.isEmpty { context.report(result.diagnostics, sources: result.sources) }
        return result
    }

    private static func reportFailure(_ loaded: ConfigurationLoader.Result, context: CommandContext) {
        context.report(loaded.diagnostics, sources: loaded.sources)
        context.console.writeError(TextDiagnosticRenderer(useColor: false).summary(loaded.diagnostics) + "\n")
    }

    /// An audit entry for a change made now by whoever runs this.
    func auditEntry(_ operation: String, planDigest: String, changes: [JSON], context: CommandContext) -> AuditEntry {
        let commit = if let commitLookup { commitLookup.wait() } else { Self.gitCommit(in: root) }
        return AuditEntry(operation: operation, time: ISO8601DateFormatter().string(from: Date()), actor: Self.actor(context.environment),
                          commit: commit, planDigest: planDigest, changes: changes)
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

    /// The desired state: what the collector built while the configuration was read, and the
    /// manifests the loader held; nil after reporting (a missing secret).
    func desired(_ loaded: ConfigurationLoader.Result, early collector: DesiredStateCollector, stored: State?,
                 context: CommandContext) -> DesiredState? {
        let early = collector.finish(stored: stored)
        var (desired, diagnostics) = DesiredState.build(loaded.configuration, secrets: secretSource(context), early: early.resources,
                                                        stored: stored)
        diagnostics.append(contentsOf: early.diagnostics)
        if diagnostics.hasErrors {
            context.report(diagnostics.sorted(), sources: loaded.sources)
            return nil
        }
        return desired
    }

    func secretSource(_ context: CommandContext) -> DesiredState.SecretSource {
        .init(environment: context.environment, root: URL(fileURLWithPath: root))
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
        let loaded: ConfigurationLoader.Result
        let lock: LockInfo
        let state: State?
        let plan: Plan
    }

    static func plan(_ operation: String, _ arguments: ParsedArguments, context: CommandContext) -> Planned? {
        var timer = PhaseTimer(environment: context.environment)
        guard let timeout = lockTimeout(arguments, context: context),
              var run = open(arguments.positional.first ?? ".", context: context) else { return nil }
        if operation == "apply" { run.lookUpCommit() }
        guard let lock = run.lock(operation, timeout: timeout, context: context) else { return nil }
        timer.lap("lock")
        defer { timer.lap("compare") }
        // The stored state is read on its own thread while the configuration is read, checked and
        // converted on the others; workspaces converted once it has arrived share its text.
        let backend = run.backend
        // Texts converted before the state arrives are held whole until it does: at most 16 MB of
        // them, then conversion waits (the state is then read on a free core).
        let collector = DesiredStateCollector(secrets: run.secretSource(context), holdingAtMost: 16 << 20)
        let reading = BackgroundTask { () -> Result<State?, StateError> in
            do {
                let state = try backend.read()
                collector.stateArrived(state)
                return .success(state)
            } catch {
                collector.stateUnavailable()
                return .failure(error as? StateError ?? .io(path: backend.location, reason: "\(error)"))
            }
        }
        let loaded = run.load(context: context, sink: collector, digesting: arguments.value("out") != nil)
        timer.lap("load, check and convert (and read state)")
        let state: State?
        switch reading.wait() {
        case let .success(stored):
            state = stored
        case let .failure(error):
            if loaded != nil { context.report(Diagnostics([.error("state.read", error.description)])) }
            run.backend.unlock(lock)
            return nil
        }
        timer.lap("read state (rest)")
        guard let loaded, let desired = run.desired(loaded, early: collector, stored: state, context: context) else {
            run.backend.unlock(lock)
            return nil
        }
        timer.lap("desired state (held manifests)")
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
        return Planned(run: run, loaded: loaded, lock: lock, state: state, plan: plan)
    }
}
