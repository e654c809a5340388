import Foundation
import TenancyTestSupport
import XCTest

/// The published schema and `tenancy validate` agree on every value both can judge, with
/// check-jsonschema (ECMA-262 patterns through regress) as the other judge: e-mail addresses,
/// CIDR networks, country and currency codes, hand-picked edge cases and seeded random ones
/// (well-formed values and their mutations), each in a manifest of its own, one run of each tool
/// over all of them.
///
/// What a schema cannot say is listed, and must stay exactly that: validate alone refuses a
/// network with host bits set, a local part over 64 characters, a domain over 253, a label with
/// `--` in its 3rd and 4th places (reserved for A-labels) and an A-label that is not Punycode.
final class SchemaAgreementTests: XCTestCase {
    /// Where a value goes: e-mail addresses are team members; the rest workspace settings.
    enum Field: String, CaseIterable {
        case email, cidr, country, currency

        func manifest(_ index: Int, _ value: String) -> String {
            let quoted = Self.yamlQuoted(value)
            switch self {
            case .email:
                return "apiVersion: tenancy/v1\nkind: Team\nmetadata: {name: t\(index)}\nspec:\n  members: [\(quoted)]\n"
            case .cidr:
                return "apiVersion: tenancy/v1\nkind: Workspace\nmetadata: {name: w\(index)}\nspec:\n  security: {ipAllowlist: [\(quoted)]}\n"
            case .country:
                return "apiVersion: tenancy/v1\nkind: Workspace\nmetadata: {name: w\(index)}\nspec:\n  security: {geo: {allowedCountries: [\(quoted)]}}\n"
            case .currency:
                return "apiVersion: tenancy/v1\nkind: Workspace\nmetadata: {name: w\(index)}\nspec:\n  billing: {currency: \(quoted)}\n"
            }
        }

        var address: String { self == .email ? "Team/t" : "Workspace/w" }
        var schemaFile: String { self == .email ? "team.schema.json" : "workspace.schema.json" }

        /// A YAML double-quoted scalar that holds `value` exactly (control characters escaped).
        static func yamlQuoted(_ value: String) -> String {
            var out = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += String(format: "\\u%04X", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
    }

    /// A value, where it goes, and whether it is one of the documented things only validate checks.
    struct Case {
        let field: Field
        let value: String
        let validateOnly: Bool
    }

    static let emails: [(String, Bool)] = [
        ("jo.chen@acme.example", true), ("a@b.co", true), ("first.last+tag@sub.domain.example", true), ("x_y-z@a-b.example", true),
        ("o'brien@acme.example", true), ("UPPER@ACME.EXAMPLE", true), ("a{b}|c~d@x.io", true), ("1@2.3", true),
        ("user@xn--bcher-kva.example", true), ("!#$%&'*+/=?^_`{|}~-@acme.example", true),
        ("\"quoted\"@acme.example", false), ("user@localhost", false), ("user@[192.168.0.1]", false), ("jörg@acme.example", false),
        ("user@exämple.com", false), (".lead@acme.example", false), ("trail.@acme.example", false), ("a..b@acme.example", false),
        ("user@-acme.example", false), ("user@acme-.example", false), ("user@acme.example.", false), ("@acme.example", false),
        ("user@", false), ("user", false), ("a@b@c.example", false), ("user name@acme.example", false), ("user@acme..example", false),
        ("user@acme_corp.example", false), ("user@" + String(repeating: "a", count: 64) + ".example", false), ("", false),
        (" user@acme.example", false), ("user@acme.example\n", false), ("user@.example", false),
    ]

    /// Valid to a pattern, refused by validate's `email` format: what a pattern cannot say.
    static let emailsOnlyValidateRefuses = [
        String(repeating: "l", count: 65) + "@acme.example",
        "user@" + Array(repeating: String(repeating: "d", count: 60), count: 5).joined(separator: ".") + ".example",
        "user@ab--cd.example", "user@xn--x.example", "user@xn--zzzzzzzz.example",
    ]

    static let networks: [(String, Bool)] = [
        ("10.0.0.0/8", true), ("0.0.0.0/0", true), ("192.168.1.0/24", true), ("255.255.255.255/32", true), ("100.64.0.0/10", true),
        ("2001:db8::/32", true), ("::/0", true), ("::1/128", true), ("fe80::/10", true), ("2001:DB8::/32", true),
        ("::ffff:10.0.0.0/104", true), ("1:2:3:4:5:6:7:8/128", true), ("1::/16", true), ("1:2:3:4:5:6:7::/128", true),
        ("::2:3:4:5:6:7:8/128", true), ("1::1.2.3.4/128", true), ("64:ff9b::/96", true),
        ("10.0.0.0/33", false), ("10.0.0.0/08", false), ("010.0.0.0/8", false), ("256.0.0.0/8", false), ("10.0.0/8", false),
        ("10.0.0.0", false), ("10.0.0.0/", false), ("/8", false), ("2001:db8::/129", false), ("2001:db8:::/32", false),
        ("1:2:3:4:5:6:7:8:9/128", false), ("gggg::/16", false), (" 10.0.0.0/8", false), ("10.0.0.0/8 ", false), ("12345::/16", false),
        (":1::/16", false), ("1::2::/32", false), ("::ffff:1.2.3/96", false), ("1:2:3:4:5:6:1.2.3.4::/128", false),
        ("10.0.0.0/8/8", false), ("10.0.0.0/-8", false), ("10.0.0.0/+8", false), ("1.2.3.4.5/32", false), ("1::/0128", false),
    ]

    /// Host bits set: a pattern cannot tell, validate refuses (offering the network meant).
    static let networksOnlyValidateRefuses = ["10.0.0.1/8", "2001:db8::1/32", "192.168.1.128/24", "::1/0"]

    static let countries: [(String, Bool)] = [
        ("DE", true), ("US", true), ("GB", true), ("AQ", true), ("BQ", true), ("SS", true),
        ("UK", false), ("EU", false), ("uk", false), ("D", false), ("DEU", false), ("de", false), ("XK", false), ("QQ", false),
        ("ZZ", false), ("", false),
    ]

    static let currencies: [(String, Bool)] = [
        ("USD", true), ("EUR", true), ("JPY", true), ("KWD", true), ("CHF", true), ("XOF", true), ("VES", true), ("ZWG", true), ("CLF", true),
        ("XYZ", false), ("usd", false), ("US", false), ("USDD", false), ("HRK", false), ("ANG", false), ("XAU", false),
        ("XTS", false), ("BGN", false), ("", false),
    ]

    /// Seeded random values: well-formed networks (host bits masked) and addresses, and each
    /// mutated once (a character inserted, removed or changed), so that the tools meet values
    /// nobody listed.
    static func generated(seed: UInt64, count: Int) -> [Case] {
        var random = SeededRandom(seed)
        var cases: [Case] = []
        let alphabet = Array("0123456789abcdefABCDEF.:/-_@+!xyzXY \u{e9}\"[]")
        func mutate(_ text: String) -> String {
            var chars = Array(text)
            let position = Int(random.next() % UInt64(chars.count + 1))
            switch random.next() % 3 {
            case 0: chars.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
            case 1: if !chars.isEmpty { chars.remove(at: min(position, chars.count - 1)) }
            default: if !chars.isEmpty { chars[min(position, chars.count - 1)] = alphabet[Int(random.next() % UInt64(alphabet.count))] }
            }
            return String(chars)
        }
        for _ in 0..<count {
            // An IPv4 network: a random address masked to a random prefix.
            let prefix4 = Int(random.next() % 33)
            let address4 = UInt32(truncatingIfNeeded: random.next()) & (prefix4 == 0 ? 0 : ~UInt32(0) << (32 - prefix4))
            let v4 = (0..<4).map { String((address4 >> (24 - 8 * $0)) & 0xFF) }.joined(separator: ".") + "/\(prefix4)"
            // An IPv6 network: random groups masked to a random prefix, written with `::` for the zero run.
            let prefix6 = Int(random.next() % 129)
            var groups = (0..<8).map { _ in UInt16(truncatingIfNeeded: random.next() % 4 == 0 ? 0 : random.next()) }
            for i in 0..<8 {
                let keep = max(0, min(16, prefix6 - 16 * i))
                groups[i] &= keep == 0 ? 0 : ~UInt16(0) << (16 - keep)
            }
            let v6 = Self.compressed(groups) + "/\(prefix6)"
            let local = (0..<Int(1 + random.next() % 12)).map { _ in Array("abcxyz019._+-")[Int(random.next() % 13)] }
            let email = String(local) + "@" + ["acme.example", "a.io", "sub.b-c.example", "x1.y2.z3"][Int(random.next() % 4)]
            for (field, value) in [(Field.cidr, v4), (.cidr, v6), (.email, email)] {
                cases.append(Case(field: field, value: value, validateOnly: false))
                cases.append(Case(field: field, value: mutate(value), validateOnly: false))
            }
        }
        return cases
    }

    /// RFC 5952's shape: the longest run of two or more zero groups as `::`, lower case.
    static func compressed(_ groups: [UInt16]) -> String {
        var best = (start: -1, length: 1), run = (start: -1, length: 0)
        for (i, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (i, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        let text = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return text.joined(separator: ":") }
        return text[..<best.start].joined(separator: ":") + "::" + text[(best.start + best.length)...].joined(separator: ":")
    }

    func testTheSchemaAndValidateAgreeOnEveryValueBothJudge() throws {
        let bin = try PythonTools.venv("check-jsonschema-0.39", ["check-jsonschema==0.39.0"])
        let scenario = try ScenarioFolder(empty: true)
        defer { scenario.remove() }
        var cases: [Case] = []
        for (value, _) in Self.emails { cases.append(Case(field: .email, value: value, validateOnly: false)) }
        for value in Self.emailsOnlyValidateRefuses { cases.append(Case(field: .email, value: value, validateOnly: true)) }
        for (value, _) in Self.networks { cases.append(Case(field: .cidr, value: value, validateOnly: false)) }
        for value in Self.networksOnlyValidateRefuses { cases.append(Case(field: .cidr, value: value, validateOnly: true)) }
        for (value, _) in Self.countries { cases.append(Case(field: .country, value: value, validateOnly: false)) }
        for (value, _) in Self.currencies { cases.append(Case(field: .currency, value: value, validateOnly: false)) }
        cases += Self.generated(seed: 20_261_207, count: 60)

        try scenario.write("tenancy.yaml", "apiVersion: tenancy/v1\nkind: Project\nmetadata: {name: agree}\nspec:\n  paths: [\"cases/*.yaml\"]\n")
        for (i, item) in cases.enumerated() { try scenario.write("cases/\(item.field.rawValue)-\(i).yaml", item.field.manifest(i, item.value)) }

        // validate: which manifests have an error, and of which codes.
        let validate = try scenario.tenancy(["validate", "--format", "json"])
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(validate.out.utf8)) as? [String: Any], validate.err)
        var refusedBy: [String: Set<String>] = [:]
        for diagnostic in report["diagnostics"] as? [[String: Any]] ?? [] where diagnostic["severity"] as? String == "error" {
            let file = ((diagnostic["range"] as? [String: Any])?["filename"] as? String) ?? "?"
            refusedBy[file, default: []].insert(diagnostic["code"] as? String ?? "?")
        }

        // check-jsonschema, once per schema file, over the manifests that go with it.
        let schema = Golden.repositoryRoot.appendingPathComponent("schema").path
        var schemaRefuses: Set<String> = []
        for field in [Field.email, .cidr] {
            let files = cases.indices.filter { (cases[$0].field == .email) == (field == .email) }
                .map { "cases/\(cases[$0].field.rawValue)-\($0).yaml" }
            let run = PythonTools.shell("'\(bin.path)/check-jsonschema' --no-cache -o json --schemafile '\(schema)/\(field.schemaFile)' "
                                        + files.joined(separator: " "), in: scenario.url)
            let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], run.output)
            XCTAssertEqual((result["parse_errors"] as? [Any])?.count, 0, run.output)
            for error in result["errors"] as? [[String: Any]] ?? [] {
                if let file = error["filename"] as? String { schemaRefuses.insert(file) }
            }
        }

        var disagreements: [String] = []
        for (i, item) in cases.enumerated() {
            let file = "cases/\(item.field.rawValue)-\(i).yaml"
            let byValidate = refusedBy[file] != nil, bySchema = schemaRefuses.contains(file)
            // Only the documented kinds may differ, and only that way round.
            let hostBitsOnly = refusedBy[file] == ["value.cidr"]
            if item.validateOnly || hostBitsOnly {
                if !byValidate || bySchema { disagreements.append("\(file) \(item.value.debugDescription): expected validate alone to refuse it") }
                continue
            }
            if byValidate != bySchema {
                disagreements.append("\(file) \(item.value.debugDescription): validate \(byValidate ? "refuses \(refusedBy[file] ?? [])" : "accepts"), the schema \(bySchema ? "refuses" : "accepts")")
            }
        }
        XCTAssertEqual(disagreements, [], "\(disagreements.count) of \(cases.count) values")

        // The hand-picked cases are judged as listed (the tools agreeing on a wrong answer is no comfort).
        for (list, field) in [(Self.emails, Field.email), (Self.networks, .cidr), (Self.countries, .country), (Self.currencies, .currency)] {
            for (value, valid) in list {
                guard let i = cases.firstIndex(where: { $0.field == field && $0.value == value }) else { continue }
                let file = "cases/\(field.rawValue)-\(i).yaml"
                XCTAssertEqual(refusedBy[file] == nil, valid, "\(field) \(value.debugDescription): \(refusedBy[file] ?? [])")
            }
        }
    }
}
