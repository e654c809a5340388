import Foundation
import TenancyCLI
#if canImport(Glibc)
import Glibc

// A run builds large trees, frees them and builds others, then exits. glibc's defaults give freed
// memory back to the kernel and serve big arrays with fresh mappings, so the next allocation
// faults every page in again: at 100,000 workspaces a third of the run went to page faults. Keep
// freed memory for reuse instead (the process is short-lived). mallopt(3) is declared in
// <malloc.h>, which Swift's Glibc module leaves out: look it up by name.
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3 // M_* in <malloc.h>
    _ = mallopt(trimThreshold, Int32.max)
    _ = mallopt(topPad, 64 << 20)
    _ = mallopt(mmapThreshold, Int32.max)
}
#endif

let code = Tenancy.run(Array(CommandLine.arguments.dropFirst()),
                       environment: ProcessInfo.processInfo.environment,
                       console: StandardConsole())
exit(code.rawValue)
