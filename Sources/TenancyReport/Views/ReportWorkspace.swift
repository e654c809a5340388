import TenancyAnswers
import Foundation
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// Builds one workspace's section (`WorkspaceView`) from the answers: the quota check, the bill,
/// the analytics, the applied settings with their sources and rules. Formatting is decided here,
/// once, for both renderers.
struct ReportWorkspace: Sendable {
    let report: ConsoleReport
    let index: ReportIndex
    let settings: ReportSettings
    let rules: RuleFragments
    let workspace: WorkspaceSettings

    private func e(_ text: String) -> String { HTML.escape(text) }
    // (Pass `HTML.escape` where a function is wanted, never `e`: see `settingRows`.)
    private var name: String { workspace.name }

    func view() -> WorkspaceView {
        let facts = index.facts[name]
        // The settings read in place from the stored text (no tree built per workspace).
        let settings = index.resources[name]?.readAttributes(at: ["spec"], stored: { settingRows(spec: $0) },
                                                              tree: { settingRows(spec: $0) }) ?? []
        let status = index.quotaStatus(name)
        let (cards, compliance, usageCaption, usage) = overview()
        let (quotaIntro, quotas) = self.quotas()
        let (analyticsIntro, charts) = analytics()
        return WorkspaceView(
            name: e(name), anchor: HTML.anchor("ws", name), attributes: ConsoleReportHTML.attributes(name, index),
            display: facts?.displayName.map(HTML.escape),
            description: facts?.description.map(HTML.escape),
            template: index.template(name).map { (e($0), HTML.anchor("template", $0)) },
            profiles: index.profiles(name).map { (e($0), HTML.anchor("template", $0)) },
            labels: index.labels(name).sorted(by: { $0.key < $1.key }).map { "\(e($0.key))=\(e($0.value))" },
            status: ConsoleReportHTML.statusClass(status), statusWord: ConsoleReportHTML.statusWord(status),
            cards: cards, compliance: compliance, notifications: notifications(), usageCaption: usageCaption, usage: usage,
            settings: settings, quotaIntro: quotaIntro, quotas: quotas, bill: bill(),
            analyticsIntro: analyticsIntro, charts: charts, weekOverWeek: weekOverWeek())
    }

    // MARK: Overview

    /// "Notifications: 3 delivered, 1 failed; last: …" from the delivery log's recent records.
    private func notifications() -> String? {
        let mine = report.deliveries.filter { $0.workspace == name }
        guard let last = mine.first else { return nil }
        let failed = mine.filter { $0.outcome == .failed || $0.outcome == .refused }.count
        var text = "Notifications: \(mine.filter { $0.outcome == .delivered }.count) delivered"
        if failed > 0 { text += ", <span class=\"status exceeded\">\(failed) failed or refused</span>" }
        text += "; last: \(e(last.name.rawValue)) to \(e(last.integration)), \(e(last.outcome.rawValue)) at \(e(last.time))"
        if last.outcome != .delivered, let reason = last.reason { text += " (\(e(reason)))" }
        return text + "."
    }

    private func overview() -> ([WorkspaceView.Card], [String], String?, [(String, String)]) {
        var cards: [WorkspaceView.Card] = []
        let metrics = index.analytics[name]?.metrics
        let quota = index.quotas[name]
        if let users = quota?.rows.first(where: { $0.measure == .users }) {
            cards.append(.init(title: "Users", value: users.used.map { Format.number($0) } ?? "–", note: "of \(Format.number(users.limit)) allowed"))
        } else if let members = metrics?.members {
            cards.append(.init(title: "Users", value: String(members), note: "no user quota"))
        }
        if let metrics {
            cards.append(.init(title: "Executions", value: metrics.executions.map(Format.grouped) ?? "not measured", note: "in the last \(Format.count(metrics.days, "day")) with records"))
            cards.append(.init(title: "Success rate", value: metrics.successRate.map { Format.fixed($0 * 100, digits: 1) + "%" } ?? "–",
                               note: metrics.failed.map { "\(Format.grouped($0)) failed" } ?? "failures not measured"))
        }
        if let bill = index.bills[name] {
            cards.append(.init(title: "Cost so far", value: "\(e(bill.currency)) \(Currency.text(bill.total, digits: bill.digits))",
                               note: "projected \(e(bill.currency)) \(Currency.text(bill.projectedTotal, digits: bill.digits))"))
        }
        let exceeded = quota?.rows.filter { $0.status == .exceeded }.count ?? 0
        let warning = quota?.rows.filter { $0.status == .warning }.count ?? 0
        cards.append(.init(title: "Quotas", value: quota.map { "\($0.rows.count)" } ?? "0",
                           note: exceeded + warning == 0 ? "none at warning" : "\(exceeded) exceeded, \(warning) at warning"))
        let compliance = (index.compliance[name] ?? []).map { framework in
            "<a href=\"#\(HTML.anchor("framework", framework.id))\">\(e(framework.title))</a>: \(framework.pass) pass, \(framework.fail) fail"
        }
        guard let metrics else { return (cards, compliance, nil, []) }
        let caption = "Usage, " + (report.analytics.map { "\($0.since) to \($0.until)" } ?? "")
        let rows: [(String, String)] = [
            ("Active users a day (average)", metrics.activeUsersPerDay.map { Format.fixed($0, digits: 1) } ?? "–"),
            ("Peak active users", metrics.peakActiveUsers.map(Format.grouped) ?? "not measured"),
            ("New users", metrics.newUsers.map(Format.grouped) ?? "not measured"),
            ("Average session", metrics.averageSessionSeconds.map { Format.fixed($0 / 60, digits: 1) + " min" } ?? "–"),
            ("Workflows", metrics.workflows.map(Format.grouped) ?? "–"),
            ("Storage (last day)", metrics.dataBytes.map { Format.bytes($0) } ?? "–"),
            ("API calls", metrics.apiCalls.map(Format.grouped) ?? "not measured"),
        ]
        return (cards, compliance, caption, rows)
    }

    // MARK: Settings

    private func settingRows<Spec: JSONReading>(spec: Spec?) -> [SettingRow] {
        // Functions passed on are static or capture only what they use: a method of `self`
        // passed as a function copies this whole section builder (and retains all it holds) per row.
        let rules = self.rules
        // One walk over the spec for the four tables.
        let (enforcing, rows) = settings.rows(of: name, spec: spec)
        let fragments = enforcing.map { rules.index($0) }
        return rows.map { row in
            SettingRow(table: row.table, path: Self.breakable(e(row.path)), value: e(row.value),
                       file: row.file.map(HTML.escape), line: row.line, column: row.column, inherited: row.inherited,
                       rules: row.rules.compactMap { fragments[$0] })
        }
    }

    // MARK: Quotas

    private func quotas() -> (String?, [WorkspaceView.Quota]) {
        guard let quota = index.quotas[name], !quota.rows.isEmpty else { return (nil, []) }
        var intro = "Warning at \(Format.number(quota.warningPercent))%\(quota.warningPercentIsDefault ? " (the default)" : " (its quota.warning notification)")"
        intro += quota.lastRecord.map { "; measured on \($0)." } ?? "; no usage records."
        let rows = quota.rows.map { row -> WorkspaceView.Quota in
            let unit = row.measure.unit
            let bar = SVGCharts.barTenths(percent: row.percent, warning: quota.warningPercent)
            return .init(measure: e(row.measure.rawValue), used: row.used.map { QuotaCheckRenderer.amount($0, unit) } ?? "–",
                         limit: QuotaCheckRenderer.amount(row.limit, unit), fill: bar.fill, tick: bar.tick,
                         percentText: row.percent.map { Format.fixed($0, digits: 1) + "%" } ?? "no data",
                         status: ConsoleReportHTML.statusClass(row.status), statusName: row.status.name, reached: QuotaCheckRenderer.reached(row))
        }
        return (intro, rows)
    }

    // MARK: Billing

    private func bill() -> WorkspaceView.Bill? {
        guard let bill = index.bills[name], let statement = report.billing else { return nil }
        let money = { (amount: Decimal) in "\(self.e(bill.currency)) \(Currency.text(amount, digits: bill.digits))" }
        var budget: String?
        if let amount = bill.budget {
            var text = "Budget \(money(amount)) a month\(bill.budgetPercent.map { ", \(Currency.text($0, digits: 1))% spent" } ?? "")."
            if !bill.budgetAlerts.isEmpty {
                text += " Alerts at " + bill.budgetAlerts.map { Format.number($0) + "%" }.joined(separator: ", ") + ": "
                text += bill.thresholdsCrossed.isEmpty ? "none crossed" : "<strong>crossed " + bill.thresholdsCrossed.map { Format.number($0) + "%" }.joined(separator: ", ") + "</strong>"
                if !bill.thresholdsProjected.isEmpty {
                    text += "; projected to cross " + bill.thresholdsProjected.map { Format.number($0) + "%" }.joined(separator: ", ")
                }
                text += "."
            }
            text += bill.overBudget ? " <span class=\"status exceeded\">over budget</span>" : ""
            budget = text
        }
        return .init(period: "\(statement.period) through \(statement.through) (\(statement.daysElapsed) of \(statement.period.days) days)",
                     total: money(bill.total), projected: statement.through < statement.period.last ? money(bill.projectedTotal) : nil,
                     parts: SVGCharts.breakdownParts(bill.lines.map { drawingValue($0.amount) }),
                     lines: bill.lines.map { .init(service: e($0.description), quantity: e(BillingRenderer.quantity($0)),
                                                   price: $0.unitPrice.map { BillingRenderer.price($0) } ?? "", amount: money($0.amount)) },
                     budget: budget, notes: bill.notes.map(HTML.escape))
    }

    // MARK: Analytics

    private func analytics() -> (String?, [WorkspaceView.Chart]) {
        guard let usage = report.usage.workspaces[name], !usage.recent.isEmpty, let last = report.usage.lastDay else { return (nil, []) }
        let first = last.adding(days: -(UsageSummary.recentDays - 1))
        // Each day's record or none, walked beside the days (the recent records are in date
        // order, one a day), not put in a table by day per workspace.
        var records: [UsageRecord?] = []
        records.reserveCapacity(UsageSummary.recentDays)
        var days: [Day] = []
        var next = usage.recent.startIndex
        var day = first
        while day <= last {
            while next < usage.recent.endIndex, usage.recent[next].date < day { next += 1 }
            records.append(next < usage.recent.endIndex && usage.recent[next].date == day ? usage.recent[next] : nil)
            days.append(day)
            day = day.adding(days: 1)
        }
        func series(_ value: (UsageRecord) -> Double?) -> [(day: Day, value: Double?)] {
            zip(days, records).map { ($0, $1.flatMap(value)) }
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
        return ("The \(UsageSummary.recentDays) days to \(last).", charts.map { key, title, points, format in
            SVGCharts.trendView(points, key: key, title: title, format: format)
        })
    }

    private func weekOverWeek() -> [WorkspaceView.Change] {
        (index.analytics[name]?.weekOverWeek ?? []).map { change in
            .init(metric: e(change.metric), this: change.this.map(Self.amount) ?? "–", previous: change.previous.map(Self.amount) ?? "–",
                  change: change.percent.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, digits: 1) + "%" } ?? "–")
        }
    }
}

extension ReportWorkspace {
    /// A setting's path with a line-break opportunity after each dot (`policy.<wbr>mfa`).
    static func breakable(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return path }
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count + 20)
        for unit in path.utf8 {
            out.append(unit)
            if unit == UInt8(ascii: ".") { out.append(contentsOf: "<wbr>".utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A measure's amount: whole numbers grouped, others to one decimal.
    static func amount(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? Format.grouped(Int(value)) : Format.fixed(value, digits: 1)
    }
}

/// A decimal amount as a Double, for drawing only (the amounts shown are the decimals' own text).
func drawingValue(_ value: Decimal) -> Double { (value as NSDecimalNumber).doubleValue }
