import TenancyEngine
import TenancyModel

/// Look-ups the report's sections share, built once: by workspace name, the quota check, the
/// bill, the analytics and the applied attributes; the organization's default template.
struct ReportIndex {
    let quotas: [String: QuotaCheck.Workspace]
    let bills: [String: WorkspaceBill]
    let analytics: [String: UsageReport.Workspace]
    let attributes: [String: JSON]
    let defaultTemplate: String?
    let organizationSpec: JSON?

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
    }

    func spec(_ name: String) -> JSON? { attributes[name]?["spec"] }

    func template(_ name: String) -> String? { spec(name)?["template"]?.stringValue ?? defaultTemplate }

    func profiles(_ name: String) -> [String] { spec(name)?["profiles"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    func labels(_ name: String) -> [String: String] {
        (attributes[name]?["metadata"]?["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    func quotaStatus(_ name: String) -> QuotaCheck.Status { quotas[name]?.status ?? .noData }
}
