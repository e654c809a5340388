import Foundation
import TenancyEngine
import TenancyModel
import TenancySupport

/// The settings of one applied workspace that the runtime answers need, typed, read from the
/// stored state's canonical attributes (template defaults already merged in by the plan that
/// applied them). Read leniently: a state Tenancy wrote always has these shapes; a value of
/// another shape (a state pushed by hand) is treated as not set rather than trapping.
public struct WorkspaceSettings: Sendable, Equatable {
    public let name: String
    /// Limits by quota; only the quotas the workspace sets.
    public var quotas: [QuotaMeasure: Double] = [:]
    /// The lowest `quota.warning` notification percent, if the workspace has one.
    public var quotaWarningPercent: Double?
    public var billing = BillingSettings()

    /// The warning level when a workspace names none (docs/quotas.md).
    public static let defaultWarningPercent = 80.0

    public init(name: String) { self.name = name }

    public init(name: String, attributes: JSON) {
        self.init(name: name, spec: attributes["spec"])
    }

    /// The members of `spec` it reads: the rest of a workspace's settings are not parsed.
    static let specMembers: Set<String> = ["quotas", "notifications", "billing"]

    /// From `spec` (or just its `specMembers`).
    public init(name: String, spec: JSON?) {
        self.name = name
        if let quotas = spec?["quotas"] {
            for measure in QuotaMeasure.allCases {
                var value: JSON? = quotas
                for key in measure.rawValue.split(separator: ".") { value = value?[String(key)] }
                if let limit = value.flatMap({ Self.amount($0, unit: measure.unit) }) { self.quotas[measure] = limit }
            }
        }
        for notification in spec?["notifications"]?.arrayValue ?? [] where notification["event"]?.stringValue == "quota.warning" {
            guard case let .number(text)? = notification["percent"], let percent = Double(text) else { continue }
            quotaWarningPercent = min(quotaWarningPercent ?? percent, percent)
        }
        billing = BillingSettings(spec?["billing"])
    }

    /// The warning level that applies: the workspace's, else the default.
    public var warningPercent: Double { quotaWarningPercent ?? Self.defaultWarningPercent }

    /// A quota's limit in the unit usage is measured in (a count, bytes, seconds).
    static func amount(_ value: JSON, unit: QuotaMeasure.Unit) -> Double? {
        switch (unit, value) {
        case let (.count, .number(text)): return Double(text)
        case let (.bytes, .string(text)): return ByteSize(text).map { Double($0.bytes) }
        case let (.seconds, .string(text)): return TimeSpan(text).map { Double($0.seconds) }
        default: return nil
        }
    }

    /// The workspaces of `state`, by name: their stored texts parsed on all cores (a state of
    /// 10,000 workspaces holds about 40 MB of them).
    public static func all(in state: State) -> [String: WorkspaceSettings] {
        let workspaces = state.resources.filter { $0.key.kind == .workspace }.map { (name: $0.key.name, resource: $0.value.resource) }
        let parsed = Parallel.map(workspaces.count, grain: 64) { i in
            WorkspaceSettings(name: workspaces[i].name, spec: .object(workspaces[i].resource.attributes(at: ["spec"], only: specMembers)))
        }
        return Dictionary(parsed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// `spec.billing` as applied.
public struct BillingSettings: Sendable, Equatable {
    public enum Tier: String, Sendable { case starter, enterprise, custom }

    /// Nil when the workspace names no tier (it is then billed nothing: docs/billing.md).
    public var tier: Tier?
    /// A custom tier's monthly price.
    public var price: Money?
    public var currency = "USD"
    public var perExecution: Money?
    public var perGiBMonth: Money?
    public var perThousandApiCalls: Money?
    public var overageAllowed = false
    public var overageCap: Money?
    /// The monthly amount `budgetAlerts` percentages refer to.
    public var budget: Money?
    public var budgetAlerts: [Double] = []

    public init() {}

    init(_ json: JSON?) {
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
        budgetAlerts = (json["budgetAlerts"]?.arrayValue ?? []).compactMap {
            if case let .number(text) = $0 { return Double(text) }
            return nil
        }.sorted()
    }

    static func money(_ json: JSON?) -> Money? { json?.stringValue.flatMap(Money.init) }
}
