import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plan and apply end to end: the release `tenancy` binary (built next to this benchmark) run as a
/// CI job would run it, on a generated configuration written to a temporary folder. Reports wall
/// time medians and the peak resident memory of the child.
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
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Run(seconds: seconds, maxResidentKB: usage.ru_maxrss, status: (status >> 8) & 0xFF)
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

    static func median(_ runs: [Run]) -> Run {
        let sorted = runs.sorted { $0.seconds < $1.seconds }
        return sorted[sorted.count / 2]
    }

    static func run(workspaces: Int, repetitions: Int) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenancy").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("plan/apply: skipped, build the tenancy binary first (swift build -c release)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["SIEM"] = "siem-secret"
        for s in 0..<40 { environment["SLACK_\(s)"] = "slack-secret-\(s)" }
        try writeConfiguration(folder, workspaces: workspaces, changedBelow: 0)

        var applies: [Run] = []
        for _ in 0..<max(1, repetitions) {
            try? FileManager.default.removeItem(atPath: folder + "/.tenancy")
            applies.append(spawn(binary, ["apply", "--auto-approve", folder], environment: environment))
        }
        let stateSize = (try? FileManager.default.attributesOfItem(atPath: folder + "/.tenancy/state.json")[.size] as? Int) ?? 0
        let noop = (0..<max(1, repetitions)).map { _ in spawn(binary, ["plan", "--detailed-exitcode", folder], environment: environment) }
        try writeConfiguration(folder, workspaces: workspaces, changedBelow: workspaces / 10)
        let changed = (0..<max(1, repetitions)).map { _ in spawn(binary, ["plan", "--detailed-exitcode", folder], environment: environment) }
        let validate = (0..<max(1, repetitions)).map { _ in spawn(binary, ["validate", folder], environment: environment) }

        print("")
        print("plan/apply end to end, \(workspaces) workspaces + 500 teams + 42 integrations, state \(String(format: "%.1f", Double(stateSize) / 1e6)) MB:")
        print("| command | median | peak memory | exit |")
        print("|---|---|---|---|")
        for (name, runs) in [("apply --auto-approve (all creates)", applies), ("plan, no changes", noop),
                             ("plan, 10% of workspaces changed", changed), ("validate (load and checks only)", validate)] {
            let m = median(runs)
            print(String(format: "| %@ | %.2f s | %.0f MB | %d |", name, m.seconds, Double(m.maxResidentKB) / 1024, m.status))
        }
    }
}
