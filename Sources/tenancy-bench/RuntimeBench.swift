import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The runtime answers end to end (issue 12): the release `tenancy` binary's `quota check`,
/// `billing` and `usage report` over a generated usage export of every workspace of an applied
/// configuration, one record per workspace and day, beside the physical limit of the same bytes
/// (reading them and finding their lines). Run again with twice the days to show that memory does
/// not grow with the number of records.
enum RuntimeBench {
    /// One record a day per workspace, in date order, as the platform exports it.
    static func writeUsage(_ path: String, workspaces: Int, days: Int, month: (year: Int, month: Int) = (2026, 10)) throws {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        var start = DateComponents()
        start.year = month.year
        start.month = month.month
        start.day = 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let first = calendar.date(from: start) ?? Date()
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        for day in 0..<days {
            let date = formatter.string(from: first.addingTimeInterval(Double(day) * 86_400))
            var chunk = ""
            chunk.reserveCapacity(workspaces * 420)
            for i in 0..<workspaces {
                let users = 40 + i % 400 + day / 3
                let executions = 8_000 + (i * 7 % 80_000) + day * 50
                chunk += "{\"date\":\"\(date)\",\"workspace\":\"workspace-\(i)\",\"users\":{\"total\":\(users),\"active\":\(users * 3 / 4),\"new\":\(day % 3),\"peakConcurrent\":\(users * 2),\"sessions\":\(users),\"sessionSeconds\":\(users * 1800)},"
                chunk += "\"workflows\":{\"count\":\(150 + i % 700)},\"executions\":{\"total\":\(executions),\"succeeded\":\(executions - executions / 100),\"failed\":\(executions / 100),\"durationSeconds\":\(executions * 30),\"maxDurationSeconds\":\(600 + i % 3000)},"
                chunk += "\"storage\":{\"dataBytes\":\((80 + i % 900) << 30),\"archiveBytes\":\((1 + i % 8) << 40)},\"compute\":{\"cpuUnitSeconds\":\(executions * 4),\"peakCpuUnits\":\(6 + i % 56),\"peakMemoryBytes\":\((12 + i % 110) << 30)},"
                chunk += "\"api\":{\"calls\":\(executions * 5),\"peakPerMinute\":\(300 + i % 900)}}\n"
            }
            handle.write(Data(chunk.utf8))
        }
    }

    /// Reading the bytes and finding every line: what no reader of the file can beat.
    static func physicalLimit(_ path: String) -> (seconds: Double, lines: Int) {
        let start = DispatchTime.now().uptimeNanoseconds
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return (0, 0) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4 << 20)
        var lines = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            buffer.withUnsafeBytes { raw in
                var p = raw.baseAddress
                var left = n
                while left > 0, let base = p, let hit = memchr(base, 0x0A, left) {
                    lines += 1
                    let used = UnsafeRawPointer(hit) - base + 1
                    left -= used
                    p = UnsafeRawPointer(hit + 1)
                }
            }
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, lines)
    }

    static func run(workspaces: Int, repetitions: Int) throws {
        guard let binary = PlanApplyBench.binary(for: "runtime") else { return }
        let (folder, environment) = try PlanApplyBench.scratch("tenancy-bench-runtime")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try PlanApplyBench.writeConfiguration(folder, workspaces: workspaces, changedBelow: 0)
        let applied = PlanApplyBench.spawn(binary, ["apply", "--auto-approve", "--dir", folder], environment: environment)
        guard applied.status == 0 else { throw PlanApplyBench.Failed(name: "apply", status: applied.status) }
        let usageFolder = folder + "/usage-data"
        try FileManager.default.createDirectory(atPath: usageFolder, withIntermediateDirectories: true)
        let reps = max(1, repetitions)
        print("")
        print("runtime answers, \(workspaces) workspaces applied (local state), usage one record per workspace and day:")
        print("| usage | command | median | peak memory | vs reading the bytes |")
        print("|---|---|---|---|---|")
        for (label, days) in [("31 days", 31), ("62 days", 62)] {
            let file = usageFolder + "/usage-\(days).jsonl"
            // Two months: October then November (31 + 31 days would cross into December).
            try writeUsage(file, workspaces: workspaces, days: min(days, 31), month: (2026, 10))
            if days > 31 {
                let november = usageFolder + "/usage-\(days)-b.jsonl"
                try writeUsage(november, workspaces: workspaces, days: days - 31, month: (2026, 11))
                // Appended, so that one file holds both months in date order.
                if let out = FileHandle(forWritingAtPath: file), let more = FileManager.default.contents(atPath: november) {
                    out.seekToEndOfFile()
                    out.write(more)
                    try? out.close()
                }
                try? FileManager.default.removeItem(atPath: november)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let limits = (0..<reps).map { _ in physicalLimit(file) }.sorted { $0.seconds < $1.seconds }
            let limit = limits[limits.count / 2]
            print(String(format: "| %@: %d records, %.0f MB | read and split lines (in process) | %.3f s | - | 1.00× |",
                         label, limit.lines, Double(size) / 1e6, limit.seconds))
            var medians: [String: Double] = [:]
            for (name, arguments) in [("quota check", ["quota", "check"]), ("billing", ["billing"]), ("usage report", ["usage", "report"])] {
                let runs = (0..<reps).map { _ in
                    PlanApplyBench.spawn(binary, arguments + ["--usage", file, "--dir", folder, "--format", "json"], environment: environment)
                }
                // 0 ok, 3 a warning, 4 exceeded: answers; anything else is a failure.
                if let failed = runs.first(where: { ![0, 3, 4].contains($0.status) }) { throw PlanApplyBench.Failed(name: name, status: failed.status) }
                let m = PlanApplyBench.median(runs)
                medians[name] = m.seconds
                print(String(format: "| %@ | %@ | %.3f s | %.0f MB | %.1f× |", label, name, m.seconds, Double(m.maxResidentKB) / 1024,
                             m.seconds / max(limit.seconds, 1e-9)))
            }
            guard days == 31 else { continue }
            // The console report over all of them, written to a file (issue 15: under 3 s and 30 MB).
            let page = folder + "/report.html"
            let reports = (0..<reps).map { _ in
                PlanApplyBench.spawn(binary, ["report", "--usage", file, "--dir", folder, "--out", page], environment: environment)
            }
            if let failed = reports.first(where: { $0.status != 0 }) { throw PlanApplyBench.Failed(name: "report", status: failed.status) }
            let report = PlanApplyBench.median(reports)
            let pageSize = (try? FileManager.default.attributesOfItem(atPath: page)[.size] as? Int) ?? 0
            print(String(format: "| %@ | report (HTML, %.1f MB) | %.3f s | %.0f MB | %.1f× |", label, Double(pageSize) / 1e6, report.seconds,
                         Double(report.maxResidentKB) / 1024, report.seconds / max(limit.seconds, 1e-9)))
            // A plan with 10% of the workspaces changed, without and with the usage's impact.
            try PlanApplyBench.writeConfiguration(folder, workspaces: workspaces, changedBelow: workspaces / 10)
            let plain = PlanApplyBench.median((0..<reps).map { _ in
                PlanApplyBench.spawn(binary, ["plan", "--dir", folder], environment: environment)
            })
            let withUsage = PlanApplyBench.median((0..<reps).map { _ in
                PlanApplyBench.spawn(binary, ["plan", "--dir", folder, "--usage", file], environment: environment)
            })
            guard plain.status == 0, withUsage.status == 0 else { throw PlanApplyBench.Failed(name: "plan --usage", status: withUsage.status) }
            print(String(format: "| %@ | plan, 10%% changed | %.3f s | %.0f MB | - |", label, plain.seconds, Double(plain.maxResidentKB) / 1024))
            print(String(format: "| %@ | plan --usage, 10%% changed | %.3f s | %.0f MB | %.2f× the plain plan |", label, withUsage.seconds,
                         Double(withUsage.maxResidentKB) / 1024, withUsage.seconds / max(plain.seconds, 1e-9)))
            try PlanApplyBench.writeConfiguration(folder, workspaces: workspaces, changedBelow: 0)
            // Notifications over the same configuration and usage (issue 25).
            try NotifyBench.run(binary: binary, folder: folder, usage: file, environment: environment, repetitions: reps,
                                answers: (medians["quota check"] ?? 0, medians["billing"] ?? 0))
        }
    }
}
