import TenancySupport

/// The report's charts, drawn by Tenancy as inline SVG (no script, no network, the same bytes
/// for the same numbers). Each is an image with a text alternative (`role="img"`, a `<title>`
/// and the numbers in words), so a screen reader and a printout get what the picture shows.
enum SVGCharts {
    /// A coordinate with one decimal, written without locale or float noise.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// A quota's bar: use against the limit, the warning level as a tick, the fill coloured by
    /// status (and the status also said in words beside it, never by colour alone).
    static func quotaBar(percent: Double?, warning: Double, status: String, label: String) -> String {
        let width = 240.0
        let filled = min(max(percent ?? 0, 0), 100) / 100 * width
        let tick = min(max(warning, 0), 100) / 100 * width
        var svg = "<svg class=\"bar\" viewBox=\"0 0 240 14\" width=\"240\" height=\"14\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
        svg += "<rect class=\"track\" x=\"0\" y=\"2\" width=\"240\" height=\"10\" rx=\"2\"/>"
        if filled > 0 { svg += "<rect class=\"fill \(status)\" x=\"0\" y=\"2\" width=\"\(coordinate(filled))\" height=\"10\" rx=\"2\"/>" }
        svg += "<line class=\"tick\" x1=\"\(coordinate(tick))\" x2=\"\(coordinate(tick))\" y1=\"0\" y2=\"14\"/>"
        return svg + "</svg>"
    }

    /// A daily trend: the days along, the values up, a dot on the last day. `describe` says the
    /// series in words (first, last, lowest, highest) for the text alternative.
    static func trend(_ points: [(day: Day, value: Double?)], title: String, id: String, format: (Double) -> String) -> String {
        let known = points.compactMap { point in point.value.map { (point.day, $0) } }
        let width = 300.0, height = 80.0, pad = 6.0
        var svg = "<svg class=\"trend\" viewBox=\"0 0 300 80\" width=\"300\" height=\"80\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">"
        svg += "<title id=\"\(id)-t\">\(HTML.escape(title))</title>"
        guard let first = known.first, let last = known.last else {
            return svg + "<desc id=\"\(id)-d\">no usage records in the period</desc><text class=\"none\" x=\"150\" y=\"44\" text-anchor=\"middle\">no data</text></svg>"
        }
        let values = known.map(\.1)
        let low = values.min() ?? 0, high = values.max() ?? 0
        let span = high - low
        let count = max(points.count - 1, 1)
        var path = ""
        var lastPoint = (x: 0.0, y: 0.0)
        for (i, point) in points.enumerated() {
            guard let value = point.value else { continue }
            let x = pad + Double(i) / Double(count) * (width - 2 * pad)
            let y = span == 0 ? height / 2 : height - pad - (value - low) / span * (height - 2 * pad)
            path += (path.isEmpty ? "M" : " L") + coordinate(x) + " " + coordinate(y)
            lastPoint = (x, y)
        }
        let words = "\(known.count) days from \(first.0) to \(last.0): first \(format(first.1)), last \(format(last.1)), lowest \(format(low)), highest \(format(high))"
        svg += "<desc id=\"\(id)-d\">\(HTML.escape(words))</desc>"
        svg += "<line class=\"axis\" x1=\"\(coordinate(pad))\" x2=\"\(coordinate(width - pad))\" y1=\"\(coordinate(height - pad))\" y2=\"\(coordinate(height - pad))\"/>"
        svg += "<path class=\"line\" d=\"\(path)\"/>"
        svg += "<circle class=\"dot\" cx=\"\(coordinate(lastPoint.x))\" cy=\"\(coordinate(lastPoint.y))\" r=\"3\"/>"
        // The scale, in the chart's corner: highest at the top, lowest at the bottom.
        svg += "<text class=\"scale\" x=\"\(coordinate(width - pad))\" y=\"10\" text-anchor=\"end\" aria-hidden=\"true\">\(HTML.escape(format(high)))</text>"
        svg += "<text class=\"scale\" x=\"\(coordinate(width - pad))\" y=\"\(coordinate(height - pad - 2))\" text-anchor=\"end\" aria-hidden=\"true\">\(HTML.escape(format(low)))</text>"
        return svg + "</svg>"
    }

    /// The period's cost by service: one bar in parts, each part's share of the total, the
    /// parts named in the legend beside it (which is the text alternative's table).
    static func breakdown(_ parts: [(label: String, amount: Double)], title: String, id: String) -> String {
        let total = parts.reduce(0) { $0 + max($1.amount, 0) }
        var svg = "<svg class=\"breakdown\" viewBox=\"0 0 300 18\" width=\"300\" height=\"18\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        svg += "<title id=\"\(id)-t\">\(HTML.escape(title))</title>"
        svg += "<rect class=\"track\" x=\"0\" y=\"2\" width=\"300\" height=\"14\" rx=\"2\"/>"
        guard total > 0 else { return svg + "</svg>" }
        var x = 0.0
        for (i, part) in parts.enumerated() where part.amount > 0 {
            let width = part.amount / total * 300
            svg += "<rect class=\"part p\(i % 6)\" x=\"\(coordinate(x))\" y=\"2\" width=\"\(coordinate(width))\" height=\"14\"><title>\(HTML.escape(part.label))</title></rect>"
            x += width
        }
        return svg + "</svg>"
    }
}
