import Foundation
import TenancyEtcdCluster
#if canImport(Glibc)
import Glibc
#endif

/// Plan and apply end to end: the release `tenancy` binary (built next to this benchmark) run as a
/// CI job would run it, on a generated configuration written to a temporary folder. Reports wall
/// time medians and the peak resident memory of the child (its VmHWM, sampled while it runs).
enum PlanApplyBench {
    struct Run {
        let seconds: Double
        let maxResidentKB: Int
        let status: Int32
    }

    static func spawn(_ binary: String, _ arguments: [String], environment: [String: String]) -> Run {
        var pid: pid_t = 0
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, binary, &actions, nil, argv, envp) == 0 else { return Run(seconds: 0, maxResidentKB: 0, status: -1) }
        // The child's peak memory: its VmHWM, sampled every few milliseconds until it exits.
        // (wait4's ru_maxrss would report this benchmark's own size: a child spawned with vfork
        // semantics carries its parent's high-water mark through exec.)
        var status: Int32 = 0
        var peakKB = 0
        while true {
            if let hwm = highWaterMarkKB(pid) { peakKB = max(peakKB, hwm) }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || done < 0 { break }
            usleep(2_000)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Run(seconds: seconds, maxResidentKB: peakKB, status: (status >> 8) & 0xFF)
    }

    /// `VmHWM` of a running process, from /proc/PID/status.
    static func highWaterMarkKB(_ pid: pid_t) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
    }

    static func writeConfiguration(_ folder: String, workspaces: Int, changedBelow: Int) throws {
        let files = 16
        let perFile = (workspaces + files - 1) / files
        for f in 0..<files {
            var text = ""
            for i in (f * perFile)..<min(workspaces, (f + 1) * perFile) {
                var doc = Corpus.workspace(i)
                if i < changedBelow { doc = doc.replacingOccurrences(of: "users: ", with: "users: 1") }
                text += doc
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/workspaces-\(f).yaml"))
        }
        try Data(Corpus.supporting().utf8).write(to: URL(fileURLWithPath: "\(folder)/supporting.yaml"))
    }

    /// A benchmarked command that failed: its timings would mean nothing.
    struct Failed: Error, CustomStringConvertible {
        let name: String
        let status: Int32
        var description: String { "benchmark run `\(name)` exited with \(status): fix the command before reading its times" }
    }

    static func median(_ runs: [Run]) -> Run {
        let sorted = runs.sorted { $0.seconds < $1.seconds }
        return sorted[sorted.count / 2]
    }

    /// The release `tenancy` built beside this benchmark, or nil (saying so under `name`).
    static func binary(for name: String) -> String? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenancy").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("\(name): skipped, build the tenancy binary first (swift build -c release)")
            return nil
        }
        return binary
    }

    /// A fresh temporary folder, and the environment the generated configuration's secrets need.
    static func scratch(_ name: String) throws -> (folder: String, environment: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["SIEM"] = "siem-secret"
        for s in 0..<40 { environment["SLACK_\(s)"] = "slack-secret-\(s)" }
        return (folder, environment)
    }

    static func run(workspaces: Int, repetitions: Int) throws {
        guard let binary = binary(for: "plan/apply") else { return }
        let (folder, environment) = try scratch("tenancy-bench")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let local = try measure(binary, folder: folder, workspaces: workspaces, repetitions: repetitions, environment: environment) { _ in
            try? FileManager.default.removeItem(atPath: folder + "/.tenancy")
        }
        let stateSize = (try? FileManager.default.attributesOfItem(atPath: folder + "/.tenancy/state.json")[.size] as? Int) ?? 0
        try StateBench.run(statePath: folder + "/.tenancy/state.json", repetitions: max(3, repetitions))
        try? FileManager.default.removeItem(atPath: folder + "/.tenancy")
        try writeConfiguration(folder, workspaces: workspaces, changedBelow: 0)
        let validate = (0..<max(1, repetitions)).map { _ in spawn(binary, ["validate", folder], environment: environment) }

        // The same against a single-member etcd on loopback, started here, when etcd is installed.
        var etcd: [(String, [Run])]?
        var etcdNote = "etcd not installed: the etcd column is left out"
        if let cluster = try? EtcdCluster.start(size: 1) {
            defer { cluster.stop() }
            var etcdEnvironment = environment
            etcdEnvironment["TENANCY_ETCD_ENDPOINTS"] = cluster.endpoints.map(\.absoluteString).joined(separator: ",")
            etcd = try measure(binary, folder: folder, workspaces: workspaces, repetitions: repetitions, environment: etcdEnvironment) { repetition in
                // A fresh prefix: an empty state for each all-creates apply.
                let project = """
                apiVersion: tenancy/v1
                kind: Project
                metadata: {name: bench}
                spec:
                  backend: {etcd: {endpoints: [http://127.0.0.1:2379], prefix: /bench/\(repetition)/}}

                """
                try? Data(project.utf8).write(to: URL(fileURLWithPath: folder + "/tenancy.yaml"))
            }
            etcdNote = "etcd \(cluster.version ?? "?") single member on loopback, data in \(FileManager.default.temporaryDirectory.path)"
            try? FileManager.default.removeItem(atPath: folder + "/tenancy.yaml")
        }

        print("")
        print("plan/apply end to end, \(workspaces) workspaces + 500 teams + 42 integrations, state \(String(format: "%.1f", Double(stateSize) / 1e6)) MB (\(etcdNote)):")
        print("| command | local: median | local: peak memory | etcd: median | etcd: peak memory | etcd / local |")
        print("|---|---|---|---|---|---|")
        for (index, (name, runs)) in local.enumerated() {
            let m = median(runs)
            var line = String(format: "| %@ | %.2f s | %.0f MB |", name, m.seconds, Double(m.maxResidentKB) / 1024)
            if let etcd {
                let e = median(etcd[index].1)
                line += String(format: " %.2f s | %.0f MB | %.2f× |", e.seconds, Double(e.maxResidentKB) / 1024, e.seconds / max(m.seconds, 1e-9))
                if e.status != m.status { line += " (exit \(e.status) vs \(m.status))" }
            } else {
                line += " - | - | - |"
            }
            print(line)
        }
        let v = median(validate)
        print(String(format: "| validate (load and checks only) | %.2f s | %.0f MB | - | - | - |", v.seconds, Double(v.maxResidentKB) / 1024))
    }

    /// Apply of all creates (each from an empty state, after `fresh`), no-op plan, plan and apply
    /// with 10% of the workspaces changed (each apply changes them back and forth).
    static func measure(_ binary: String, folder: String, workspaces: Int, repetitions: Int, environment: [String: String],
                        fresh: (Int) -> Void) throws -> [(String, [Run])] {
        let reps = max(1, repetitions)
        try writeConfiguration(folder, workspaces: workspaces, changedBelow: 0)
        var applies: [Run] = []
        for repetition in 0..<reps {
            fresh(repetition)
            applies.append(spawn(binary, ["apply", "--auto-approve", "--dir", folder], environment: environment))
        }
        let noop = (0..<reps).map { _ in spawn(binary, ["plan", "--detailed-exitcode", "--dir", folder], environment: environment) }
        // What CI tools that read plans ask for: every resource's before and after, ~100 MB of JSON.
        let noopJSON = (0..<reps).map { _ in spawn(binary, ["plan", "--format", "json", "--dir", folder], environment: environment) }
        try writeConfiguration(folder, workspaces: workspaces, changedBelow: workspaces / 10)
        let changed = (0..<reps).map { _ in spawn(binary, ["plan", "--detailed-exitcode", "--dir", folder], environment: environment) }
        var changedApplies: [Run] = []
        for repetition in 0..<reps {
            try writeConfiguration(folder, workspaces: workspaces, changedBelow: repetition % 2 == 0 ? workspaces / 10 : 0)
            changedApplies.append(spawn(binary, ["apply", "--auto-approve", "--dir", folder], environment: environment))
        }
        // The pull-request workflow: a saved plan, applied as saved on merge.
        var savedPlans: [Run] = []
        var savedApplies: [Run] = []
        let planFile = folder + "/.tenancy-bench.plan"
        for repetition in 0..<reps {
            try writeConfiguration(folder, workspaces: workspaces, changedBelow: repetition % 2 == 0 ? workspaces / 10 : 0)
            savedPlans.append(spawn(binary, ["plan", "--out", planFile, "--dir", folder], environment: environment))
            savedApplies.append(spawn(binary, ["apply", planFile], environment: environment))
        }
        try? FileManager.default.removeItem(atPath: planFile)
        let rows: [(String, [Run])] = [("apply --auto-approve (all creates)", applies), ("plan, no changes", noop),
                ("plan --format json, no changes", noopJSON),
                ("plan, 10% of workspaces changed", changed), ("apply, 10% of workspaces changed", changedApplies),
                ("plan --out FILE, 10% changed", savedPlans), ("apply FILE (that plan)", savedApplies)]
        // 0 success, 2 changes present (`plan --detailed-exitcode`); anything else is a failure.
        for (name, runs) in rows {
            if let failed = runs.first(where: { $0.status != 0 && $0.status != 2 }) { throw Failed(name: name, status: failed.status) }
        }
        return rows
    }
}
