// libFuzzer target: bytes as a manifest file, through everything a plan does with one: the YAML
// loader, the schema, the semantic and template rules (held and streaming), the desired state,
// the planner, a saved plan written and read back, and the diagnostics rendered as text and JSON.
import Foundation
import TenancyDiagnostics
import CFuzzDriver
import TenancyEngine
import TenancyModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(path: "fuzz.yaml", bytes: bytes)
    let held = ConfigurationLoader().load(sources: [source])
    let streamed = ConfigurationLoader().load(sources: [SourceFile(path: "fuzz.yaml", bytes: bytes)], streaming: true)
    // The two ways of loading find the same problems.
    if held.diagnostics.items.map(\.code) != streamed.diagnostics.items.map(\.code) {
        fatalError("held and streaming loads disagree: \(held.diagnostics.items.map(\.code)) vs \(streamed.diagnostics.items.map(\.code))")
    }
    _ = TextDiagnosticRenderer(useColor: false).render(held.diagnostics, sources: held.sources)
    _ = JSONDiagnosticRenderer().render(held.diagnostics, sources: held.sources)
    guard !held.diagnostics.hasErrors else { return 0 }
    let secrets = SecretSource(environment: [:], root: URL(fileURLWithPath: "/nonexistent-fuzz-root"))
    let (desired, problems) = DesiredState.build(held.configuration, secrets: secrets)
    guard !problems.hasErrors else { return 0 }
    let (plan, _) = Planner().plan(desired: desired, state: nil)
    let file = PlanFile(plan: plan, configurationDigest: "fuzz", configurationRoot: ".")
    var written: [UInt8] = []
    file.write { (piece: UnsafeRawBufferPointer) in written.append(contentsOf: piece) }
    guard let read = try? PlanFile(bytes: written) else { fatalError("a saved plan Tenancy wrote does not read back") }
    if read.plan.changes.count != plan.changes.count { fatalError("a saved plan read back has other changes") }
    let state = Applier.apply(plan, to: nil)
    guard (try? StateFile.read(StateFile.bytes(of: state), path: "fuzz-state.json")) != nil else {
        fatalError("a state Tenancy wrote does not read back")
    }
    _ = PlanTextRenderer(useColor: false).text(plan)
    return 0
}

// The entry point (see scripts/fuzz/run): libFuzzer's driver, with this target's test.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in fuzzConfiguration(data ?? UnsafePointer(bitPattern: 1)!, size) })
