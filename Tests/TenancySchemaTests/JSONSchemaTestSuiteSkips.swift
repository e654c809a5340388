/// Tests of the JSON-Schema-Test-Suite (draft 7) that are not run, each with its reason. Matched on
/// "file: group" (the whole group) or "file: group: test".
enum JSONSchemaTestSuiteSkips {
    static let reasons: [String: String] = [
        "definitions.json: validate definition against metaschema":
            "refers to the draft-07 meta-schema at json-schema.org, which the suite does not serve locally",
        "ref.json: remote ref, containing refs itself":
            "refers to the draft-07 meta-schema at json-schema.org, which the suite does not serve locally",
    ]

    static func reason(for name: String) -> String? {
        if let reason = reasons[name] { return reason }
        let parts = name.components(separatedBy: ": ")
        if parts.count >= 2, let reason = reasons[parts[0] + ": " + parts[1]] { return reason }
        return nil
    }
}
