import TenancyAnswers
import TenancySupport

/// The report's charts, drawn by Tenancy as inline SVG (no script, no network, the same bytes
/// for the same numbers). Each is an image with a text alternative (`role="img"`, a `<title>`
/// and the numbers in words), so a screen reader and a printout get what the picture shows.
enum SVGCharts {
    /// A coordinate with one decimal, written without locale or float noise.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return tenths(Int((value * 10).rounded()))
    }

    /// A bar's fill and warning tick for `percent` of a limit, in tenths of the bar's 240 units.
    static func barTenths(percent: Double?, warning: Double) -> (fill: Int, tick: Int) {
        let filled = min(max(percent ?? 0, 0), 100) / 100 * 240
        let tick = min(max(warning, 0), 100) / 100 * 240
        return (Int((filled * 10).rounded()), Int((tick * 10).rounded()))
    }

    /// A quota's bar: use against the limit, the warning level as a tick, the fill coloured by
    /// status (and the status also said in words beside it, never by colour alone). `label` is
    /// HTML already (escaped).
    static func quotaBar(fill: Int, tick: Int, status: String, label: String) -> String {
        var svg = "<svg class=\"bar\" viewBox=\"0 0 240 14\" width=\"240\" height=\"14\" role=\"img\" aria-label=\"\(label)\">"
        svg += "<rect class=\"track\" x=\"0\" y=\"2\" width=\"240\" height=\"10\" rx=\"2\"/>"
        if fill > 0 { svg += "<rect class=\"fill \(status)\" x=\"0\" y=\"2\" width=\"\(tenths(fill))\" height=\"10\" rx=\"2\"/>" }
        svg += "<line class=\"tick\" x1=\"\(tenths(tick))\" x2=\"\(tenths(tick))\" y1=\"0\" y2=\"14\"/>"
        return svg + "</svg>"
    }

    /// The same from a percent (the organization's limits, tests).
    static func quotaBar(percent: Double?, warning: Double, status: String, label: String) -> String {
        let (fill, tick) = barTenths(percent: percent, warning: warning)
        return quotaBar(fill: fill, tick: tick, status: status, label: label)
    }

    /// A daily trend as the renderers draw it: the days along, the values up (each day's height
    /// in tenths of the chart's units; nil where there is no record), the series in words for
    /// the text alternative, and the scale's ends.
    static func trendView(_ points: [(day: Day, value: Double?)], key: String, title: String, format: (Double) -> String) -> WorkspaceView.Chart {
        let known = points.compactMap { point in point.value.map { (point.day, $0) } }
        guard let first = known.first, let last = known.last else {
            return .init(key: key, title: HTML.escape(title), words: nil, high: "", low: "", heights: points.map { _ in nil })
        }
        let height = 80.0, pad = 6.0
        let values = known.map(\.1)
        let low = values.min() ?? 0, high = values.max() ?? 0
        let span = high - low
        let heights = points.map { point -> Int? in
            guard let value = point.value else { return nil }
            let y = span == 0 ? height / 2 : height - pad - (value - low) / span * (height - 2 * pad)
            return Int((y * 10).rounded())
        }
        return .init(key: key, title: HTML.escape(title),
                     words: (known.count, "\(first.0)", "\(last.0)", HTML.escape(format(first.1)), HTML.escape(format(last.1))),
                     high: HTML.escape(format(high)), low: HTML.escape(format(low)), heights: heights)
    }

    /// A trend from its points (tests; the report builds the view once and draws it).
    static func trend(_ points: [(day: Day, value: Double?)], title: String, id: String, format: (Double) -> String) -> String {
        trend(trendView(points, key: "", title: title, format: format), id: id)
    }

    /// The trend's SVG: a line through the days with records, a dot on the last, the scale in
    /// the corner. The page's script draws the same from the same view (`trend` there).
    static func trend(_ chart: WorkspaceView.Chart, id: String) -> String {
        let width = 300.0, pad = 6.0
        var svg = "<svg class=\"trend\" viewBox=\"0 0 300 80\" width=\"300\" height=\"80\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">"
        svg += "<title id=\"\(id)-t\">\(chart.title)</title>"
        guard let description = chart.description else {
            return svg + "<desc id=\"\(id)-d\">no usage records in the period</desc><text class=\"none\" x=\"150\" y=\"44\" text-anchor=\"middle\">no data</text></svg>"
        }
        let count = max(chart.heights.count - 1, 1)
        var path = ""
        var last = (x: 0, y: 0)
        for (i, height) in chart.heights.enumerated() {
            guard let height else { continue }
            let x = Int(((pad + Double(i) / Double(count) * (width - 2 * pad)) * 10).rounded())
            path += (path.isEmpty ? "M" : " L") + tenths(x) + " " + tenths(height)
            last = (x, height)
        }
        svg += "<desc id=\"\(id)-d\">\(description)</desc>"
        svg += "<line class=\"axis\" x1=\"6\" x2=\"294\" y1=\"74\" y2=\"74\"/>"
        svg += "<path class=\"line\" d=\"\(path)\"/>"
        svg += "<circle class=\"dot\" cx=\"\(tenths(last.x))\" cy=\"\(tenths(last.y))\" r=\"3\"/>"
        // The scale, in the chart's corner: highest at the top, lowest at the bottom.
        svg += "<text class=\"scale\" x=\"294\" y=\"10\" text-anchor=\"end\" aria-hidden=\"true\">\(chart.high)</text>"
        svg += "<text class=\"scale\" x=\"294\" y=\"72\" text-anchor=\"end\" aria-hidden=\"true\">\(chart.low)</text>"
        return svg + "</svg>"
    }

    /// Tenths written as a coordinate: `123` is `12.3`, `120` is `12`.
    static func tenths(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// The period's cost by service: one bar in parts, each part's share of the total, the
    /// parts named in the legend beside it (which is the text alternative's table).
    /// The parts of the cost bar from the amounts: each part's share of the total, placed one
    /// after another (tenths of 300 units); parts of no cost are left out.
    static func breakdownParts(_ amounts: [Double]) -> [WorkspaceView.Part] {
        let total = amounts.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { return [] }
        var x = 0.0
        var parts: [WorkspaceView.Part] = []
        for (i, amount) in amounts.enumerated() where amount > 0 {
            let width = amount / total * 300
            parts.append(.init(x: Int((x * 10).rounded()), width: Int((width * 10).rounded()), index: i))
            x += width
        }
        return parts
    }

    /// The period's cost by service: one bar in parts, the parts named in the legend beside it
    /// (which is the text alternative's table). `title` and the labels are HTML already.
    static func breakdown(_ parts: [(label: String, part: WorkspaceView.Part)], title: String, id: String) -> String {
        var svg = "<svg class=\"breakdown\" viewBox=\"0 0 300 18\" width=\"300\" height=\"18\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        svg += "<title id=\"\(id)-t\">\(title)</title>"
        svg += "<rect class=\"track\" x=\"0\" y=\"2\" width=\"300\" height=\"14\" rx=\"2\"/>"
        for (label, part) in parts {
            svg += "<rect class=\"part p\(part.index % 6)\" x=\"\(tenths(part.x))\" y=\"2\" width=\"\(tenths(part.width))\" height=\"14\"><title>\(label)</title></rect>"
        }
        return svg + "</svg>"
    }
}
