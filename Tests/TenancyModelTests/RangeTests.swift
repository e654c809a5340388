import Foundation
import TenancyDiagnostics
import TenancyModel
import XCTest

/// Sums over many workspaces are checked arithmetic: past 2^63 − 1 they are over any cap, never
/// wrapped back under it (which would let the rule pass silently).
final class RangeTests: XCTestCase {
    func configuration(workspaces: Int, users: String, storage: String) -> String {
        var text = """
        apiVersion: tenancy/v1
        kind: Organization
        metadata: {name: acme}
        spec:
          billingContact: billing@example.com
          limits: {users: 5000, storage: 10TiB}

        """
        for i in 0..<workspaces {
            text += "---\napiVersion: tenancy/v1\nkind: Workspace\nmetadata: {name: w\(i)}\nspec: {quotas: {users: \(users), storage: \(storage)}}\n"
        }
        return text
    }

    func testSumsPastTheRangeAreOverTheCapNotWrapped() {
        // 1,025 × (2^53 − 1) > 2^63 − 1; 2 × 16 EiB-ish > 2^64 − 1.
        let yaml = configuration(workspaces: 1025, users: "9007199254740991", storage: "16383PiB")
        let result = ConfigurationLoader().load(sources: [SourceFile(path: "big.yaml", bytes: Data(yaml.utf8))])
        let caps = result.diagnostics.filter { $0.code == .organizationCap }.map(\.summary)
        XCTAssertEqual(caps, [
            "the workspaces' quotas.users add up to more than 9223372036854775807, over the organization's limit of 5000",
            "the workspaces' quotas.storage add up to more than 16EiB (2^64 − 1 bytes), over the organization's limit of 10TiB",
        ])
    }

    func testValuesPastTheirRangeAreErrorsAtTheirLines() {
        let yaml = configuration(workspaces: 1, users: "99999999999999999999", storage: "99999999PiB")
        let result = ConfigurationLoader().load(sources: [SourceFile(path: "big.yaml", bytes: Data(yaml.utf8))])
        let errors = result.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.code.rawValue), ["schema.maximum", "value.invalid"])
        XCTAssertEqual(errors.map { $0.range?.start.line }, [11, 11])
    }
}
