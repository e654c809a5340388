import Foundation
import TenancyEngine
import TenancyModel
import TenancySupport

/// One workspace's section, with the console's tabs: Overview, Policies, Quotas, Security,
/// Billing, Analytics. Without the page's script every tab's panel is shown in order (and so
/// printed and read); with it, one at a time.
struct ReportWorkspace: Sendable {
    let report: ConsoleReport
    let index: ReportIndex
    let settings: ReportSettings
    let workspace: WorkspaceSettings

    static let tabs = [("overview", "Overview"), ("policies", "Policies"), ("quotas", "Quotas"), ("security", "Security"),
                       ("billing", "Billing"), ("analytics", "Analytics")]

    private func e(_ text: String) -> String { HTML.escape(text) }
    private var name: String { workspace.name }
    private var anchor: String { HTML.anchor("ws", name) }

    func render() -> String {
        let attributes = index.attributes[name]
        let display = index.spec(name)?["displayName"]?.stringValue
        var out = "<article class=\"ws\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\"\(ConsoleReportHTML.attributes(name, index))>\n"
        out += "<h3 id=\"\(anchor)-h\">\(e(name))\(display.map { " <span class=\"sub\">\(e($0))</span>" } ?? "")</h3>\n"
        if let description = attributes?["metadata"]?["description"]?.stringValue { out += "<p class=\"description\">\(e(description))</p>\n" }
        out += "<p class=\"badges\">"
        if let template = index.template(name) {
            out += "<a class=\"badge\" href=\"#\(HTML.anchor("template", template))\">template \(e(template))</a> "
        }
        for profile in index.profiles(name) { out += "<a class=\"badge\" href=\"#\(HTML.anchor("template", profile))\">profile \(e(profile))</a> " }
        for (key, value) in index.labels(name).sorted(by: { $0.key < $1.key }) { out += "<span class=\"badge label\">\(e(key))=\(e(value))</span> " }
        let status = index.quotaStatus(name)
        out += "<span class=\"status \(ConsoleReportHTML.statusClass(status))\">\(ConsoleReportHTML.statusWord(status))</span></p>\n"
        out += "<div class=\"tabs\" role=\"tablist\" aria-label=\"\(e(name)) settings\">"
        for (i, (id, title)) in Self.tabs.enumerated() {
            out += "<button type=\"button\" role=\"tab\" id=\"\(anchor)-tab-\(id)\" aria-controls=\"\(anchor)-\(id)\" aria-selected=\"\(i == 0)\"\(i == 0 ? "" : " tabindex=\"-1\"")>\(title)</button>"
        }
        out += "</div>\n"
        out += panel("overview", overview())
        out += panel("policies", policies())
        out += panel("quotas", quotas())
        out += panel("security", security())
        out += panel("billing", billing())
        out += panel("analytics", analytics())
        return out + "</article>\n"
    }

    private func panel(_ id: String, _ body: String) -> String {
        let title = Self.tabs.first { $0.0 == id }?.1 ?? id
        return "<section class=\"panel\" role=\"tabpanel\" id=\"\(anchor)-\(id)\" aria-labelledby=\"\(anchor)-tab-\(id)\">\n"
            + "<h4>\(title)</h4>\n" + body + "</section>\n"
    }

    // MARK: Overview

    private func overview() -> String {
        var cards: [(String, String, String)] = []
        let metrics = index.analytics[name]?.metrics
        let quota = index.quotas[name]
        if let users = quota?.rows.first(where: { $0.measure == .users }) {
            cards.append(("Users", users.used.map { Format.number($0) } ?? "–", "of \(Format.number(users.limit)) allowed"))
        } else if let members = metrics?.members {
            cards.append(("Users", String(members), "no user quota"))
        }
        if let metrics {
            cards.append(("Executions", Format.grouped(metrics.executions), "in the last \(Format.count(metrics.days, "day")) with records"))
            cards.append(("Success rate", metrics.successRate.map { Format.fixed($0 * 100, digits: 1) + "%" } ?? "–", "\(Format.grouped(metrics.failed)) failed"))
        }
        if let bill = index.bills[name] {
            cards.append(("Cost so far", "\(e(bill.currency)) \(Currency.text(bill.total, digits: bill.digits))",
                          "projected \(e(bill.currency)) \(Currency.text(bill.projectedTotal, digits: bill.digits))"))
        }
        let exceeded = quota?.rows.filter { $0.status == .exceeded }.count ?? 0
        let warning = quota?.rows.filter { $0.status == .warning }.count ?? 0
        cards.append(("Quotas", quota.map { "\($0.rows.count)" } ?? "0", exceeded + warning == 0 ? "none at warning" : "\(exceeded) exceeded, \(warning) at warning"))
        let compliance = (index.compliance[name] ?? []).map { framework in
            "<a href=\"#\(HTML.anchor("framework", framework.id))\">\(e(framework.title))</a>: \(framework.pass) pass, \(framework.fail) fail"
        }
        var out = "<ul class=\"cards\">\n"
        for (title, value, note) in cards {
            out += "<li class=\"card\"><span class=\"card-title\">\(title)</span> <span class=\"card-value\">\(value)</span> <span class=\"card-note\">\(note)</span></li>\n"
        }
        out += "</ul>\n"
        if !compliance.isEmpty { out += "<p>Compliance: " + compliance.joined(separator: "; ") + ".</p>\n" }
        if let metrics {
            out += "<table class=\"kv\"><caption>Usage, \(report.analytics.map { "\($0.since) to \($0.until)" } ?? "")</caption><tbody>\n"
            let rows: [(String, String)] = [
                ("Active users a day (average)", metrics.activeUsersPerDay.map { Format.fixed($0, digits: 1) } ?? "–"),
                ("Peak active users", Format.grouped(metrics.peakActiveUsers)),
                ("New users", Format.grouped(metrics.newUsers)),
                ("Average session", metrics.averageSessionSeconds.map { Format.fixed($0 / 60, digits: 1) + " min" } ?? "–"),
                ("Workflows", metrics.workflows.map(Format.grouped) ?? "–"),
                ("Storage (last day)", metrics.dataBytes.map { Format.bytes($0) } ?? "–"),
                ("API calls", Format.grouped(metrics.apiCalls)),
            ]
            for (label, value) in rows { out += "<tr><th scope=\"row\">\(label)</th><td>\(value)</td></tr>\n" }
            out += "</tbody></table>\n"
        } else {
            out += "<p class=\"note\">No usage records for this workspace.</p>\n"
        }
        return out
    }

    // MARK: Settings tabs

    private func settingsTable(_ keys: Set<String>, caption: String) -> String {
        let rows = settings.rows(of: name, spec: index.spec(name), keys: keys)
        guard !rows.isEmpty else { return "<p class=\"note\">None set.</p>\n" }
        var out = "<table class=\"settings\"><caption>\(caption)</caption>\n<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\">Value</th><th scope=\"col\">Written at</th><th scope=\"col\">Enforced by</th></tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr\(row.inherited ? " class=\"inherited\"" : "")><th scope=\"row\"><code>\(e(row.path).replacingOccurrences(of: ".", with: ".<wbr>"))</code></th><td>\(e(row.value))</td>"
            out += "<td>\(row.source.map { e($0) } ?? "<span class=\"note\">not in the checkout</span>")</td><td>"
            out += row.rules.map(rule).joined(separator: "<br>")
            out += "</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// A rule that enforces a setting: its id (linking to its template), what it requires, the
    /// control it cites, and the framework controls that list it.
    private func rule(_ rule: TemplateRule) -> String {
        var out = "<a href=\"#\(HTML.anchor("rule", rule.template, rule.id))\"><code>\(e(rule.qualifiedID))</code></a> "
        out += "\(e(rule.requirement))"
        out += rule.enforcement == .advisory ? " (advisory)" : ""
        out += " · <cite>\(e(rule.source))</cite>"
        for (framework, control) in settings.controls[rule.qualifiedID] ?? [] {
            out += " · <a href=\"#\(HTML.anchor("control", framework, control))\">\(e(framework)) \(e(control))</a>"
        }
        return out
    }

    private func policies() -> String {
        settingsTable(["policy", "retention", "gdpr", "usageTracking", "notifications", "plugins", "workflowTemplates", "integrations", "dataResidency"],
                      caption: "Policies, retention and integrations as applied")
    }

    private func security() -> String {
        settingsTable(["security"], caption: "Security as applied: allowlist, geographic rules, TLS, encryption, VPN, rate limits")
    }

    // MARK: Quotas

    private func quotas() -> String {
        guard let quota = index.quotas[name], !quota.rows.isEmpty else { return "<p class=\"note\">This workspace sets no quotas.</p>\n" }
        var out = "<p>Warning at \(Format.number(quota.warningPercent))%\(quota.warningPercentIsDefault ? " (the default)" : " (its quota.warning notification)")"
        out += quota.lastRecord.map { "; measured on \($0)." } ?? "; no usage records.</p>\n"
        if quota.lastRecord != nil { out += "</p>\n" }
        out += "<table class=\"quotas\"><caption>Quotas against use</caption>\n<thead><tr><th scope=\"col\">Quota</th><th scope=\"col\">Used</th><th scope=\"col\">Limit</th><th scope=\"col\">Use</th><th scope=\"col\">Status</th><th scope=\"col\">Reached at this rate</th></tr></thead>\n<tbody>\n"
        for row in quota.rows {
            let unit = row.measure.unit
            let percent = row.percent.map { Format.fixed($0, digits: 1) + "%" } ?? "no data"
            let status = statusClass(row.status)
            let label = "\(row.measure.rawValue): \(percent) of the limit, \(row.status.name)"
            out += "<tr class=\"\(status)\"><th scope=\"row\"><code>\(e(row.measure.rawValue))</code></th>"
            out += "<td>\(row.used.map { QuotaCheckRenderer.amount($0, unit) } ?? "–")</td><td>\(QuotaCheckRenderer.amount(row.limit, unit))</td>"
            out += "<td>\(SVGCharts.quotaBar(percent: row.percent, warning: quota.warningPercent, status: status, label: label)) \(percent)</td>"
            out += "<td><span class=\"status \(status)\">\(row.status.name)</span></td><td>\(QuotaCheckRenderer.reached(row))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        return out + settingsTable(["quotas"], caption: "Where the quotas are written")
    }

    private func statusClass(_ status: QuotaCheck.Status) -> String { ConsoleReportHTML.statusClass(status) }

    // MARK: Billing

    private func billing() -> String {
        var out = ""
        if let bill = index.bills[name], let statement = report.billing {
            let money = { (amount: Decimal) in "\(self.e(bill.currency)) \(Currency.text(amount, digits: bill.digits))" }
            out += "<p>\(statement.period) through \(statement.through) (\(statement.daysElapsed) of \(statement.period.days) days): <strong>\(money(bill.total))</strong> so far"
            out += statement.through < statement.period.last ? ", <strong>\(money(bill.projectedTotal))</strong> projected for the month.</p>\n" : ".</p>\n"
            let parts = bill.lines.map { (label: "\($0.description): \(money($0.amount))", amount: drawingValue($0.amount)) }
            out += SVGCharts.breakdown(parts, title: "Cost so far by service: " + bill.lines.map { "\($0.description) \(money($0.amount))" }.joined(separator: ", "),
                                       id: "\(anchor)-cost")
            out += "<table class=\"bill\"><caption>Cost by service</caption>\n<thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Quantity</th><th scope=\"col\">Unit price</th><th scope=\"col\">Amount</th></tr></thead>\n<tbody>\n"
            for (i, line) in bill.lines.enumerated() {
                out += "<tr><th scope=\"row\"><span class=\"swatch p\(i % 6)\" aria-hidden=\"true\"></span>\(e(line.description))</th><td>\(e(BillingRenderer.quantity(line)))</td>"
                out += "<td>\(line.unitPrice.map { BillingRenderer.price($0) } ?? "")</td><td>\(money(line.amount))</td></tr>\n"
            }
            out += "</tbody><tfoot><tr><th scope=\"row\">Total</th><td></td><td></td><td>\(money(bill.total))</td></tr></tfoot></table>\n"
            if let budget = bill.budget {
                out += "<p>Budget \(money(budget)) a month\(bill.budgetPercent.map { ", \(Currency.text($0, digits: 1))% spent" } ?? "")."
                if !bill.budgetAlerts.isEmpty {
                    out += " Alerts at " + bill.budgetAlerts.map { Format.number($0) + "%" }.joined(separator: ", ") + ": "
                    out += bill.thresholdsCrossed.isEmpty ? "none crossed" : "<strong>crossed " + bill.thresholdsCrossed.map { Format.number($0) + "%" }.joined(separator: ", ") + "</strong>"
                    if !bill.thresholdsProjected.isEmpty {
                        out += "; projected to cross " + bill.thresholdsProjected.map { Format.number($0) + "%" }.joined(separator: ", ")
                    }
                    out += "."
                }
                out += bill.overBudget ? " <span class=\"status exceeded\">over budget</span>" : ""
                out += "</p>\n"
            }
            for note in bill.notes { out += "<p class=\"note\">\(e(note))</p>\n" }
        } else {
            out += "<p class=\"note\">No usage records: nothing billed yet.</p>\n"
        }
        return out + settingsTable(["billing"], caption: "Billing settings as applied")
    }

    // MARK: Analytics

    private func analytics() -> String {
        guard let usage = report.usage.workspaces[name], !usage.recent.isEmpty, let last = report.usage.lastDay else {
            return "<p class=\"note\">No usage records for this workspace.</p>\n"
        }
        let first = last.adding(days: -(UsageSummary.recentDays - 1))
        var byDay: [Day: UsageRecord] = [:]
        for record in usage.recent where record.date >= first { byDay[record.date] = record }
        var days: [Day] = []
        var day = first
        while day <= last { days.append(day); day = day.adding(days: 1) }
        func series(_ value: (UsageRecord) -> Double?) -> [(day: Day, value: Double?)] {
            days.map { ($0, byDay[$0].flatMap(value)) }
        }
        let charts: [(String, String, [(day: Day, value: Double?)], (Double) -> String)] = [
            ("users", "Active users a day", series { $0.activeUsers.map(Double.init) }, { Format.number($0) }),
            ("executions", "Executions a day", series { $0.executions.map(Double.init) }, { Format.grouped(Int($0)) }),
            ("success", "Success rate a day", series { record in
                guard let total = record.executions, total > 0, let ok = record.succeeded else { return nil }
                return Double(ok) / Double(total) * 100
            }, { Format.fixed($0, digits: 1) + "%" }),
            ("storage", "Storage at the end of each day", series { $0.dataBytes.map(Double.init) }, { Format.bytes(Int($0)) }),
            ("api", "API calls a day", series { $0.apiCalls.map(Double.init) }, { Format.grouped(Int($0)) }),
        ]
        var out = "<p>The \(UsageSummary.recentDays) days to \(last).</p>\n<div class=\"charts\">\n"
        for (id, title, points, format) in charts {
            out += "<figure>" + SVGCharts.trend(points, title: title, id: "\(anchor)-\(id)", format: format)
                + "<figcaption>\(title)</figcaption></figure>\n"
        }
        out += "</div>\n"
        if let changes = index.analytics[name]?.weekOverWeek, !changes.isEmpty {
            out += "<table class=\"wow\"><caption>Week over week</caption>\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">This week</th><th scope=\"col\">The week before</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
            for change in changes {
                out += "<tr><th scope=\"row\">\(e(change.metric))</th><td>\(Self.amount(change.this))</td><td>\(Self.amount(change.previous))</td>"
                out += "<td>\(change.percent.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, digits: 1) + "%" } ?? "–")</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }
}

extension ReportWorkspace {
    /// A measure's amount: whole numbers grouped, others to one decimal.
    static func amount(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? Format.grouped(Int(value)) : Format.fixed(value, digits: 1)
    }
}

/// A decimal amount as a Double, for drawing only (the amounts shown are the decimals' own text).
func drawingValue(_ value: Decimal) -> Double { (value as NSDecimalNumber).doubleValue }
