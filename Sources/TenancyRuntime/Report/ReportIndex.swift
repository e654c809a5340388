import TenancyEngine
import TenancyModel

/// Look-ups the report's sections share, built once: by workspace name, the quota check, the
/// bill, the analytics and the applied attributes; the organization's default template.
struct ReportIndex: Sendable {
    let quotas: [String: QuotaCheck.Workspace]
    let bills: [String: WorkspaceBill]
    let analytics: [String: UsageReport.Workspace]
    let attributes: [String: JSON]
    let defaultTemplate: String?
    let organizationSpec: JSON?
    /// Every framework control that lists a rule, by the rule's qualified id.
    let controls: [String: [(framework: String, control: String)]]
    /// Per workspace, each framework in whose scope it is: how many of its controls pass and fail.
    let compliance: [String: [(id: String, title: String, pass: Int, fail: Int)]]

    init(_ report: ConsoleReport) {
        quotas = Dictionary(report.quotas.workspaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        bills = Dictionary((report.billing?.bills ?? []).map { ($0.workspace, $0) }, uniquingKeysWith: { first, _ in first })
        analytics = Dictionary((report.analytics?.workspaces ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var attributes: [String: JSON] = [:]
        var organization: JSON?
        for (address, entry) in report.state.resources {
            if address.kind == .workspace { attributes[address.name] = entry.resource.attributes }
            if address.kind == .organization, organization == nil || address.name == report.access.organization {
                organization = entry.resource.attributes["spec"]
            }
        }
        self.attributes = attributes
        organizationSpec = organization
        defaultTemplate = organization?["defaultTemplate"]?.stringValue
        var controls: [String: [(framework: String, control: String)]] = [:]
        var compliance: [String: [(id: String, title: String, pass: Int, fail: Int)]] = [:]
        for framework in report.compliance.frameworks {
            for result in framework.controls {
                for rule in result.control.rules { controls[rule, default: []].append((framework.framework.id, result.control.id)) }
            }
            var counts: [String: (pass: Int, fail: Int)] = [:]
            for control in framework.controls {
                for finding in control.findings {
                    if finding.status == .pass { counts[finding.workspace, default: (0, 0)].pass += 1 }
                    if finding.status == .fail { counts[finding.workspace, default: (0, 0)].fail += 1 }
                }
            }
            for workspace in framework.workspaces {
                let count = counts[workspace] ?? (0, 0)
                compliance[workspace, default: []].append((framework.framework.id, framework.framework.title, count.pass, count.fail))
            }
        }
        self.controls = controls
        self.compliance = compliance
    }

    func spec(_ name: String) -> JSON? { attributes[name]?["spec"] }

    func template(_ name: String) -> String? { spec(name)?["template"]?.stringValue ?? defaultTemplate }

    func profiles(_ name: String) -> [String] { spec(name)?["profiles"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    func labels(_ name: String) -> [String: String] {
        (attributes[name]?["metadata"]?["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    func quotaStatus(_ name: String) -> QuotaCheck.Status { quotas[name]?.status ?? .noData }
}
