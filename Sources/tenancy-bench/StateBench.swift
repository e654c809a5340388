import TenancySupport
import Foundation
import TenancyEngine
import TenancyModel

/// Reading and writing the state file in process, beside the limit they are measured against:
/// reading the same bytes with nothing else done, and writing them (temporary file, fsync, rename)
/// without producing them.
enum StateBench {
    static func run(statePath: String, repetitions: Int) throws {
        let size = (try FileManager.default.attributesOfItem(atPath: statePath)[.size] as? Int) ?? 0
        let backend = LocalBackend(statePath: statePath)
        guard let state = try backend.read() else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-state-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let target = LocalBackend(statePath: scratch.appendingPathComponent("state.json").path, keepVersions: 1)
        let bytes = StateFile.bytes(of: state)
        var problem: Error?
        var written = state
        var expected: (lineage: String, serial: Int)?
        let rows = [
            Measurement.run("read the file's bytes (the limit)", repetitions: repetitions) {
                _ = try? FileIO.read(statePath)
            },
            Measurement.run("read and decode (`LocalBackend.read`)", repetitions: repetitions) {
                do { _ = try backend.read() } catch { problem = error }
            },
            Measurement.run("SHA-256 of the bytes (the etcd backend's chunk digests, one core)", repetitions: repetitions) {
                _ = SHA256.hex(bytes)
            },
            Measurement.run("write the same bytes (temporary file, fsync, rename)", repetitions: repetitions) {
                do { try FileIO.atomicWrite(bytes, to: scratch.appendingPathComponent("raw.json").path) } catch { problem = error }
            },
            Measurement.run("encode and write (`LocalBackend.write`: backup, history link, fsync, rename)", repetitions: repetitions) {
                do {
                    written.serial += 1
                    try target.write(written, expecting: expected)
                    expected = (written.lineage, written.serial)
                } catch { problem = error }
            },
        ]
        if let problem { throw problem }
        print("")
        print("state file read and write, \(state.resources.count) resources, \(String(format: "%.1f", Double(size) / 1e6)) MB, in process:")
        print("| measurement | median | throughput |")
        print("|---|---|---|")
        for row in rows {
            print(String(format: "| %@ | %.1f ms | %.0f MB/s |", row.name, row.median * 1000, Double(size) / 1e6 / row.median))
        }
    }
}
