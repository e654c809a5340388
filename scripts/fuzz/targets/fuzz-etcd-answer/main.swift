// libFuzzer target: bytes as an answer of etcd's gateway (HTTP, JSON, keys and values, the
// records stored in them).
import CFuzzDriver
import Foundation
import TenancyEtcd

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEtcdAnswer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = EtcdAnswerReading.read(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

// The entry point (see scripts/fuzz/run): libFuzzer's driver, with this target's test.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in fuzzEtcdAnswer(data ?? UnsafePointer(bitPattern: 1)!, size) })
