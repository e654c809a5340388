// libFuzzer target: bytes as each of the files Tenancy reads back — a state file, a saved plan
// (for showing and for applying), an audit log's lines, a lock file — and as JSON.
import CFuzzDriver
import Foundation
import TenancyEngine
import TenancyJSON
import TenancySupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? JSONParser.parse(bytes)
    if let state = try? StateFile.read(bytes, path: "fuzz-state.json") {
        // What was read writes again, and reads back the same.
        guard let again = try? StateFile.read(StateFile.bytes(of: state), path: "fuzz-state.json"), again == state else {
            fatalError("a state read, written and read again differs")
        }
    }
    // A changed plan file is refused by its digest before it is parsed: parse the input as it
    // is, and again with its digest made to match, so that the parser behind the check is fuzzed.
    for candidate in [bytes, redigested(bytes)].compactMap({ $0 }) {
        if let plan = try? PlanFile(bytes: candidate) {
            _ = PlanTextRenderer(useColor: false).text(plan.plan)
            _ = PlanMarkdownRenderer().render(plan.plan)
            PlanJSONRenderer().write(plan.plan) { (_: UnsafeRawBufferPointer) in }
        }
        _ = try? PlanFile(bytes: candidate, forApplying: true)
    }
    for line in bytes.split(separator: UInt8(ascii: "\n")) { _ = AuditRecord(bytes: Array(line)) }
    _ = AuditRecord(bytes: bytes)
    _ = LockInfo(bytes: bytes)
    return 0
}

/// The input with its `plan_digest` replaced by the digest of the input with it left empty (nil
/// when it has no such member).
func redigested(_ bytes: [UInt8]) -> [UInt8]? {
    let marker = Array("\n  \"plan_digest\": \"".utf8)
    guard let at = bytes.lastRange(of: marker), bytes.count >= at.upperBound + 65 else { return nil }
    var blank = bytes
    blank.removeSubrange(at.upperBound..<(at.upperBound + 64))
    var hasher = SHA256()
    hasher.update(blank)
    blank.insert(contentsOf: Array(SHA256.hexString(hasher.finalize()).utf8), at: at.upperBound)
    return blank
}

// The entry point (see scripts/fuzz/run): libFuzzer's driver, with this target's test.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in fuzzFormats(data ?? UnsafePointer(bitPattern: 1)!, size) })
