import TenancyAnswers
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// Look-ups the report's sections share, built once: by workspace name, the quota check, the
/// bill, the analytics and the applied attributes; the organization's default template.
struct ReportIndex: Sendable {
    let quotas: [String: QuotaCheck.Workspace]
    let bills: [String: WorkspaceBill]
    let analytics: [String: UsageReport.Workspace]
    /// What the index, the filter and the overview read of each workspace, read in place from
    /// its stored text (no tree held for ten thousand workspaces).
    let facts: [String: Facts]
    /// The workspaces' applied resources, read (in place) when a workspace's section is built.
    let resources: [String: Resource]
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
        var organization: JSON?
        for (address, entry) in report.state.resources where address.kind == .organization {
            if organization == nil || address.name == report.access.organization { organization = entry.resource.attributes["spec"] }
        }
        // The workspaces' stored texts read on all cores (10,000 of them are 25 MB of JSON).
        let workspaces = report.state.resources.filter { $0.key.kind == .workspace }.map { ($0.key.name, $0.value.resource) }
        let read = Parallel.map(workspaces.count, grain: 64) { i in
            workspaces[i].1.readAttributes(at: [], stored: { Facts($0) }, tree: { Facts($0) })
        }
        facts = Dictionary(zip(workspaces.map(\.0), read), uniquingKeysWith: { first, _ in first })
        resources = Dictionary(workspaces, uniquingKeysWith: { first, _ in first })
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

    func template(_ name: String) -> String? { facts[name]?.template ?? defaultTemplate }

    func profiles(_ name: String) -> [String] { facts[name]?.profiles ?? [] }

    func labels(_ name: String) -> [String: String] { facts[name]?.labels ?? [:] }

    /// A workspace's template, profiles, labels, display name and description.
    struct Facts: Sendable {
        var template: String?
        var profiles: [String] = []
        var labels: [String: String] = [:]
        var displayName: String?
        var description: String?

        init<Attributes: JSONReading>(_ attributes: Attributes?) {
            let spec = attributes?["spec"]
            template = spec?["template"]?.stringValue
            profiles = spec?["profiles"]?.arrayValue?.compactMap(\.stringValue) ?? []
            displayName = spec?["displayName"]?.stringValue
            let metadata = attributes?["metadata"]
            description = metadata?["description"]?.stringValue
            labels = metadata?["labels"]?.stringMembers ?? [:]
        }
    }

    func quotaStatus(_ name: String) -> QuotaCheck.Status { quotas[name]?.status ?? .noData }
}
