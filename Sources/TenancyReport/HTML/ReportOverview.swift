import TenancyAnswers
import Foundation
import TenancyEngine
import TenancyModel
import TenancyNotify
import TenancySupport

/// The organization's overview: workspaces by template and profile, members, quotas summed
/// against the organization's caps, cost this period and projected, the compliance score per
/// framework, and the pending plan's summary.
struct ReportOverview {
    let report: ConsoleReport
    let index: ReportIndex

    private func e(_ text: String) -> String { HTML.escape(text) }

    func render() -> String {
        var out = "<section id=\"overview\" aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\">Organization overview</h2>\n"
        out += cards()
        out += templates()
        out += caps()
        out += compliance()
        out += notifications()
        if let plan = report.plan {
            var line = "<a href=\"#plan\">Pending plan</a>: \(e(plan.summary))"
            if let impact = report.planImpact {
                let breaches = impact.workspaces.reduce(0) { $0 + $1.breaches.count }
                if breaches > 0 { line += " <span class=\"status exceeded\">\(Format.count(breaches, "quota")) below current use</span>" }
            }
            if report.planStaleness != nil { line += " <span class=\"status exceeded\">stale</span>" }
            out += "<p class=\"plan-summary\">\(line)</p>\n"
        }
        return out + "</section>\n"
    }

    /// Recent deliveries and what failed (`tenancy notify log` has them all).
    private func notifications() -> String {
        var out = "<h3>Notifications</h3>\n"
        let recent = report.deliveries
        guard !recent.isEmpty else { return out + "<p class=\"note\">Nothing has been sent (the delivery log is empty).</p>\n" }
        let failed = recent.filter { $0.outcome == .failed || $0.outcome == .refused }
        out += "<p>The last \(Format.count(recent.count, "delivery", plural: "deliveries")): \(recent.filter { $0.outcome == .delivered }.count) delivered, "
            + "\(recent.filter { $0.outcome == .failed }.count) failed, \(recent.filter { $0.outcome == .refused }.count) refused, "
            + "\(recent.filter { $0.outcome == .pending }.count) pending.</p>\n"
        let shown = Array((failed + recent.filter { $0.outcome == .delivered }).prefix(10))
        out += "<table tabindex=\"0\"><caption>Recent deliveries, failures first</caption>\n<thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Outcome</th>"
            + "<th scope=\"col\">Integration</th><th scope=\"col\">Event</th><th scope=\"col\">Workspace</th><th scope=\"col\">Answer</th></tr></thead>\n<tbody>\n"
        for record in shown {
            let status = record.outcome == .delivered ? "ok" : "exceeded"
            let answer = [record.status.map(String.init), record.reason].compactMap { $0 }.joined(separator: ": ")
            out += "<tr><td>\(e(record.time))</td><td><span class=\"status \(status)\">\(e(record.outcome.rawValue))</span></td>"
                + "<td>\(e(record.integration))</td><td><code>\(e(record.name.rawValue))</code> \(e(record.title))</td>"
                + "<td>\(e(record.workspace ?? "–"))</td><td>\(e(answer.isEmpty ? "–" : answer))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    private func cards() -> String {
        let people = report.access.people.count
        let accounts = report.access.serviceAccounts.count
        let exceeded = report.quotas.workspaces.filter { $0.status == .exceeded }.count
        let warning = report.quotas.workspaces.filter { $0.status == .warning }.count
        var cards: [(String, String, String)] = [
            ("Workspaces", Format.grouped(report.workspaces.count), "\(exceeded) over a quota, \(warning) at a warning"),
            ("Members", Format.grouped(people), "\(Format.count(report.access.teams.count, "team")), \(Format.count(accounts, "service account"))"),
        ]
        if let billing = report.billing {
            for total in billing.totals {
                cards.append(("Cost \(billing.period) so far", "\(e(total.currency)) \(Currency.text(total.total, digits: total.digits))",
                              "projected \(e(total.currency)) \(Currency.text(total.projected, digits: total.digits)) · through \(billing.through)"))
            }
        } else {
            cards.append(("Cost", "–", "no usage given"))
        }
        var out = "<ul class=\"cards\">\n"
        for (title, value, note) in cards {
            out += "<li class=\"card\"><span class=\"card-title\">\(title)</span> <span class=\"card-value\">\(value)</span> <span class=\"card-note\">\(note)</span></li>\n"
        }
        return out + "</ul>\n"
    }

    /// Workspaces by template, and by profile.
    private func templates() -> String {
        var byTemplate: [String: [String]] = [:]
        var byProfile: [String: [String]] = [:]
        for workspace in report.workspaces {
            byTemplate[index.template(workspace.name) ?? "(none)", default: []].append(workspace.name)
            for profile in index.profiles(workspace.name) { byProfile[profile, default: []].append(workspace.name) }
        }
        var out = "<table tabindex=\"0\" class=\"by-template\"><caption>Workspaces by template and profile</caption>\n<thead><tr><th scope=\"col\">Template or profile</th><th scope=\"col\">Workspaces</th><th scope=\"col\">Names</th></tr></thead>\n<tbody>\n"
        for (kind, groups) in [("template", byTemplate), ("profile", byProfile)] {
            for key in groups.keys.sorted() {
                let names = groups[key] ?? []
                let shown = names.prefix(12).map { "<a href=\"#\(HTML.anchor("ws", $0))\">\(e($0))</a>" }.joined(separator: ", ")
                out += "<tr><th scope=\"row\">\(kind) <a href=\"#\(HTML.anchor("template", key))\">\(e(key))</a></th><td>\(Format.grouped(names.count))</td>"
                out += "<td>\(shown)\(names.count > 12 ? " and \(Format.grouped(names.count - 12)) more" : "")</td></tr>\n"
            }
        }
        return out + "</tbody></table>\n"
    }

    /// The organization's caps (`spec.limits`) against the workspaces' quotas summed and their use.
    private func caps() -> String {
        guard let limits = index.organizationSpec?["limits"]?.objectValue, !limits.isEmpty else {
            return "<p class=\"note\">The organization sets no limits.</p>\n"
        }
        var out = "<table tabindex=\"0\" class=\"caps\"><caption>Quotas summed against the organization's limits</caption>\n<thead><tr><th scope=\"col\">Limit</th><th scope=\"col\">Organization</th><th scope=\"col\">Workspaces' quotas summed</th><th scope=\"col\">Used (last day)</th><th scope=\"col\">Use of the limit</th></tr></thead>\n<tbody>\n"
        for key in limits.keys.sorted() {
            guard let value = limits[key] else { continue }
            let measure = QuotaMeasure(rawValue: key)
            let cap: Double?
            switch value {
            case let .string(text): cap = ByteSize(text).map { Double($0.bytes) } ?? Double(text)
            default: cap = value.intValue.map(Double.init) ?? Double(value.compactText())
            }
            let unit = measure?.unit ?? .count
            let show = { (amount: Double) in QuotaCheckRenderer.amount(amount, unit) }
            var summed: Double?
            var used: Double?
            if key == "workspaces" {
                summed = nil
                used = Double(report.workspaces.count)
            } else if let measure {
                summed = report.workspaces.compactMap { $0.quotas[measure] }.reduce(0, +)
                let rows = report.quotas.workspaces.compactMap { workspace in workspace.rows.first { $0.measure == measure } }
                used = rows.contains { $0.used != nil } ? rows.compactMap(\.used).reduce(0, +) : nil
            }
            let percent = cap.flatMap { cap in used.map { cap > 0 ? $0 / cap * 100 : 0 } }
            let status = percent.map { $0 > 100 ? "exceeded" : $0 >= 80 ? "warning" : "ok" } ?? "none"
            out += "<tr><th scope=\"row\"><code>\(e(key))</code></th><td>\(cap.map(show) ?? e(value.compactText()))</td>"
            out += "<td>\(summed.map(show) ?? "–")\(summed.flatMap { s in cap.map { s > $0 ? " <span class=\"status warning\">oversubscribed</span>" : "" } } ?? "")</td>"
            out += "<td>\(used.map(show) ?? "–")</td>"
            out += "<td>\(SVGCharts.quotaBar(percent: percent, warning: 80, status: status, label: e("\(key): \(percent.map { Format.fixed($0, digits: 1) + "%" } ?? "no data") of the organization's limit"))) \(percent.map { Format.fixed($0, digits: 1) + "%" } ?? "–")</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    private func compliance() -> String {
        guard !report.compliance.frameworks.isEmpty else { return "" }
        var out = "<table tabindex=\"0\" class=\"scores\"><caption>Compliance score per framework</caption>\n<thead><tr><th scope=\"col\">Framework</th><th scope=\"col\">Workspaces in scope</th><th scope=\"col\">Score</th><th scope=\"col\">Pass</th><th scope=\"col\">Fail</th><th scope=\"col\">Manual</th></tr></thead>\n<tbody>\n"
        for result in report.compliance.frameworks {
            let framework = result.framework
            out += "<tr><th scope=\"row\"><a href=\"#\(HTML.anchor("framework", framework.id))\">\(e(framework.title))</a></th>"
            out += "<td>\(result.workspaces.count)</td><td>\(result.scoreText)</td><td>\(result.count(.pass))</td>"
            out += "<td>\(result.count(.fail) > 0 ? "<span class=\"status exceeded\">\(result.count(.fail))</span>" : "0")</td><td>\(result.count(.manual))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }
}
