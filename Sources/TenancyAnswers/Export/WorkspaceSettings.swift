import Foundation
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// The settings of one applied workspace that the runtime answers need, typed, read from the
/// stored state's canonical attributes (template defaults already merged in by the plan that
/// applied them). Read leniently: a state Tenancy wrote always has these shapes; a value of
/// another shape (a state pushed by hand) is treated as not set rather than trapping.
package struct WorkspaceSettings: Sendable, Equatable {
    package let name: String
    /// Limits by quota; only the quotas the workspace sets.
    package var quotas: [QuotaMeasure: Double] = [:]
    /// The lowest `quota.warning` notification percent, if the workspace has one.
    package var quotaWarningPercent: Double?
    package var billing = BillingSettings()
    /// `spec.notifications`: which events go to which integration.
    package var notifications: [NotificationRoute] = []

    /// The warning level when a workspace names none (docs/quotas.md).
    package static let defaultWarningPercent = 80.0

    package init(name: String) { self.name = name }

    package init(name: String, attributes: JSON) {
        self.init(name: name, spec: attributes["spec"])
    }

    /// Each quota's path within `spec.quotas` (`apiRate.perMinute`: two keys), split once.
    static let quotaPaths = QuotaMeasure.allCases.map { ($0, $0.rawValue.split(separator: ".").map(String.init)) }

    /// From `spec`, a tree or stored text read in place (the rest of a workspace's settings are
    /// passed over, not parsed).
    package init<Spec: JSONReading>(name: String, spec: Spec?) {
        self.name = name
        if let quotas = spec?["quotas"] {
            for (measure, path) in Self.quotaPaths {
                var value: Spec? = quotas
                for key in path { value = value?[key] }
                if let limit = value.flatMap({ Self.amount($0, unit: measure.unit) }) { self.quotas[measure] = limit }
            }
        }
        notifications = NotificationRoute.list(spec?["notifications"])
        for route in notifications where route.event == "quota.warning" {
            guard let percent = route.percent else { continue }
            quotaWarningPercent = min(quotaWarningPercent ?? percent, percent)
        }
        billing = BillingSettings(spec?["billing"])
    }

    /// The warning level that applies: the workspace's, else the default.
    package var warningPercent: Double { quotaWarningPercent ?? Self.defaultWarningPercent }

    /// A quota's limit in the unit usage is measured in (a count, bytes, seconds).
    static func amount(_ value: some JSONReading, unit: QuotaMeasure.Unit) -> Double? {
        switch unit {
        case .count: return value.numberText.flatMap { Double($0) }
        case .bytes: return value.stringValue.flatMap(ByteSize.init).map { Double($0.bytes) }
        case .seconds: return value.stringValue.flatMap(TimeSpan.init).map { Double($0.seconds) }
        }
    }

    /// The workspaces of `state`, by name: their stored texts read in place on all cores (a state
    /// of 10,000 workspaces holds about 25 MB of them), nothing built but the settings.
    package static func all(in state: State) -> [String: WorkspaceSettings] {
        let workspaces = state.resources.filter { $0.key.kind == .workspace }.map { (name: $0.key.name, resource: $0.value.resource) }
        let parsed = Parallel.map(workspaces.count, grain: 64) { i in
            let name = workspaces[i].name
            return workspaces[i].resource.readAttributes(at: ["spec"], stored: { WorkspaceSettings(name: name, spec: $0) },
                                                         tree: { WorkspaceSettings(name: name, spec: $0) })
        }
        return Dictionary(parsed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// `spec.billing` as applied.
package struct BillingSettings: Sendable, Equatable {
    package enum Tier: String, Sendable { case starter, enterprise, custom }

    /// Nil when the workspace names no tier (it is then billed nothing: docs/billing.md).
    package var tier: Tier?
    /// A custom tier's monthly price.
    package var price: Money?
    package var currency = "USD"
    package var perExecution: Money?
    package var perGiBMonth: Money?
    package var perThousandApiCalls: Money?
    package var overageAllowed = false
    package var overageCap: Money?
    /// The monthly amount `budgetAlerts` percentages refer to.
    package var budget: Money?
    package var budgetAlerts: [Double] = []

    package init() {}

    init<Value: JSONReading>(_ json: Value?) {
        guard let json else { return }
        tier = json["tier"]?.stringValue.flatMap(Tier.init(rawValue:))
        price = Self.money(json["price"])
        if let currency = json["currency"]?.stringValue { self.currency = currency }
        let pricing = json["usagePricing"]
        perExecution = Self.money(pricing?["perExecution"])
        perGiBMonth = Self.money(pricing?["perGiBMonth"])
        perThousandApiCalls = Self.money(pricing?["perThousandApiCalls"])
        overageAllowed = json["overage"]?["allowed"]?.boolValue ?? false
        overageCap = Self.money(json["overage"]?["cap"])
        budget = Self.money(json["budget"])
        budgetAlerts = (json["budgetAlerts"]?.arrayValue ?? []).compactMap { $0.numberText.flatMap { Double($0) } }.sorted()
    }

    static func money(_ json: (some JSONReading)?) -> Money? { json?.stringValue.flatMap(Money.init) }
}

/// One entry of a `notifications` list (a workspace's, or the organization's): an event routed to
/// an integration, with the percentage where the event takes one.
package struct NotificationRoute: Sendable, Equatable, Hashable {
    package let event: String
    package let integration: String
    package let percent: Double?

    package init(event: String, integration: String, percent: Double?) {
        self.event = event
        self.integration = integration
        self.percent = percent
    }

    /// The routes of a `notifications` list as stored; entries of another shape are passed over.
    package static func list<Node: JSONReading>(_ node: Node?) -> [NotificationRoute] {
        (node?.arrayValue ?? []).compactMap { entry in
            guard let event = entry["event"]?.stringValue, let integration = entry["integration"]?.stringValue else { return nil }
            return NotificationRoute(event: event, integration: integration, percent: entry["percent"]?.numberText.flatMap { Double($0) })
        }
    }
}
