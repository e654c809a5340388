import TenancySupport
import TenancyDiagnostics
import TenancyYAML

/// Rules on one workspace's effective settings, and on the sum of all workspaces against the
/// organization's caps.
enum WorkspaceRules {
    /// The longest single execution each fixed tier allows.
    static let tierExecutionLimits: [String: TimeSpan] = [
        "starter": TimeSpan(seconds: 30 * 60),
        "enterprise": TimeSpan(seconds: 4 * 3600),
        "custom": TimeSpan(seconds: 24 * 3600),
    ]

    static func check(_ workspace: Manifest, effective: LayeredNode, into diagnostics: inout Diagnostics) {
        var effective = effective
        effective.inheritedAnchor = workspace.spec?["template"] ?? workspace.nameNode
        checkAllowlist(workspace, effective, &diagnostics)
        checkConnections(workspace, effective, &diagnostics)
        checkTierLimit(workspace, effective, &diagnostics)
        checkRetention(workspace, effective, &diagnostics)
        checkBudgetAlerts(workspace, effective, &diagnostics)
        checkBudgetRoutes(workspace, effective, &diagnostics)
        checkMinorUnits(workspace, effective, &diagnostics)
    }

    /// Prices, caps and budgets are amounts a bill shows: no finer than the currency's minor unit
    /// (USD `100.125` and JPY `1000.50` cannot be charged). Usage unit prices may be finer (up to
    /// the schema's four decimals): a bill's usage line is rounded once, after multiplying.
    private static func checkMinorUnits(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        // A workspace without billing settings (its own or its template's) has nothing to check.
        guard effective.lookup(["billing"]) != nil else { return }
        let currency = effective.lookup(["billing", "currency"])?.node.string ?? "USD"
        let digits = Money.minorUnits(currency)
        for (path, components) in amountPaths {
            // An amount the template gives is checked too, at the template's line: with the
            // workspace's currency it may not be chargeable.
            guard let found = effective.lookup(components), let text = found.node.string, Money(text) != nil else { continue }
            let node = found.node
            let needed = Money.neededDecimals(text)
            guard needed > digits else { continue }
            let unit = digits == 0 ? "has no minor unit" : "has \(digits) decimal\(digits == 1 ? "" : "s") (its minor unit)"
            diagnostics.append(SemanticRules.error(
                .moneyMinorUnit, "`\(text)` has \(needed) decimal\(needed == 1 ? "" : "s"), and \(currency) \(unit)"
                    + (found.own ? "" : " (the workspace's template sets it)"), at: node, in: workspace,
                path: "spec." + path,
                detail: "Prices, overage caps and budgets are charged as written, so they cannot be finer than the currency's smallest unit; usage unit prices (billing.usagePricing) may be, since each usage line is rounded after multiplying.",
                hint: "write it in whole \(digits == 0 ? "units" : "minor units"), for example `\(Self.rounded(text, digits))`"))
        }
    }

    /// The amounts a bill charges as written, with their path's components.
    private static let amountPaths: [(String, [String])] = [
        ("billing.price", ["billing", "price"]), ("billing.overage.cap", ["billing", "overage", "cap"]), ("billing.budget", ["billing", "budget"]),
    ]

    /// `text` cut to `digits` decimals (for a hint).
    private static func rounded(_ text: String, _ digits: Int) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        let fraction = text[text.index(after: dot)...].prefix(digits)
        return fraction.isEmpty ? String(text[..<dot]) : String(text[..<dot]) + "." + fraction
    }

    /// Only values the workspace writes itself are reported at their own line; inherited ones
    /// are the template's business.
    private static func own(_ effective: LayeredNode, _ path: String) -> Node? {
        guard let found = effective.lookup(LayeredNode.components(path)), found.own else { return nil }
        return found.node
    }

    private static func checkAllowlist(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        guard let list = own(effective, "security.ipAllowlist") else { return }
        var networks: [(CIDR, Int, Node)] = []
        for (i, entry) in list.items.enumerated() {
            guard let parsed = entry.withScalarBytes({ CIDR.parse(bytes: $0) }) else { continue }
            var path: String { "spec.security.ipAllowlist[\(i)]" }
            var text: String { entry.string ?? "" }
            switch parsed {
            case let .success(network):
                networks.append((network, i, entry))
            case let .failure(.notCanonical(canonical)):
                diagnostics.append(SemanticRules.error(
                    .invalidCIDR, "`\(text)` has host bits set", at: entry, in: workspace, path: path,
                    detail: "A network's address must end in zero bits after the prefix; `\(text)` is probably meant as \(canonical).",
                    hint: "did you mean `\(canonical)`?"))
            case .failure(.prefixTooLong), .failure(.malformed):
                // The schema's `cidr` pattern says these (so that an editor says them too); only
                // what a pattern cannot tell, the host bits, is this rule's.
                continue
            }
        }
        for (network, i, node) in networks {
            if let (wider, j, _) = networks.first(where: { $0.1 != i && $0.0.contains(network) && $0.0 != network }) {
                diagnostics.append(SemanticRules.warning(
                    .allowlistOverlap, "\(network) lies within \(wider) (entry \(j)); it adds nothing", at: node, in: workspace,
                    path: "spec.security.ipAllowlist[\(i)]", hint: "remove it, or narrow the wider entry"))
            }
        }
    }

    private static func checkConnections(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        guard let users = effective["quotas.users"]?.int, let site = effective.site("quotas.concurrentConnections"),
              let connections = site.value.int, connections < users else { return }
        diagnostics.append(SemanticRules.warning(
            .connectionsBelowUsers, "concurrentConnections (\(connections)\(site.inherited)) is below users (\(users))", at: site.anchor, in: workspace,
            path: "spec.quotas.concurrentConnections",
            detail: "Members signed in at the same time would be refused connections.",
            hint: "allow at least \(users) concurrent connections"))
    }

    private static func checkTierLimit(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        guard let tier = effective["billing.tier"]?.string, let limit = tierExecutionLimits[tier],
              let site = effective.site("quotas.maxExecutionTime"), let text = site.value.string, let value = TimeSpan(text),
              value > limit else { return }
        diagnostics.append(SemanticRules.error(
            .tierLimit, "the \(tier) tier allows executions of at most \(limit); this workspace's maxExecutionTime is \(value)\(site.inherited)",
            at: site.anchor,
            in: workspace, path: "spec.quotas.maxExecutionTime",
            detail: "Limits per tier: starter 30m, enterprise 4h, custom 24h.",
            hint: "lower maxExecutionTime or choose a larger tier"))
    }

    private static func checkRetention(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        guard let site = effective.site("retention.archive.retention"), let text = site.value.string,
              let archive = TimeSpan(text) else { return }
        for field in ["workflowData", "executionLogs", "auditLogs", "userData"] {
            guard let activeText = effective["retention.\(field)"]?.string, let active = TimeSpan(activeText),
                  !archive.isAtLeast(active) else { continue }
            diagnostics.append(SemanticRules.error(
                .retentionOrder, "archives are kept \(archive)\(site.inherited), less than the \(active) retention of \(field)",
                at: site.anchor,
                in: workspace, path: "spec.retention.archive.retention",
                detail: "Data is archived when it leaves active retention; an archive kept for less time than that would be deleted before the data it holds expires.",
                hint: "keep archives at least \(active)"))
            return
        }
    }

    private static func checkBudgetAlerts(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        guard let list = own(effective, "billing.budgetAlerts") else { return }
        var previous: Double?
        for (i, item) in list.items.enumerated() {
            guard let value = item.double else { continue }
            if let previous, value <= previous {
                diagnostics.append(SemanticRules.error(
                    .budgetAlertOrder, "budget alert thresholds must ascend: \(item.string ?? "") follows \(Format.number(previous))",
                    at: item, in: workspace, path: "spec.billing.budgetAlerts[\(i)]", hint: "sort the thresholds, each once"))
                return
            }
            previous = value
        }
    }

    /// A budget notification that can never fire: a `billing.threshold` percent that is not one
    /// of the workspace's `budgetAlerts`, or budget events with no `budget` at all. A warning: the
    /// route is well formed, and nothing will ever be sent through it.
    private static func checkBudgetRoutes(_ workspace: Manifest, _ effective: LayeredNode, _ diagnostics: inout Diagnostics) {
        let routes = effective.lookup(["notifications"])?.node.items ?? []
        let alerts = (effective["billing.budgetAlerts"]?.items ?? []).compactMap(\.double)
        let hasBudget = effective["billing.budget"] != nil
        for (i, route) in routes.enumerated() {
            guard let event = route["event"]?.string, event == "billing.threshold" || event == "billing.over-budget" else { continue }
            if !hasBudget {
                diagnostics.append(SemanticRules.warning(
                    .notificationNeverFires, "`\(event)` never fires: the workspace sets no spec.billing.budget", at: route, in: workspace,
                    path: "spec.notifications[\(i)]", hint: "set spec.billing.budget (and budgetAlerts), or remove the route"))
            } else if event == "billing.threshold", let percent = route["percent"], let value = percent.double, !alerts.contains(value) {
                diagnostics.append(SemanticRules.warning(
                    .notificationNeverFires, "`billing.threshold` at \(Format.number(value))% never fires: it is not one of spec.billing.budgetAlerts (\(alerts.map(Format.number).joined(separator: ", ")))",
                    at: percent, in: workspace, path: "spec.notifications[\(i)].percent",
                    hint: "add \(Format.number(value)) to spec.billing.budgetAlerts, or leave out percent to be told of every alert"))
            }
        }
    }

    /// `tallies`: every workspace's effective quotas, in name order.
    static func checkOrganizationCaps(_ configuration: Configuration, tallies: [QuotaTally], into diagnostics: inout Diagnostics) {
        guard let organization = configuration.organization, let limits = organization.spec?["limits"] else { return }
        if let node = limits["workspaces"], let cap = node.int, tallies.count > cap {
            diagnostics.append(SemanticRules.error(
                .organizationCap, "\(tallies.count) workspaces exceed the organization's limit of \(cap)", at: node,
                in: organization, path: "spec.limits.workspaces", hint: "raise the limit or remove workspaces"))
        }
        if let node = limits["users"], let cap = node.int {
            // Checked: a sum past 2^63 − 1 is over any cap, and must not wrap back under it.
            var total = 0
            var overflow = false
            for tally in tallies {
                let (sum, past) = total.addingReportingOverflow(tally.users ?? 0)
                if past { overflow = true; break }
                total = sum
            }
            if overflow || total > cap {
                let amount = overflow ? "more than \(Int.max)" : "\(total)"
                diagnostics.append(SemanticRules.error(
                    .organizationCap, "the workspaces' quotas.users add up to \(amount), over the organization's limit of \(cap)",
                    at: node, in: organization, path: "spec.limits.users",
                    detail: largest(tallies.compactMap { t in t.users.map { (t.name, Double($0), String($0)) } }),
                    hint: "raise the limit or lower workspace quotas"))
            }
        }
        if let node = limits["storage"], let text = node.string, let cap = ByteSize(text) {
            var total: UInt64 = 0
            var overflow = false
            var parts: [(String, Double, String)] = []
            for tally in tallies {
                guard let size = tally.storage else { continue }
                let (sum, past) = total.addingReportingOverflow(size.bytes)
                overflow = overflow || past
                if !overflow { total = sum }
                parts.append((tally.name, Double(size.bytes), size.description))
            }
            if overflow || total > cap.bytes {
                let amount = overflow ? "more than 16EiB (2^64 − 1 bytes)" : ByteSize(bytes: total).description
                diagnostics.append(SemanticRules.error(
                    .organizationCap, "the workspaces' quotas.storage add up to \(amount), over the organization's limit of \(cap)",
                    at: node, in: organization, path: "spec.limits.storage", detail: largest(parts),
                    hint: "raise the limit or lower workspace quotas"))
            }
        }
    }

    private static func largest(_ parts: [(String, Double, String)]) -> String {
        let top = parts.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0) \($0.2)" }
        return "Largest: " + top.joined(separator: ", ") + (parts.count > 5 ? ", …" : "") + "."
    }
}

