import TenancyAnswers
/// A workspace's section from its view, as the page holds it: the console's tabs (Overview,
/// Policies, Quotas, Security, Billing, Analytics). Without the page's script every panel is
/// shown in order (and so printed and read); with it, one at a time. The page's script renders
/// the same markup from the same view for the sections it keeps as data (`renderWorkspace` in
/// ReportAssets): a change here is made there too, and the browser test compares the two.
enum WorkspaceHTML {
    static let tabs = [("overview", "Overview"), ("policies", "Policies"), ("quotas", "Quotas"), ("security", "Security"),
                       ("billing", "Billing"), ("analytics", "Analytics")]


    static func render(_ v: WorkspaceView, rules: [String]) -> String {
        let a = v.anchor
        var out = "<article class=\"ws\" id=\"\(a)\" aria-labelledby=\"\(a)-h\"\(v.attributes)>\n"
        out += "<h3 id=\"\(a)-h\">\(v.name)\(v.display.map { " <span class=\"sub\">\($0)</span>" } ?? "")</h3>\n"
        if let description = v.description { out += "<p class=\"description\">\(description)</p>\n" }
        out += "<p class=\"badges\"><span class=\"status \(v.status)\">\(v.statusWord)</span> "
        if let template = v.template { out += "<a class=\"badge\" href=\"#\(template.anchor)\">template \(template.name)</a> " }
        for profile in v.profiles { out += "<a class=\"badge\" href=\"#\(profile.anchor)\">profile \(profile.name)</a> " }
        for label in v.labels { out += "<span class=\"badge label\">\(label)</span> " }
        out += "</p>\n"
        out += "<div class=\"tabs\" role=\"tablist\" aria-label=\"\(v.name) settings\">"
        for (i, (id, title)) in tabs.enumerated() {
            out += "<button type=\"button\" role=\"tab\" id=\"\(a)-tab-\(id)\" aria-controls=\"\(a)-\(id)\" aria-selected=\"\(i == 0)\"\(i == 0 ? "" : " tabindex=\"-1\"")>\(title)</button>"
        }
        out += "</div>\n"
        out += panel(v, 0, overview(v))
        out += panel(v, 1, settings(v, .policies, rules: rules))
        out += panel(v, 2, quotas(v, rules: rules))
        out += panel(v, 3, settings(v, .security, rules: rules))
        out += panel(v, 4, billing(v, rules: rules))
        out += panel(v, 5, analytics(v))
        return out + "</article>\n"
    }

    static func panel(_ v: WorkspaceView, _ tab: Int, _ body: String) -> String {
        let (id, title) = tabs[tab]
        return "<section class=\"panel\" role=\"tabpanel\" id=\"\(v.anchor)-\(id)\" aria-labelledby=\"\(v.anchor)-h \(v.anchor)-tab-\(id)\">\n"
            + "<h4>\(title)</h4>\n" + body + "</section>\n"
    }

    static func overview(_ v: WorkspaceView) -> String {
        var out = "<ul class=\"cards\">\n"
        for card in v.cards {
            out += "<li class=\"card\"><span class=\"card-title\">\(card.title)</span> <span class=\"card-value\">\(card.value)</span> <span class=\"card-note\">\(card.note)</span></li>\n"
        }
        out += "</ul>\n"
        if !v.compliance.isEmpty { out += "<p>Compliance: " + v.compliance.joined(separator: "; ") + ".</p>\n" }
        if let notifications = v.notifications { out += "<p>\(notifications)</p>\n" }
        guard let caption = v.usageCaption else { return out + "<p class=\"note\">No usage records for this workspace.</p>\n" }
        out += "<table tabindex=\"0\" class=\"kv\"><caption>\(caption)</caption><tbody>\n"
        for (label, value) in v.usage { out += "<tr><th scope=\"row\">\(label)</th><td>\(value)</td></tr>\n" }
        return out + "</tbody></table>\n"
    }

    static func settings(_ v: WorkspaceView, _ table: SettingTable, rules: [String]) -> String {
        let rows = v.settings.filter { $0.table == table }
        guard !rows.isEmpty else { return "<p class=\"note\">None set.</p>\n" }
        var out = "<table tabindex=\"0\" class=\"settings\"><caption>\(table.caption)</caption>\n<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\">Value</th><th scope=\"col\">Written at</th><th scope=\"col\">Enforced by</th></tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr\(row.inherited ? " class=\"inherited\"" : "")><th scope=\"row\"><code>\(row.path)</code></th><td>\(row.value)</td><td>"
            if let file = row.file {
                let at = "\(file):\(row.line):\(row.column)"
                out += row.inherited ? "template default (\(at))" : at
            } else {
                out += "<span class=\"note\">not in the checkout</span>"
            }
            out += "</td><td>" + row.rules.map { $0 < rules.count ? rules[$0] : "" }.joined(separator: "<br>") + "</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func quotas(_ v: WorkspaceView, rules: [String]) -> String {
        guard let intro = v.quotaIntro else { return "<p class=\"note\">This workspace sets no quotas.</p>\n" }
        var out = "<p>\(intro)</p>\n"
        out += "<table tabindex=\"0\" class=\"quotas\"><caption>Quotas against use</caption>\n<thead><tr><th scope=\"col\">Quota</th><th scope=\"col\">Used</th><th scope=\"col\">Limit</th><th scope=\"col\">Use</th><th scope=\"col\">Status</th><th scope=\"col\">Reached at this rate</th></tr></thead>\n<tbody>\n"
        for row in v.quotas {
            let label = "\(row.measure): \(row.percentText) of the limit, \(row.statusName)"
            out += "<tr class=\"\(row.status)\"><th scope=\"row\"><code>\(row.measure)</code></th>"
            out += "<td>\(row.used)</td><td>\(row.limit)</td>"
            out += "<td>\(SVGCharts.quotaBar(fill: row.fill, tick: row.tick, status: row.status, label: label)) \(row.percentText)</td>"
            out += "<td><span class=\"status \(row.status)\">\(row.statusName)</span></td><td>\(row.reached)</td></tr>\n"
        }
        out += "</tbody></table>\n"
        return out + settings(v, .quotas, rules: rules)
    }

    static func billing(_ v: WorkspaceView, rules: [String]) -> String {
        guard let bill = v.bill else { return "<p class=\"note\">No usage records: nothing billed yet.</p>\n" + settings(v, .billing, rules: rules) }
        var out = "<p>\(bill.summary)</p>\n"
        out += SVGCharts.breakdown(bill.parts.map { (bill.label($0), $0) }, title: bill.breakdownTitle, id: "\(v.anchor)-cost")
        out += "<table tabindex=\"0\" class=\"bill\"><caption>Cost by service</caption>\n<thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Quantity</th><th scope=\"col\">Unit price</th><th scope=\"col\">Amount</th></tr></thead>\n<tbody>\n"
        for (i, line) in bill.lines.enumerated() {
            out += "<tr><th scope=\"row\"><span class=\"swatch p\(i % 6)\" aria-hidden=\"true\"></span>\(line.service)</th><td>\(line.quantity)</td>"
            out += "<td>\(line.price)</td><td>\(line.amount)</td></tr>\n"
        }
        out += "</tbody><tfoot><tr><th scope=\"row\">Total</th><td></td><td></td><td>\(bill.total)</td></tr></tfoot></table>\n"
        if let budget = bill.budget { out += "<p>\(budget)</p>\n" }
        for note in bill.notes { out += "<p class=\"note\">\(note)</p>\n" }
        return out + settings(v, .billing, rules: rules)
    }

    static func analytics(_ v: WorkspaceView) -> String {
        guard let intro = v.analyticsIntro else { return "<p class=\"note\">No usage records for this workspace.</p>\n" }
        var out = "<p>\(intro)</p>\n<div class=\"charts\">\n"
        for chart in v.charts {
            out += "<figure>" + SVGCharts.trend(chart, id: "\(v.anchor)-\(chart.key)") + "<figcaption>\(chart.title)</figcaption></figure>\n"
        }
        out += "</div>\n"
        if !v.weekOverWeek.isEmpty {
            out += "<table tabindex=\"0\" class=\"wow\"><caption>Week over week</caption>\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">This week</th><th scope=\"col\">The week before</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n"
            for change in v.weekOverWeek {
                out += "<tr><th scope=\"row\">\(change.metric)</th><td>\(change.this)</td><td>\(change.previous)</td><td>\(change.change)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }
}
