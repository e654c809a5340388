import TenancyAnswers
import Foundation
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyYAML

/// The report's sections beside the workspaces: access (who may do what in each workspace),
/// the template browser, compliance per framework and control, and the pending plan.
struct ReportCatalog {
    let report: ConsoleReport
    let index: ReportIndex
    /// Sections kept in `<template>`s until needed (a large organization).
    let lazy: Bool

    private func e(_ text: String) -> String { HTML.escape(text) }

    /// How many failing workspaces a control lists by name before counting the rest.
    static let namedFindings = 20
    /// How many changes of a pending plan are shown in full before counting the rest.
    static let shownChanges = 400

    // MARK: Access

    func access() -> String {
        var out = "<section id=\"access\" aria-labelledby=\"access-h\">\n<h2 id=\"access-h\">Access</h2>\n"
        out += "<p>Who may do what in each workspace, as applied: teams' grants through their roles, and service accounts. "
        out += "Cells: r read · w write · d delete · x run · a approve · c cancel · m manage. `tenancy access check --explain` shows the chain and the policy conditions (approvals, MFA).</p>\n"
        guard !lazy else {
            // A large organization: each matrix is rendered from the page's data when shown.
            for (i, workspace) in report.workspaces.enumerated() {
                out += "<div class=\"slot\" id=\"\(HTML.anchor("access", workspace.name))\" data-a=\"\(i)\"></div>\n"
            }
            return out + "</section>\n"
        }
        let matrices = AccessMatrix.byWorkspace(in: report.access)
        for workspace in report.workspaces {
            let matrix = matrices[workspace.name] ?? .empty
            let anchor = HTML.anchor("access", workspace.name)
            var table = "<table tabindex=\"0\" class=\"matrix\" id=\"\(anchor)\"\(ConsoleReportHTML.attributes(workspace.name, index))><caption>Access to <a href=\"#\(HTML.anchor("ws", workspace.name))\">\(e(workspace.name))</a></caption>\n"
            table += "<thead><tr><th scope=\"col\">Who</th>" + Permissions.areas.map { "<th scope=\"col\">\($0.area)</th>" }.joined() + "<th scope=\"col\">Via</th></tr></thead>\n<tbody>\n"
            if matrix.rows.isEmpty { table += "<tr><td colspan=\"\(Permissions.areas.count + 2)\">nobody: no grant or service account reaches it</td></tr>\n" }
            for row in matrix.rows {
                table += "<tr><th scope=\"row\">\(e(row.label))\(row.isServiceAccount ? " <span class=\"badge\">service account</span>" : "")</th>"
                table += Permissions.areas.map { "<td>\(AccessMatrix.cell(row.permissions, area: $0.permissions))</td>" }.joined()
                table += "<td>\(e(row.via.joined(separator: ", ")))</td></tr>\n"
            }
            table += "</tbody></table>\n"
            out += table
        }
        return out + "</section>\n"
    }

    // MARK: Templates

    func templates() -> String {
        var usedBy: [String: [String]] = [:]
        for workspace in report.workspaces {
            if let template = index.template(workspace.name) { usedBy[template, default: []].append(workspace.name) }
            for profile in index.profiles(workspace.name) { usedBy[profile, default: []].append(workspace.name) }
        }
        var out = "<section id=\"templates\" aria-labelledby=\"templates-h\">\n<h2 id=\"templates-h\">Templates</h2>\n"
        for name in report.configuration.templates.keys.sorted() {
            guard let template = report.configuration.templates[name] else { continue }
            let anchor = HTML.anchor("template", name)
            out += "<article class=\"template\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n"
            out += "<h3 id=\"\(anchor)-h\">\(e(name)) <span class=\"sub\">\(template.noun), \(template.builtIn ? "built in" : "the configuration's own"), \(template.visibility.rawValue)</span></h3>\n"
            if let description = template.description { out += "<p class=\"description\">\(e(description))</p>\n" }
            let users = usedBy[name] ?? []
            out += "<p>Used by \(Format.count(users.count, "workspace"))"
            out += users.isEmpty ? ".</p>\n" : ": " + users.prefix(30).map { "<a href=\"#\(HTML.anchor("ws", $0))\">\(e($0))</a>" }.joined(separator: ", ")
                + (users.count > 30 ? " and \(Format.grouped(users.count - 30)) more" : "") + ".</p>\n"
            if let defaults = template.defaults {
                var rows: [(String, String, String)] = []
                Self.leaves(defaults, path: []) { path, node in
                    rows.append((path.joined(separator: "."), TemplateRule.text(of: node), "\(node.source.path):\(node.start.line)"))
                }
                out += "<details><summary>Defaults (\(rows.count))</summary>\n<table tabindex=\"0\" class=\"defaults\"><caption>Defaults of \(e(name))</caption>\n<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\">Default</th><th scope=\"col\">Written at</th></tr></thead>\n<tbody>\n"
                for (path, value, at) in rows { out += "<tr><th scope=\"row\"><code>\(e(path))</code></th><td>\(e(value))</td><td>\(e(at))</td></tr>\n" }
                out += "</tbody></table></details>\n"
                for (key, title) in [("plugins", "Plugins"), ("workflowTemplates", "Workflow templates")] {
                    guard let list = defaults[key], list.isSequence, list.count > 0 else { continue }
                    out += "<h4>\(title)</h4>\n<ul class=\"plain\">\n"
                    for item in list.items {
                        let label = item.isScalar ? (item.string ?? "") : (item["name"]?.string ?? item["id"]?.string ?? TemplateRule.text(of: item))
                        var details: [String] = []
                        item.forEachPair { key, value in
                            if let k = key.string, k != "name", value.isScalar { details.append("\(k): \(value.string ?? "")") }
                        }
                        out += "<li><strong>\(e(label))</strong>\(details.isEmpty ? "" : " — " + e(details.joined(separator: ", ")))</li>\n"
                    }
                    out += "</ul>\n"
                }
            }
            if !template.rules.isEmpty {
                out += "<table tabindex=\"0\" class=\"rules\"><caption>Rules of \(e(name))</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Setting</th><th scope=\"col\">Requires</th><th scope=\"col\">Cites</th><th scope=\"col\">Controls</th></tr></thead>\n<tbody>\n"
                for rule in template.rules {
                    let listed = (index.controls[rule.qualifiedID] ?? []).map { "<a href=\"#\(HTML.anchor("control", $0.0, $0.1))\">\(e($0.0)) \(e($0.1))</a>" }
                    out += "<tr id=\"\(HTML.anchor("rule", name, rule.id))\"><th scope=\"row\"><code>\(e(rule.id))</code>\(rule.enforcement == .advisory ? " <span class=\"badge\">advisory</span>" : "")</th>"
                    out += "<td><code>\(e(rule.fieldPath))</code></td><td>\(e(rule.requirement))"
                    out += rule.reason.map { "<br><span class=\"note\">\(e($0))</span>" } ?? ""
                    out += "</td><td><cite>\(e(rule.source))</cite></td><td>\(listed.joined(separator: ", "))</td></tr>\n"
                }
                out += "</tbody></table>\n"
            }
            out += "</article>\n"
        }
        return out + "</section>\n"
    }

    /// A defaults mapping walked to its leaves (a list is one leaf).
    static func leaves(_ node: Node, path: [String], _ body: ([String], Node) -> Void) {
        if node.isMapping {
            node.forEachPair { key, value in leaves(value, path: path + [key.string ?? ""], body) }
        } else {
            body(path, node)
        }
    }

    // MARK: Compliance

    func compliance() -> String {
        var out = "<section id=\"compliance\" aria-labelledby=\"compliance-h\">\n<h2 id=\"compliance-h\">Compliance</h2>\n"
        out += "<p>\(e(report.compliance.basis.line))</p>\n"
        for result in report.compliance.frameworks {
            let framework = result.framework
            let anchor = HTML.anchor("framework", framework.id)
            out += "<article class=\"framework\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n"
            out += "<h3 id=\"\(anchor)-h\">\(e(framework.title)) <span class=\"sub\">\(e(framework.version)) · score \(result.scoreText)</span></h3>\n"
            out += "<p>\(Format.count(result.workspaces.count, "workspace")) in scope (by \(e(framework.scope.joined(separator: ", ")))): \(result.count(.pass)) pass, \(result.count(.fail)) fail, \(result.count(.manual)) manual.</p>\n"
            out += "<table tabindex=\"0\" class=\"controls\"><caption>Controls of \(e(framework.title))</caption>\n<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Title</th><th scope=\"col\">Status</th><th scope=\"col\">Rules</th><th scope=\"col\">Failing workspaces</th></tr></thead>\n<tbody>\n"
            for control in result.controls {
                let status = control.status
                let failing = control.findings.filter { $0.status == .fail }.map(\.workspace)
                let rules = control.control.rules.map { qualified -> String in
                    let parts = qualified.split(separator: "/", maxSplits: 1).map(String.init)
                    let link = parts.count == 2 ? "#\(HTML.anchor("rule", parts[0], parts[1]))" : "#templates"
                    return "<a href=\"\(link)\"><code>\(e(qualified))</code></a>"
                }
                out += "<tr id=\"\(HTML.anchor("control", framework.id, control.control.id))\" class=\"\(Self.statusClass(status))\"><th scope=\"row\">\(e(control.control.id))</th>"
                out += "<td>\(e(control.control.title))\(control.control.manual.map { "<br><span class=\"note\">manual: \(e($0))</span>" } ?? "")</td>"
                out += "<td><span class=\"status \(Self.statusClass(status))\">\(status.rawValue)</span></td><td>\(rules.joined(separator: ", "))</td><td>"
                out += failing.prefix(Self.namedFindings).map { "<a href=\"#\(HTML.anchor("ws", $0))\">\(e($0))</a>" }.joined(separator: ", ")
                out += failing.count > Self.namedFindings ? " and \(Format.grouped(failing.count - Self.namedFindings)) more" : ""
                out += "</td></tr>\n"
            }
            out += "</tbody></table>\n</article>\n"
        }
        return out + "</section>\n"
    }

    static func statusClass(_ status: ComplianceReport.Status) -> String {
        switch status {
        case .fail: return "exceeded"
        case .manual: return "warning"
        case .pass: return "ok"
        case .notApplicable: return "none"
        }
    }

    // MARK: The pending plan

    func plan() -> String {
        guard let plan = report.plan else { return "" }
        var out = "<section id=\"plan\" aria-labelledby=\"plan-h\">\n<h2 id=\"plan-h\">Pending plan</h2>\n<p><strong>\(e(plan.summary))</strong></p>\n"
        if let stale = report.planStaleness {
            out += "<p><span class=\"status exceeded\">stale</span> This plan cannot be applied as it is: \(e(stale)). `tenancy apply` would refuse it; make a new plan.</p>\n"
        }
        if !plan.uncheckedSecrets.isEmpty {
            out += "<p class=\"note\">\(Format.count(plan.uncheckedSecrets.count, "secret")) not checked (made with --secrets=unavailable-ok): applying the plan reads them first.</p>\n"
        }
        var impacts: [Address: PlanImpact.Workspace] = [:]
        for workspace in report.planImpact?.workspaces ?? [] { impacts[workspace.address] = workspace }
        if let impact = report.planImpact, !impact.workspaces.isEmpty {
            var table = "<table tabindex=\"0\" class=\"impact\"><caption>Cost and quota impact (\(impact.month))</caption>\n<thead><tr><th scope=\"col\">Workspace</th><th scope=\"col\">Monthly cost before</th><th scope=\"col\">After</th><th scope=\"col\">Change</th><th scope=\"col\">Quotas below current use</th></tr></thead>\n<tbody>\n"
            for workspace in impact.workspaces {
                let money = { (value: Decimal?) in value.map { "\(self.e(workspace.currency)) \(Currency.text($0, digits: workspace.digits))" } ?? "–" }
                let breaches = workspace.breaches.map { breach in
                    "<span class=\"status exceeded\">\(e(breach.measure.rawValue)) → \(QuotaCheckRenderer.amount(breach.after, breach.measure.unit)): \(QuotaCheckRenderer.amount(breach.used, breach.measure.unit)) used on \(breach.measuredOn)</span>"
                }
                table += "<tr><th scope=\"row\">\(e(workspace.address.name))</th><td>\(money(workspace.before))</td><td>\(money(workspace.after))</td>"
                table += "<td>\(workspace.delta >= 0 ? "+" : "")\(money(workspace.delta))</td><td>\(breaches.isEmpty ? "none" : breaches.joined(separator: "<br>"))</td></tr>\n"
            }
            out += table + "</tbody></table>\n"
        }
        // Destructive changes first, as reviewers need them.
        let changes = plan.effectiveChanges.filter { $0.action == .delete } + plan.effectiveChanges.filter { $0.action != .delete }
        out += "<ol class=\"changes\">\n"
        for change in changes.prefix(Self.shownChanges) {
            let (symbol, _, words) = PlanTextRenderer.describe(change)
            let kind: String
            switch change.action {
            case .delete: kind = "delete"
            case .create: kind = "create"
            case .rename: kind = "rename"
            default: kind = "update"
            }
            out += "<li class=\"change \(kind)\"><details\(change.action == .delete ? " open" : "")><summary><code>\(e(symbol)) \(e(change.address.description))</code> \(e(words))</summary>\n<pre class=\"diff\">"
            var lines = PlanMarkdownRenderer.diffLines(change.fieldChanges.prefix(200), address: change.address, of: plan)
            if change.fieldChanges.count > 200 { lines.append("# \(change.fieldChanges.count - 200) more fields") }
            out += lines.map { line in
                let cls = line.hasPrefix("+") ? "add" : line.hasPrefix("-") ? "remove" : "other"
                return "<span class=\"\(cls)\">\(e(line))</span>"
            }.joined(separator: "\n")
            out += "</pre>"
            if let impact = impacts[change.address] {
                out += "<p>Monthly cost \(impact.delta >= 0 ? "+" : "")\(e(impact.currency)) \(Currency.text(impact.delta, digits: impact.digits))"
                out += impact.breaches.isEmpty ? "." : "; \(Format.count(impact.breaches.count, "quota")) below current use."
                out += "</p>"
            }
            out += "</details></li>\n"
        }
        out += "</ol>\n"
        if changes.count > Self.shownChanges {
            out += "<p class=\"note\">\(Format.grouped(changes.count - Self.shownChanges)) more changes: <code>tenancy show PLANFILE</code> lists them all.</p>\n"
        }
        return out + "</section>\n"
    }
}
