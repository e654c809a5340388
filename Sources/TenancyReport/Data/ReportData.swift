import TenancyAnswers
import TenancyJSON


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
    /// By string, its uses and its first use's number (while recording, the string's number in
    /// the run of sections recorded).
    private var uses: [String: (count: Int, first: Int)] = [:]

    /// Recording (a run of sections on one core): each section is written as it will be, except
    /// that each string is a number of this run's and the settings' shape one of this run's
    /// shapes; once every run is counted, the numbers are put in (`render`), with no string
    /// looked up again. The sections' views need not be held meanwhile.
    private var recording = false
    enum Token: Sendable {
        case raw(String)
        case string(Int)
        case shape(Int)
    }
    private var tokens: [Token] = []
    /// The sections recorded, in order.
    private(set) var recorded: [[Token]] = []

    /// A recorder of a run of sections.
    static func recorder() -> ReportData {
        var data = ReportData()
        data.recording = true
        return data
    }

    /// A section's settings tables as a shape — each row's table, path, rules and, for a
    /// template default, where the template writes it — shared by the workspaces that have the
    /// same rows (those of one template and profiles, mostly), and per workspace only what
    /// differs: values, and the places of its own settings. The shapes are numbered in order of
    /// first use, in the page's `sh` member.
    struct SettingShape: Hashable, Sendable {
        let code: Int
        let path: String
        let file: String?
        let line: Int
        let column: Int
        let rules: [Int]
    }
    private var shapeIndex: [[SettingShape]: Int] = [:]
    private(set) var shapes: [[SettingShape]] = []

    /// The uses counted by `parts` (copies that each counted a run of the sections, in the
    /// sections' order) added to these, first uses in the same order one pass would have seen.
    mutating func addCounts(of parts: [ReportData]) {
        for part in parts {
            for (text, use) in part.uses.sorted(by: { $0.value.first < $1.value.first }) {
                let order = uses.count
                uses[text, default: (0, order)].count += use.count
            }
            for shape in part.shapes where shapeIndex[shape] == nil {
                shapeIndex[shape] = shapes.count
                shapes.append(shape)
            }
        }
    }

    /// After the counting pass: the table, from the counts (the shapes' strings counted once a
    /// shape).
    mutating func finishCounting() {
        for shape in shapes {
            for row in shape {
                _ = s(row.path)
                if let file = row.file { _ = s(file) }
            }
        }
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
            _ = count(text)
            return ""
        }
        return reference(text)
    }

    /// One use of `text` counted: its first use's number (one look-up for both).
    private mutating func count(_ text: String) -> Int {
        if let found = uses.index(forKey: text) {
            uses.values[found].count += 1
            return uses.values[found].first
        }
        let number = uses.count
        uses[text] = (1, number)
        return number
    }

    /// A string as the finished table writes it: its number, or itself in quotes.
    private func reference(_ text: String) -> String { index[text].map { String($0) } ?? Self.q(text) }

    mutating func s(_ text: String?) -> String {
        guard let text else { return "null" }
        return s(text)
    }

    /// A string written where it stands (the ones no other section repeats), as a JSON string safe
    /// inside the page's `<script>` block (the one escaper's script mode).
    static func q(_ text: String?) -> String {
        guard let text else { return "null" }
        return JSONEscaping.quoted(text, mode: .script)
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// One workspace's section: the fields of `WorkspaceView`, one per `WorkspaceSlot` in its
    /// declared order (the page's `renderWorkspace` reads them by the slots' names). Made small, since a large organization's page
    /// is mostly this: the filter's attributes are read back from the index entry; a setting's
    /// table and whether it is inherited share one number; its line is counted from the
    /// workspace's first own line; a chart's words are made from their parts; its heights are
    /// two base-36 digits each (`--` for a day without a record). While counting, nothing is
    /// written: only the strings' uses are counted, in the order writing would use them.
    mutating func workspace(_ v: WorkspaceView) -> String {
        out = ""
        needsComma = false
        // The workspace's own file and first own line: own settings are counted from them.
        let own = v.settings.filter { !$0.inherited && $0.file != nil }
        let base = own.map(\.line).min() ?? 0
        let ownFile = own.first?.file
        let shape = v.settings.map { row -> SettingShape in
            if let file = row.file, row.inherited || file != ownFile {
                return SettingShape(code: row.table.rawValue * 4 + 1, path: row.path, file: file, line: row.line, column: row.column, rules: row.rules)
            }
            return SettingShape(code: row.table.rawValue * 4 + (row.file == nil ? 2 : 0), path: row.path, file: nil, line: 0, column: 0, rules: row.rules)
        }
        if counting || recording, shapeIndex[shape] == nil {
            shapeIndex[shape] = shapes.count
            shapes.append(shape)
        }
        list { d in
            // Slot by slot, in the declared order the page's script reads them by.
            for slot in WorkspaceSlot.allCases {
                switch slot {
                case .name: d.item(Self.q(v.name))
                case .anchor: d.item(Self.q(v.anchor))
                case .attributes: d.item("null")
                case .display: d.item(Self.q(v.display))
                case .description: d.item(Self.q(v.description))
                case .template:
                    if let template = v.template { d.list { d in d.str(template.name); d.str(template.anchor) } } else { d.item("null") }
                case .profiles: d.list { d in for profile in v.profiles { d.list { d in d.str(profile.name); d.str(profile.anchor) } } }
                case .labels: d.list { d in for label in v.labels { d.str(label) } }
                case .status: d.str(v.status)
                case .statusWord: d.str(v.statusWord)
                case .cards: d.list { d in for card in v.cards { d.list { d in d.str(card.title); d.str(card.value); d.str(card.note) } } }
                case .compliance: d.list { d in for framework in v.compliance { d.str(framework) } }
                case .usageCaption: d.str(v.usageCaption)
                case .usage: d.list { d in for (term, value) in v.usage { d.list { d in d.str(term); d.str(value) } } }
                case .settings:
                    // The shape's number, then each row's value and, for its own settings, line and column.
                    d.list { d in
                        let number = d.shapeIndex[shape] ?? 0
                        if d.recording { d.token(.shape(number)) } else { d.item(String(number)) }
                        for (row, kind) in zip(v.settings, shape) {
                            d.str(row.value)
                            if kind.code & 3 == 0 { d.item(String(row.line - base)); d.item(String(row.column)) }
                        }
                    }
                case .quotaIntro: d.str(v.quotaIntro)
                case .quotas:
                    d.list { d in
                        for row in v.quotas {
                            d.list { d in
                                d.str(row.measure); d.str(row.used); d.str(row.limit); d.item(String(row.fill)); d.item(String(row.tick))
                                d.str(row.percentText); d.str(row.status + " " + row.statusName); d.str(row.reached)
                            }
                        }
                    }
                case .bill:
                    if let bill = v.bill {
                        d.list { d in
                            d.str(bill.period); d.item(Self.q(bill.total)); d.item(Self.q(bill.projected))
                            d.list { d in for part in bill.parts { d.list { d in d.item(String(part.x)); d.item(String(part.width)); d.item(String(part.index)) } } }
                            d.list { d in
                                for line in bill.lines { d.list { d in d.str(line.service); d.str(line.quantity); d.str(line.price); d.item(Self.q(line.amount)) } }
                            }
                            d.item(Self.q(bill.budget))
                            d.list { d in for note in bill.notes { d.str(note) } }
                        }
                    } else {
                        d.item("null")
                    }
                case .analyticsIntro: d.str(v.analyticsIntro)
                case .charts:
                    d.list { d in
                        for chart in v.charts {
                            d.list { d in
                                d.str(chart.key); d.str(chart.title); d.item(chart.words.map { String($0.count) } ?? "null")
                                d.str(chart.words?.first); d.str(chart.words?.last); d.item(Self.q(chart.words?.firstValue))
                                d.item(Self.q(chart.words?.lastValue)); d.item(Self.q(chart.high)); d.item(Self.q(chart.low))
                                d.item(Self.q(Self.heights(chart.heights)))
                            }
                        }
                    }
                case .weekOverWeek:
                    d.list { d in
                        for change in v.weekOverWeek {
                            d.list { d in d.str(change.metric); d.item(Self.q(change.this)); d.item(Self.q(change.previous)); d.item(Self.q(change.change)) }
                        }
                    }
                case .lineBase: d.item(String(base))
                case .ownFile: d.str(ownFile)
                }
            }
        }
        return finish()
    }

    /// The section written (or, recording, kept as tokens).
    private mutating func finish() -> String {
        guard recording else { return out }
        if !out.isEmpty { tokens.append(.raw(out)) }
        recorded.append(tokens)
        // The next section is about as long: its tokens get the room at once (grown from
        // nothing, hundreds of tokens are copied nine times over).
        let count = tokens.count
        tokens = []
        tokens.reserveCapacity(count + 16)
        out = ""
        return ""
    }

    /// What a recorder's sections need to be written: each of its strings' text in the page
    /// (its number in the table, or itself in quotes), by the recorder's numbers, and each of its
    /// shapes' number.
    func references(for part: ReportData) -> (strings: [String], shapes: [Int]) {
        var strings = [String](repeating: "null", count: part.uses.count)
        for (text, use) in part.uses { strings[use.first] = reference(text) }
        return (strings, part.shapes.map { shapeIndex[$0] ?? 0 })
    }

    /// A recorded section with its numbers put in.
    static func render(_ tokens: [Token], _ references: (strings: [String], shapes: [Int])) -> String {
        var out = ""
        for token in tokens {
            switch token {
            case let .raw(text): out += text
            case let .string(number): out += references.strings[number]
            case let .shape(number): out += String(references.shapes[number])
            }
        }
        return out
    }

    // MARK: Writing lists

    /// What `workspace` and `access` are writing, and whether the next item needs a comma.
    private var out = ""
    private var needsComma = false

    /// Whether items are written (while counting only the strings are counted).
    private var writes: Bool { !counting || recording }

    /// An item written as it is (nothing while counting: the text is not even made).
    private mutating func item(_ text: @autoclosure () -> String) {
        guard writes else { return }
        if needsComma { out += "," }
        out += text()
        needsComma = true
    }

    /// A string by its number in the table, or in place (`s`); recording, by its number in
    /// this run.
    private mutating func str(_ text: String?) {
        guard recording, let text else {
            let written = s(text)
            item(written)
            return
        }
        token(.string(count(text)))
    }

    /// A number put in later, after the text written so far.
    private mutating func token(_ token: Token) {
        if needsComma { out += "," }
        if !out.isEmpty { tokens.append(.raw(out)) }
        out = ""
        tokens.append(token)
        needsComma = true
    }

    /// `[…]` around what `body` writes.
    private mutating func list(_ body: (inout ReportData) -> Void) {
        if writes {
            if needsComma { out += "," }
            out += "["
        }
        needsComma = false
        body(&self)
        if writes { out += "]" }
        needsComma = true
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
        out = ""
        needsComma = false
        list { d in
            for row in rows {
                d.list { d in
                    d.str(HTML.escape(row.label))
                    d.item(row.isServiceAccount ? "1" : "0")
                    d.str(Permissions.areas.map { AccessMatrix.cell(row.permissions, area: $0.permissions) }.joined(separator: "|"))
                    d.str(HTML.escape(row.via.joined(separator: ", ")))
                }
            }
        }
        return finish()
    }

    /// The table, as the data block's last member.
    var table: String { "\"s\":" + Self.list(strings.map { Self.q($0) }) }

    /// The settings' shapes (after counting): each row `[code, path]`, then for a template
    /// default `file, line, column`, then its rules.
    mutating func shapeTable() -> String {
        var rows: [String] = []
        for shape in shapes {
            rows.append(Self.list(shape.map { row in
                var items = [String(row.code), s(row.path)]
                if let file = row.file { items += [s(file), String(row.line), String(row.column)] }
                return Self.list(items + row.rules.map(String.init))
            }))
        }
        return "\"sh\":" + Self.list(rows)
    }
}
