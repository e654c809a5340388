import Foundation
import TenancySupport

/// With TENANCY_TIMINGS=1, prints how long each phase of a command took and the peak memory so far
/// (to standard error), so that a slow or large run can be attributed without a profiler. Silent
/// otherwise. The engine reports each phase's end (`RunEnvironment.phaseEnded`); commands add their
/// own (rendering).
final class PhaseTimer: Sendable {
    private let enabled: Bool
    private let last = Locked((wall: DispatchTime.now().uptimeNanoseconds, cpu: PhaseTimer.cpuSeconds()))

    init(environment: [String: String]) {
        enabled = environment["TENANCY_TIMINGS"].map { !$0.isEmpty && $0 != "0" } ?? false
    }

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

    func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = Self.cpuSeconds()
        let peak = Double(Self.usage().ru_maxrss) / 1024
        let before = last.withLock { last in
            defer { last = (now, cpu) }
            return last
        }
        let line = "timing: \(phase) \(Format.fixed(Double(now - before.wall) / 1e9, digits: 3)) s "
            + "(cpu \(Format.fixed(cpu - before.cpu, digits: 3)) s, peak memory so far \(Format.fixed(peak, digits: 0)) MB)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
