import TenancyAnswers
import TenancyEngine
import TenancyModel
import TenancyYAML
import TenancyJSON

/// Where each applied setting of a workspace comes from, and what enforces it: the workspace's
/// manifest (file:line) or its template's default, and the template and profile rules whose
/// field it is (`RuleFragments` renders them with the controls that list them).
struct ReportSettings: Sendable {
    let configuration: Configuration
    /// The checkout's workspaces, by name.
    let manifests: [String: Manifest]

    init(configuration: Configuration) {
        self.configuration = configuration
        var manifests: [String: Manifest] = [:]
        for manifest in configuration.all(.workspace) { manifests[manifest.name] = manifest }
        self.manifests = manifests
    }

    /// The rows of the applied `spec`, table by table (in `SettingTable` order), each table's in
    /// key order: one walk, whatever the number of tables.
    func rows<Spec: JSONReading>(of workspace: String, spec: Spec?) -> (rules: [TemplateRule], rows: [SettingRow]) {
        var grouped = [[SettingRow]](repeating: [], count: SettingTable.allCases.count)
        guard let members = spec?.objectMembers else { return ([], []) }
        let manifest = manifests[workspace]
        let effective = manifest.map { configuration.effective($0) }
        let rules = manifest.map { configuration.rules(for: $0) } ?? []
        let fields = rules.map(\.fieldPath)
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let table = SettingTable.of(key) else { continue }
            leaves(value, path: [key]) { path, value in
                let joined = path.joined(separator: ".")
                var file: String?
                var line = 0, column = 0
                var inherited = false
                if let found = effective?.lookup(path) {
                    file = found.node.source.path
                    line = found.node.start.line
                    column = found.node.start.column
                    inherited = !found.own
                }
                let enforcing = fields.indices.filter { Self.related(fields[$0], joined) }
                grouped[table.rawValue].append(SettingRow(table: table, path: joined, value: value, file: file, line: line, column: column,
                                                          inherited: inherited, rules: enforcing))
            }
        }
        return (rules, grouped.flatMap { $0 })
    }

    /// Whether a rule on `field` is about the setting at `path`: the same path, or one inside
    /// the other (`policy.mfa` and `policy.mfa.required`).
    static func related(_ field: String, _ path: String) -> Bool {
        let a = field.utf8, b = path.utf8
        if a.count == b.count { return field == path }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.starts(with: short) else { return false }
        return long[long.index(long.startIndex, offsetBy: short.count)] == UInt8(ascii: ".")
    }

    /// Objects walked to their leaves; a list is one setting (its items in one cell).
    private func leaves<Value: JSONReading>(_ value: Value, path: [String], _ body: ([String], String) -> Void) {
        if let members = value.objectMembers, !members.isEmpty {
            for (key, child) in members.sorted(by: { $0.key < $1.key }) { leaves(child, path: path + [key], body) }
            return
        }
        body(path, Self.text(value))
    }

    /// A value as the report shows it: strings bare, lists and objects compact.
    static func text(_ value: some JSONReading) -> String {
        if let text = value.stringValue { return text }
        if let items = value.arrayValue {
            let strings = items.compactMap(\.stringValue)
            if strings.count == items.count { return strings.joined(separator: ", ") }
        }
        return value.compactForm
    }
}
