import TenancyAnswers
import TenancyEngine
import TenancyModel
import TenancySupport

/// `tenancy report` as one HTML file: no network at all (styles, script and charts inline, the
/// page's Content-Security-Policy allowing nothing else), the same bytes for the same inputs,
/// every string from the inputs escaped. The page works without its script (every section and
/// tab shown, as in print); the script adds tabs, filtering and, for large organizations,
/// sections rendered when opened.
package enum ConsoleReportHTML {
    /// Above this many workspaces, each workspace's section is kept in an inert `<template>`
    /// and put in the page when it is opened, filtered to or printed: the page stays usable.
    package static let inlineWorkspaces = 200

    /// The page handed to `emit` piece by piece, in order: the workspaces' sections are rendered
    /// on all cores in runs and written as each run is ready, never held whole.
    package static func write<Failure: Error>(_ report: ConsoleReport, inlineAtMost: Int = inlineWorkspaces,
                                             to emit: (String) throws(Failure) -> Void) throws(Failure) {
        let settings = ReportSettings(configuration: report.configuration)
        let index = ReportIndex(report)
        let rules = RuleFragments(configuration: report.configuration, controls: index.controls)
        let lazy = report.workspaces.count > inlineAtMost
        let catalog = ReportCatalog(report: report, index: index, lazy: lazy)
        let organization = report.access.organization ?? "organization"
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        page += "<meta name=\"generator\" content=\"Tenancy \(e(report.stamp.toolVersion))\">\n"
        page += "<title>\(e(organization)) · Tenancy report · serial \(report.stamp.serial)</title>\n"
        page += "<style>\n" + ReportAssets.css + "</style>\n</head>\n<body>\n"
        page += "<a class=\"skip\" href=\"#main\">Skip to the report</a>\n"
        page += header(report, organization: organization)
        page += navigation(report)
        page += "<main id=\"main\">\n"
        page += ReportOverview(report: report, index: index).render()
        try emit(page)
        try workspaces(report, index, settings: settings, rules: rules, lazy: lazy, to: emit)
        try emit(catalog.access())
        try emit(catalog.templates())
        try emit(catalog.compliance())
        try emit(catalog.plan())
        try emit("</main>\n"
            + "<footer><p>Made by Tenancy \(e(report.stamp.toolVersion)) from the applied state and the checkout; it computes nothing the commands <code>quota check</code>, <code>billing</code>, <code>usage report</code>, <code>access</code>, <code>compliance</code> and <code>show</code> do not.</p></footer>\n"
            + "<script>\n" + ReportAssets.script + "</script>\n</body>\n</html>\n")
    }

    static func e(_ text: String) -> String { HTML.escape(text) }

    /// The stamp: what the report shows, so that it can be traced to its inputs.
    static func header(_ report: ConsoleReport, organization: String) -> String {
        let stamp = report.stamp
        var out = "<header>\n<h1>\(e(organization)) <span class=\"sub\">Tenancy console report</span></h1>\n<dl class=\"stamp\">\n"
        func item(_ term: String, _ value: String, code: Bool = false) {
            out += "<div><dt>\(term)</dt><dd>\(code ? "<code>\(value)</code>" : value)</dd></div>\n"
        }
        item("Tenancy", e(stamp.toolVersion))
        item("State", "serial \(stamp.serial)")
        if let period = stamp.usagePeriod {
            item("Usage", "\(period.first) to \(period.last) (\(Format.count(stamp.records, "record")))")
        } else {
            item("Usage", "none given")
        }
        item("Generated", e(stamp.generated))
        let checkout: String
        switch stamp.checkout {
        case .matches: checkout = "the checkout is what serial \(stamp.serial) was applied from"
        case .differs: checkout = "<strong>the checkout differs from what serial \(stamp.serial) was applied from</strong>: settings' file:line links are the checkout's"
        case .unrecorded: checkout = "serial \(stamp.serial) does not record what it was applied from"
        case .notApplied: checkout = "nothing applied"
        }
        item("Checkout", checkout)
        // The lineage and digests trace the report to its inputs; at a phone's width they would
        // fill the first screen, so they are a click away (and printed).
        out += "</dl>\n<details class=\"provenance\"><summary>Lineage and digests</summary>\n<dl class=\"stamp\">\n"
        item("Lineage", e(stamp.lineage), code: true)
        item("Configuration digest", e(stamp.configurationDigest), code: true)
        item("Git commit", stamp.commit.map { "<code>\(e($0))</code>" } ?? "not a git checkout")
        item("Audit chain head", stamp.auditHead.map { "<code>\(e($0))</code>" } ?? "no audit record for this serial")
        return out + "</dl>\n</details>\n</header>\n"
    }

    static func navigation(_ report: ConsoleReport) -> String {
        var out = "<nav aria-label=\"Report sections\"><ul>\n"
        var links = [("overview", "Overview"), ("workspaces", "Workspaces"), ("access", "Access"), ("templates", "Templates"),
                     ("compliance", "Compliance")]
        if report.plan != nil { links.append(("plan", "Pending plan")) }
        for (id, title) in links { out += "<li><a href=\"#\(id)\">\(title)</a></li>\n" }
        return out + "</ul></nav>\n"
    }

    /// Every workspace's section, and the filter over them.
    static func workspaces<Failure: Error>(_ report: ConsoleReport, _ index: ReportIndex, settings: ReportSettings, rules: RuleFragments,
                                           lazy: Bool, to emit: (String) throws(Failure) -> Void) throws(Failure) {
        var out = "<section id=\"workspaces\" aria-labelledby=\"workspaces-h\">\n<h2 id=\"workspaces-h\">Workspaces</h2>\n"
        out += "<form class=\"filter\" role=\"search\" aria-label=\"Filter workspaces\" data-lazy=\"\(lazy)\">\n"
        out += "<label for=\"filter-text\">Name or label</label> <input id=\"filter-text\" type=\"search\" placeholder=\"e.g. payments or department=finance\">\n"
        out += "<label for=\"filter-template\">Template</label> <select id=\"filter-template\"><option value=\"\">any</option>"
        let templates = Set(report.workspaces.compactMap { index.template($0.name) }).sorted()
        for template in templates { out += "<option value=\"\(e(template))\">\(e(template))</option>" }
        out += "</select>\n<output id=\"filter-count\" for=\"filter-text filter-template\">\(Format.count(report.workspaces.count, "workspace"))</output>\n</form>\n"
        if lazy {
            out += "<p class=\"note\">\(Format.grouped(report.workspaces.count)) workspaces: each section is put in the page when it is opened, filtered to or printed. The index below links to all of them.</p>\n"
        }
        out += "<ol class=\"index\">\n"
        for workspace in report.workspaces {
            let anchor = HTML.anchor("ws", workspace.name)
            let status = index.quotaStatus(workspace.name)
            out += "<li\(attributes(workspace.name, index))><a href=\"#\(anchor)\">\(e(workspace.name))</a> <span class=\"status \(statusClass(status))\">\(statusWord(status))</span></li>\n"
        }
        out += "</ol>\n"
        try emit(out)
        let workspaces = report.workspaces
        guard lazy else {
            // Each workspace's section is independent work: rendered on every core in runs,
            // written in order as each run is ready.
            try Parallel.streamed(workspaces.count, runSize: 32, batch: 8, render: { range in
                var part = ""
                for i in range {
                    let view = ReportWorkspace(report: report, index: index, settings: settings, rules: rules, workspace: workspaces[i]).view()
                    part += WorkspaceHTML.render(view, rules: rules.fragments)
                }
                return part
            }, write: emit)
            try emit("</section>\n")
            return
        }
        // A large organization: a place for each section, and the sections as data after them.
        var slots = ""
        for (i, workspace) in workspaces.enumerated() {
            slots += "<div class=\"slot\" id=\"\(HTML.anchor("ws", workspace.name))\" data-i=\"\(i)\"></div>\n"
            if slots.utf8.count > 1 << 16 {
                try emit(slots)
                slots = ""
            }
        }
        try emit(slots + "<script type=\"application/json\" id=\"report-data\">{\"w\":[")
        // Each run of sections built and recorded on a core of its own (its strings counted and
        // numbered within the run, the views let go); the counts added in the sections' order, so
        // that the table is the one a single pass would make; then each run written with the
        // table's numbers put in.
        let sections = Parallel.chunks(workspaces.count, grain: 64, state: { ReportData.recorder() }) { range, part in
            for i in range {
                _ = part.workspace(ReportWorkspace(report: report, index: index, settings: settings, rules: rules, workspace: workspaces[i]).view())
            }
        }
        let matrices = AccessMatrix.byWorkspace(in: report.access)
        let names = workspaces.map(\.name)
        let access = Parallel.chunks(workspaces.count, grain: 256, state: { ReportData.recorder() }) { range, part in
            for i in range { _ = part.access(matrices[names[i]]?.rows ?? []) }
        }
        var data = ReportData()
        data.addCounts(of: sections)
        data.addCounts(of: access)
        data.finishCounting()
        let table = data
        try write(sections, table: table, to: emit)
        try emit("],\"a\":[")
        try write(access, table: table, to: emit)
        var part = "],\"areas\":" + ReportData.list(Permissions.areas.map { ReportData.q($0.area) })
        part += ",\"r\":" + ReportData.list(rules.fragments.map { ReportData.q($0) }) + "," + data.shapeTable() + "," + data.table + "}</script>\n"
        try emit(part)
        try emit("</section>\n")
    }

    /// Recorded runs of sections written in order, a few runs at a time on all cores, commas
    /// between the sections.
    static func write<Failure: Error>(_ parts: [ReportData], table: ReportData, to emit: (String) throws(Failure) -> Void) throws(Failure) {
        // Where each run's sections start among all of them.
        let starts = parts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.recorded.count) }
        try Parallel.streamed(parts.count, runSize: 1, batch: 4, render: { range in
            var out = ""
            for k in range {
                let references = table.references(for: parts[k])
                for (i, tokens) in parts[k].recorded.enumerated() {
                    if starts[k] + i > 0 { out += "," }
                    out += ReportData.render(tokens, references)
                }
            }
            return out
        }, write: emit)
    }

    /// The `data-` attributes the filter reads.
    static func attributes(_ name: String, _ index: ReportIndex) -> String {
        let labels = index.labels(name)
        let text = labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }.joined(separator: " ")
        return " data-name=\"\(e(name))\" data-labels=\"\(e(text))\" data-template=\"\(e(index.template(name) ?? ""))\""
    }

    static func statusClass(_ status: QuotaCheck.Status) -> String {
        switch status {
        case .exceeded: return "exceeded"
        case .warning: return "warning"
        case .ok: return "ok"
        default: return "none"
        }
    }

    static func statusWord(_ status: QuotaCheck.Status) -> String {
        switch status {
        case .exceeded: return "quota exceeded"
        case .warning: return "quota warning"
        case .ok: return "quotas ok"
        default: return "no usage data"
        }
    }
}
