// libFuzzer target: bytes as a usage export (docs/usage-format.md). Each line's fast decoder
// (straight from the bytes) must agree with the general one (through the JSON tree) whenever it
// decodes at all; the reader must read the same records on one core as on two; and every answer
// made from what it read (quota check, usage report, the bill) comes out without trapping.
import CFuzzDriver
import Foundation
import TenancyAnswers
import TenancyJSON

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-usage-\(getpid())")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let file = folder.appendingPathComponent("usage.jsonl").path
let known: Set<String> = ["a", "b", "payments", "engineering"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUsage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
        let text = Array(line)
        let fast = text.withUnsafeBufferPointer { UsageLineDecoding.decode($0) }
        guard let fast else { continue }
        guard let tree = try? JSONParser.parse(text), let general = UsageDecoding.decode(tree) else {
            fatalError("the fast decoder read a record the general one refuses: \(String(decoding: text, as: UTF8.self))")
        }
        guard general == fast else {
            fatalError("the two decoders disagree on \(String(decoding: text, as: UTF8.self))")
        }
    }
    guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { return 0 }
    var one = UsageSummary(keepsTotals: true)
    let single = UsageReader(workspaces: known).read(file) { one.add($0) }
    let (split, parts) = UsageReader(workspaces: known).read(file, shares: 2, sink: { UsageSummary(keepsTotals: true) }, add: { $0.add($1) })
    guard single.records == split.records, single.diagnostics.count == split.diagnostics.count else {
        fatalError("one core read \(single.records) records and \(single.diagnostics.count) problems, two read \(split.records) and \(split.diagnostics.count)")
    }
    guard !single.diagnostics.hasErrors, let last = one.lastDay else { return 0 }
    var two = UsageSummary(keepsTotals: true)
    for part in parts { two.merge(part) }
    let settings = known.sorted().map { WorkspaceSettings(name: $0) }
    _ = QuotaCheck(settings: settings, usage: one)
    _ = UsageReport(known.sorted(), usage: one, since: last.adding(days: -29), until: last)
    let timeline = BillingTimeline(current: Dictionary(uniqueKeysWithValues: settings.map { ($0.name, $0) }), serial: 1)
    _ = BillingCalculator(period: last.month, through: last, timeline: timeline).statement(settings, usage: two, organization: nil)
    return 0
}

// The entry point (see scripts/fuzz/run): libFuzzer's driver, with this target's test.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in fuzzUsage(data ?? UnsafePointer(bitPattern: 1)!, size) })
