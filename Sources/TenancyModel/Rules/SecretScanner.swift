import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TenancyDiagnostics
import TenancyYAML

/// Finds secrets written into manifests: tokens with a recognisable shape, URLs that carry
/// credentials, private keys, and password-like fields holding a plain value. Manifests live in
/// git; a secret there is leaked, whatever the schema says about the field.
enum SecretScanner {
    /// Whether a field name looks like it holds a secret (`password`, `clientSecret`, `apiKey`,
    /// …) but is not `secretRef`. Byte-wise, with the fragments as static strings: it runs on
    /// every string-valued field of every manifest.
    static func isSecretFieldName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 5 else { return false }
        if has(bytes, at: 0, "secretref") && bytes.count == 9 { return false }
        for offset in 0..<bytes.count {
            switch bytes[offset] | 0x20 {
            case 0x70: // p
                if has(bytes, at: offset, "password") || has(bytes, at: offset, "passwd")
                    || has(bytes, at: offset, "privatekey") || has(bytes, at: offset, "private_key") { return true }
            case 0x73: if has(bytes, at: offset, "secret") { return true } // s
            case 0x74: if has(bytes, at: offset, "token") { return true } // t
            case 0x61: // a
                if has(bytes, at: offset, "apikey") || has(bytes, at: offset, "api_key") || has(bytes, at: offset, "accesskey") {
                    return true
                }
            case 0x63: if has(bytes, at: offset, "credentials") { return true } // c
            default: break
            }
        }
        return false
    }

    /// ASCII case-insensitive: does `bytes` hold the lowercase `needle` at `offset`?
    @inline(__always)
    private static func has(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let n = needle.utf8Start
        for j in 0..<count {
            let b = bytes[offset + j]
            if (b >= 65 && b <= 90 ? b + 32 : b) != n[j] { return false }
        }
        return true
    }

    /// Scans a whole document. It runs over the document's arena (every scalar once, every
    /// mapping pair once) rather than walking the tree, and builds paths only for what it reports.
    static func scan(_ document: YAMLDocument, address: String?, checkFieldNames: Bool = true, into diagnostics: inout Diagnostics) {
        var reported = Set<Int32>()
        var hits: [(key: Int32, value: Int32)] = []
        if checkFieldNames { document.root.withRawNodes { raw, _ in
            document.forEachMappingPair { key, value in
                if raw.scalarType(value) == .string, !raw.bytes(value).isEmpty, raw.kind(key) == .scalar,
                   isSecretFieldName(raw.bytes(key)) {
                    hits.append((key, value))
                }
            }
        } }
        for (key, value) in hits {
            let valueNode = document.node(value)
            reported.insert(value)
            let written = document.node(key).string ?? ""
            // A field name that is itself a secret (a URL with a token used as a key) is not
            // printed back either.
            let keyIsSecret = written.count >= 12 && secretKind(written) != nil
            let name = keyIsSecret ? "a field whose name holds a secret" : "`\(written)`"
            var found = Diagnostic.error(
                .literalSecret, "\(name) holds a secret written into the manifest",
                detail: "Manifests are committed to git; a secret in one is leaked to everyone who can read the repository, and stays in its history.",
                hint: "use {secretRef: \"env:NAME\"} or {secretRef: \"file:PATH\"}, and rotate the secret that was written here",
                range: valueNode.range, path: keyIsSecret ? nil : path(to: valueNode, in: document.root), address: address)
            found.masksSource = true // the secret is not printed back
            diagnostics.append(found)
        }
        document.forEachStringScalar { id, bytes in
            guard mayBeSecret(bytes), reported.isEmpty || !reported.contains(id) else { return }
            let node = document.node(id)
            guard let value = node.string, let kind = secretKind(value) else { return }
            var found = Diagnostic.error(
                .literalSecret, "this value looks like \(kind)",
                detail: "Manifests are committed to git; a secret in one is leaked to everyone who can read the repository, and stays in its history.",
                hint: "reference it with {secretRef: \"env:NAME\"} or {secretRef: \"file:PATH\"}, and rotate it",
                range: node.range, path: path(to: node, in: document.root), address: address)
            found.masksSource = true // the secret is not printed back
            diagnostics.append(found)
        }
    }

    /// The document path of `target` (`spec.slack.webhook`), found by a walk from the root; only
    /// run for reported values.
    static func path(to target: Node, in root: Node) -> String? {
        func search(_ node: Node, _ path: String) -> String? {
            if node.identity == target.identity { return path }
            for (key, value) in node.pairs {
                let name = key.string ?? "?"
                if let found = search(value, path.isEmpty ? name : path + "." + name) { return found }
            }
            for (i, item) in node.items.enumerated() {
                if let found = search(item, path + "[\(i)]") { return found }
            }
            return nil
        }
        return search(root, "")
    }

    /// A cheap byte-level filter before `secretKind`: only strings that start like a token or
    /// contain `://` or `-----` can be one of the secrets recognised.
    static func mayBeSecret(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 12, let base = b.baseAddress else { return false }
        if b[0] == UInt8(ascii: "x") && b[1] == UInt8(ascii: "o") && b[2] == UInt8(ascii: "x") { return true }
        if b[0] == UInt8(ascii: "g") && b[1] == UInt8(ascii: "h") { return true }
        if b[0] == UInt8(ascii: "A") && b[1] == UInt8(ascii: "K") { return true }
        // memchr finds the rare `:` and `-` quickly; most values have neither.
        return contains(base, b.count, UInt8(ascii: ":"), followedBy: UInt8(ascii: "/"), UInt8(ascii: "/"))
            || contains(base, b.count, UInt8(ascii: "-"), followedBy: UInt8(ascii: "-"), UInt8(ascii: "-"))
    }

    private static func contains(_ base: UnsafePointer<UInt8>, _ count: Int, _ first: UInt8,
                                 followedBy second: UInt8, _ third: UInt8) -> Bool {
        var offset = 0
        while offset < count - 2, let hit = memchr(base + offset, Int32(first), count - 2 - offset) {
            let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if base[i + 1] == second && base[i + 2] == third { return true }
            offset = i + 1
        }
        return false
    }

    /// What kind of secret a string looks like, or nil.
    static func secretKind(_ text: String) -> String? {
        guard text.count >= 12 else { return nil }
        if text.hasPrefix("xoxb-") || text.hasPrefix("xoxp-") || text.hasPrefix("xoxa-") || text.hasPrefix("xoxs-") {
            return "a Slack token"
        }
        if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") { return "a private key" }
        if text.hasPrefix("ghp_") || text.hasPrefix("gho_") || text.hasPrefix("ghs_") || text.hasPrefix("github_pat_") {
            return "a GitHub token"
        }
        if text.count == 20, text.hasPrefix("AKIA"), text.allSatisfy({ $0.isUppercase || $0.isNumber }) { return "an AWS access key id" }
        if let scheme = text.range(of: "://") {
            return urlCredential(text, after: scheme.upperBound)
        }
        // A webhook URL written without its scheme is the same secret.
        if let host = text.range(of: "hooks.slack.com/", options: .caseInsensitive) {
            return urlCredential(text, after: host.lowerBound)
        }
        return nil
    }

    /// Query parameters that carry a credential, by their whole name (compared without letter
    /// case): OAuth's `code`, and the names `credentialWords` finds anyway, kept as examples.
    static let credentialParameters: Set<String> = [
        "token", "key", "api_key", "apikey", "api-key", "access_token", "accesstoken", "auth", "auth_token",
        "signature", "sig", "secret", "client_secret", "password", "pass", "pwd", "code", "x-amz-signature",
        "x-goog-signature",
    ]

    /// Words that make a parameter's name one that carries a credential, wherever they stand in it
    /// (`private_token`, `x-api-key`, `secret_key`, `sessionid`, `Authorization`): a list of whole
    /// names always misses the next service's spelling.
    static let credentialWords: Set<String> = [
        "token", "key", "apikey", "accesskey", "secret", "password", "passwd", "pass", "pwd", "passphrase", "sig",
        "signature", "auth", "authorization", "bearer", "session", "sessionid", "credential", "credentials", "jwt",
        "hmac", "cookie", "sas",
        // Words run together in lower case, as some services spell them.
        "apitoken", "authtoken", "authkey", "secretkey", "privatekey", "signingkey", "refreshtoken", "sessiontoken",
        "accesstoken", "clientsecret", "appsecret", "apisecret", "userpassword", "accesskeyid",
    ]

    /// Whether a parameter of this name carries a credential: by its whole name (lower case), a
    /// word of it (split at `_`, `-`, `.` and at camelCase humps: `clientSecret`, `AWSAccessKeyId`),
    /// or its words run together (`sessionid`).
    static func isCredentialParameter(_ name: String) -> Bool {
        if credentialParameters.contains(name.lowercased()) { return true }
        let lowered = words(of: name).map { $0.lowercased() }
        return lowered.contains(where: credentialWords.contains) || credentialWords.contains(lowered.joined())
    }

    /// A parameter's name in words: split at `_`, `-`, `.`, at a lower-to-upper hump
    /// (`clientSecret`) and before the last capital of an acronym run into a word (`AWSAccessKeyId`
    /// → AWS, Access, Key, Id).
    static func words(of name: String) -> [String] {
        let characters = Array(name)
        var words: [String] = []
        var current = ""
        for (i, character) in characters.enumerated() {
            if character == "_" || character == "-" || character == "." {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            }
            if character.isUppercase, let previous = current.last {
                let next = i + 1 < characters.count ? characters[i + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    words.append(current)
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Incoming-webhook URLs whose path is itself the credential: host (or host suffix) and path
    /// prefix.
    static let webhookForms: [(host: String, path: String, name: String)] = [
        ("hooks.slack.com", "/services/", "a Slack webhook URL"), ("hooks.slack.com", "/workflows/", "a Slack workflow webhook URL"),
        ("discord.com", "/api/webhooks/", "a Discord webhook URL"), ("discordapp.com", "/api/webhooks/", "a Discord webhook URL"),
        (".webhook.office.com", "/webhookb2/", "a Microsoft Teams webhook URL"), ("outlook.office.com", "/webhook/", "a Microsoft Teams webhook URL"),
        (".logic.azure.com", "/workflows/", "a Power Automate webhook URL"),
        ("hooks.zapier.com", "/hooks/catch/", "a Zapier webhook URL"), ("events.pagerduty.com", "/integration/", "a PagerDuty integration URL"),
        ("chat.googleapis.com", "/v1/spaces/", "a Google Chat webhook URL"), ("api.telegram.org", "/bot", "a Telegram bot URL"),
    ]

    /// What credential a URL carries, if any: user information (`https://user:pass@` or
    /// `https://TOKEN@`), a query parameter such as `token` or `signature` with a value, or the
    /// path of a well-known incoming webhook (whose URL is the secret). A URL is a secret then:
    /// it is written as `{secretRef: …}`, never into a manifest.
    static func urlCredential(_ text: String, after start: String.Index) -> String? {
        let rest = text[start...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), at > authority.startIndex {
            return authority[..<at].contains(":") ? "a URL with a password in it" : "a URL with a credential in its user part"
        }
        // The host as DNS compares it: letter case and a trailing dot do not matter.
        var host = authority.split(separator: ":").first.map { $0.lowercased() } ?? ""
        while host.hasSuffix(".") { host.removeLast() }
        let pathAndQuery = rest[authorityEnd...]
        // Empty path segments (`//services/`) are the same path to most servers.
        var path = String(pathAndQuery.prefix { $0 != "?" && $0 != "#" })
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        path = path.removingPercentEncoding ?? path
        for form in webhookForms where (form.host.hasPrefix(".") ? host.hasSuffix(form.host) : host == form.host || host.hasSuffix("." + form.host))
            && path.lowercased().hasPrefix(form.path) && path.count > form.path.count {
            return "\(form.name) (which is itself a secret)"
        }
        // Parameters in the query and in the fragment (OAuth's implicit grant puts an
        // access_token there), separated by `&` or `;`, names without a `[]` suffix; and matrix
        // parameters in the path (`/hook;token=…`).
        var parts: [Substring] = []
        for marker: Character in ["?", "#"] {
            guard let start = pathAndQuery.firstIndex(of: marker) else { continue }
            parts.append(pathAndQuery[pathAndQuery.index(after: start)...].prefix { marker == "#" || $0 != "#" })
        }
        for segment in pathAndQuery.prefix(while: { $0 != "?" && $0 != "#" }).split(separator: "/") where segment.contains(";") {
            parts.append(segment[segment.index(after: segment.firstIndex(of: ";") ?? segment.startIndex)...])
        }
        for part in parts {
            for pair in part.split(whereSeparator: { $0 == "&" || $0 == ";" }) {
                let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard halves.count == 2, !halves[1].isEmpty else { continue }
                var name = halves[0].removingPercentEncoding ?? String(halves[0])
                while name.hasSuffix("[]") { name.removeLast(2) }
                // Its letter case kept for the words of a camelCase name (`clientSecret`).
                if isCredentialParameter(name) { return "a URL with a credential in its `\(name.lowercased())` parameter" }
            }
        }
        return nil
    }
}
