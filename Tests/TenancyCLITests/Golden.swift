import Foundation
import TenancyTestSupport

/// The CLI tests' golden files live beside them; `Golden` itself (the one check and the one
/// update switch) is the test support module's.
extension Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The plan digest in a comment's marker (`<!-- tenancy-plan digest=… -->`) depends on the
    /// state's random lineage: golden files hold a placeholder.
    static func maskingPlanDigests(_ text: String) -> String {
        text.replacingOccurrences(of: #"digest=[0-9a-f]{64}"#, with: "digest=DIGEST", options: .regularExpression)
    }
}
