/// The tables a workspace's applied settings are shown in, in tab order, each with the `spec`
/// keys it shows. The page's script gets the numbers and captions from here (`TABLE_…`,
/// `CAPTIONS`, written into the embedded script by EmbeddedReportAssetsTests).
enum SettingTable: Int, CaseIterable, Sendable {
    case policies, quotas, security, billing

    /// The `spec` keys whose settings this table shows.
    var specKeys: Set<String> {
        switch self {
        case .policies: ["policy", "retention", "gdpr", "usageTracking", "notifications", "plugins", "workflowTemplates", "integrations", "dataResidency"]
        case .quotas: ["quotas"]
        case .security: ["security"]
        case .billing: ["billing"]
        }
    }

    var caption: String {
        switch self {
        case .policies: "Policies, retention and integrations as applied"
        case .quotas: "Where the quotas are written"
        case .security: "Security as applied: allowlist, geographic rules, TLS, encryption, VPN, rate limits"
        case .billing: "Billing settings as applied"
        }
    }

    /// The table of a `spec` key; nil for keys no table shows.
    static func of(_ key: String) -> SettingTable? { allCases.first { $0.specKeys.contains(key) } }
}

/// One applied setting of a workspace: where it is written and what enforces it. The same
/// record as read from the applied state (`ReportSettings`, raw text) and as the page shows it
/// (`ReportWorkspace`, escaped for HTML).
struct SettingRow: Sendable {
    let table: SettingTable
    /// `policy.mfa.required` (under `spec`).
    let path: String
    let value: String
    /// The file it is written in (`workspaces/engineering.yaml`, or its template's file when
    /// `inherited`), its line and column; nil when the checkout does not have it.
    let file: String?
    let line: Int
    let column: Int
    let inherited: Bool
    /// The rules that enforce it: places in the rule list `ReportSettings.rows` returns beside
    /// the rows (a rule copied once a workspace, not once a row), then, in a view, indexes into
    /// the page's rule fragments.
    let rules: [Int]
}
