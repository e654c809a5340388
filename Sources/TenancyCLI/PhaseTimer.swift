import Foundation

/// With TENANCY_TIMINGS=1, prints how long each phase of a command took and the peak memory so far
/// (to standard error), so that a slow or large run can be attributed without a profiler. Silent
/// otherwise.
struct PhaseTimer {
    private let enabled: Bool
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = PhaseTimer.cpuSeconds()

    /// User and system time of the whole process, all threads.
    static func cpuSeconds() -> Double {
        let usage = Self.usage()
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func usage() -> rusage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }

    init(environment: [String: String]) {
        enabled = environment["TENANCY_TIMINGS"].map { !$0.isEmpty && $0 != "0" } ?? false
    }

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = Self.cpuSeconds()
        let peak = Double(Self.usage().ru_maxrss) / 1024
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.3f s (cpu %.3f s, peak memory so far %.0f MB)\n",
                                                   phase, Double(now - last) / 1e9, cpu - lastCPU, peak).utf8))
        last = now
        lastCPU = cpu
    }
}
