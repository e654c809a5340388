/// A large organization's sections as data, embedded in the page (`<script type=
/// "application/json" id="report-data">`) and rendered by the page's script when a section is
/// shown: each workspace's `WorkspaceView` and access matrix as arrays, every string the
/// sections repeat (paths, values, files, titles, words) interned once in the page's string
/// table. Text is the views' own (already escaped for HTML); `<` is written `\u003c`, so that
/// nothing in the data can end its script element.
struct ReportData {
    /// The string table: the strings used more than once, the most used first (so that their
    /// numbers are short), ties in the order of first use.
    private(set) var strings: [String] = []
    private var index: [String: Int] = [:]
    /// Counting: the first pass over every section only counts the strings' uses.
    private var counting = true
    private var uses: [String: (count: Int, first: Int)] = [:]

    /// After the counting pass: the table, from the counts.
    mutating func finishCounting() {
        counting = false
        let shared = uses.filter { $0.value.count > 1 }.sorted {
            $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.first < $1.value.first
        }
        strings = shared.map(\.key)
        for (i, text) in strings.enumerated() { index[text] = i }
        uses = [:]
    }

    /// A string: its number in the table when it is used more than once, else written in place.
    mutating func s(_ text: String) -> String {
        if counting {
            let order = uses.count
            uses[text, default: (0, order)].count += 1
            return ""
        }
        if let known = index[text] { return String(known) }
        return Self.q(text)
    }

    mutating func s(_ text: String?) -> String {
        guard let text else { return "null" }
        return s(text)
    }

    /// A string written where it stands (the ones no other section repeats).
    static func q(_ text: String?) -> String {
        guard let text else { return "null" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// One workspace's section: the fields of `WorkspaceView` in order (ReportAssets'
    /// `renderWorkspace` reads them by position). Made small, since a large organization's page
    /// is mostly this: the filter's attributes are read back from the index entry; a setting's
    /// table and whether it is inherited share one number; its line is counted from the
    /// workspace's first own line; a chart's words are made from their parts; its heights are
    /// two base-36 digits each (`--` for a day without a record).
    mutating func workspace(_ v: WorkspaceView) -> String {
        var f: [String] = []
        f.append(Self.q(v.name))
        f.append(Self.q(v.anchor))
        f.append("null")
        f.append(Self.q(v.display))
        f.append(Self.q(v.description))
        f.append(v.template.map { Self.list([s($0.name), s($0.anchor)]) } ?? "null")
        f.append(Self.list(v.profiles.map { Self.list([s($0.name), s($0.anchor)]) }))
        f.append(Self.list(v.labels.map { s($0) }))
        f.append(s(v.status))
        f.append(s(v.statusWord))
        f.append(Self.list(v.cards.map { Self.list([s($0.title), s($0.value), s($0.note)]) }))
        f.append(Self.list(v.compliance.map { s($0) }))
        f.append(s(v.usageCaption))
        f.append(Self.list(v.usage.map { Self.list([s($0.0), s($0.1)]) }))
        // The workspace's own file and first own line: own settings are counted from them.
        let own = v.settings.filter { !$0.inherited && $0.file != nil }
        let base = own.map(\.line).min() ?? 0
        let ownFile = own.first?.file
        f.append(Self.list(v.settings.map { row in
            let rules = row.rules.map(String.init)
            guard let file = row.file else { return Self.list([String(row.table * 4 + 2), s(row.path), s(row.value)] + rules) }
            if row.inherited || file != ownFile {
                return Self.list([String(row.table * 4 + 1), s(row.path), s(row.value), s(file), String(row.line), String(row.column)] + rules)
            }
            return Self.list([String(row.table * 4), s(row.path), s(row.value), String(row.line - base), String(row.column)] + rules)
        }))
        f.append(s(v.quotaIntro))
        f.append(Self.list(v.quotas.map { row in
            Self.list([s(row.measure), s(row.used), s(row.limit), String(row.fill), String(row.tick), s(row.percentText),
                       s(row.status + " " + row.statusName), s(row.reached)])
        }))
        f.append(v.bill.map { bill in
            Self.list([s(bill.period), Self.q(bill.total), Self.q(bill.projected),
                       Self.list(bill.parts.map { Self.list([String($0.x), String($0.width), String($0.index)]) }),
                       Self.list(bill.lines.map { Self.list([s($0.service), s($0.quantity), s($0.price), Self.q($0.amount)]) }),
                       Self.q(bill.budget), Self.list(bill.notes.map { s($0) })])
        } ?? "null")
        f.append(s(v.analyticsIntro))
        f.append(Self.list(v.charts.map { chart in
            Self.list([s(chart.key), s(chart.title), chart.words.map { String($0.count) } ?? "null", s(chart.words?.first),
                       s(chart.words?.last), Self.q(chart.words?.firstValue), Self.q(chart.words?.lastValue), Self.q(chart.high),
                       Self.q(chart.low), Self.q(Self.heights(chart.heights))])
        }))
        f.append(Self.list(v.weekOverWeek.map { Self.list([s($0.metric), Self.q($0.this), Self.q($0.previous), Self.q($0.change)]) }))
        f.append(String(base))
        f.append(s(ownFile))
        return Self.list(f)
    }

    /// Heights (0 to 1295 tenths) as two base-36 digits each; `--` for none.
    static func heights(_ values: [Int?]) -> String {
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        var out = ""
        for value in values {
            guard let value, value >= 0, value < 36 * 36 else { out += "--"; continue }
            out.append(digits[value / 36])
            out.append(digits[value % 36])
        }
        return out
    }

    /// One workspace's access matrix: its rows (who, a service account?, the cells, via).
    mutating func access(_ rows: [AccessMatrix.Row]) -> String {
        Self.list(rows.map { row in
            Self.list([s(HTML.escape(row.label)), row.isServiceAccount ? "1" : "0",
                       s(Permissions.areas.map { AccessMatrix.cell(row.permissions, area: $0.permissions) }.joined(separator: "|")),
                       s(HTML.escape(row.via.joined(separator: ", ")))])
        })
    }

    /// The table, as the data block's last member.
    var table: String { "\"s\":" + Self.list(strings.map { Self.q($0) }) }
}
