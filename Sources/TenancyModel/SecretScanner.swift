import TenancyDiagnostics
import TenancyYAML

/// Finds secrets written into manifests: tokens with a recognisable shape, URLs that carry
/// credentials, private keys, and password-like fields holding a plain value. Manifests live in
/// git; a secret there is leaked, whatever the schema says about the field.
enum SecretScanner {
    private static let secretFieldNames = ["password", "passwd", "secret", "token", "apikey", "api_key", "privatekey",
                                           "private_key", "clientsecret", "signingsecret", "accesskey", "credentials"]

    static func scan(_ root: Node, address: String?, into diagnostics: inout Diagnostics) {
        walk(root, path: "", address: address, into: &diagnostics)
    }

    private static func walk(_ node: Node, path: String, address: String?, into diagnostics: inout Diagnostics) {
        switch node.kind {
        case .mapping:
            node.forEachPair { key, value in
                let name = key.string ?? ""
                let childPath = path.isEmpty ? name : path + "." + name
                let lowered = name.lowercased()
                if value.isScalar, value.scalarType == .string, lowered != "secretref",
                   secretFieldNames.contains(where: { lowered.contains($0) }), !(value.string ?? "").isEmpty {
                    diagnostics.append(.error(
                        .literalSecret, "`\(name)` holds a secret written into the manifest",
                        detail: "Manifests are committed to git; a secret in one is leaked to everyone who can read the repository, and stays in its history.",
                        hint: "use {secretRef: \"env:NAME\"} or {secretRef: \"file:PATH\"}, and rotate the secret that was written here",
                        range: value.range, path: childPath, address: address))
                    return
                }
                walk(value, path: childPath, address: address, into: &diagnostics)
            }
        case .sequence:
            node.forEachItem { i, item in walk(item, path: "\(path)[\(i)]", address: address, into: &diagnostics) }
        case .scalar:
            guard node.scalarType == .string, let text = node.string, let kind = secretKind(text) else { return }
            diagnostics.append(.error(
                .literalSecret, "this value looks like \(kind)",
                detail: "Manifests are committed to git; a secret in one is leaked to everyone who can read the repository, and stays in its history.",
                hint: "reference it with {secretRef: \"env:NAME\"} or {secretRef: \"file:PATH\"}, and rotate it",
                range: node.range, path: path, address: address))
        }
    }

    /// What kind of secret a string looks like, or nil.
    static func secretKind(_ text: String) -> String? {
        guard text.count >= 12 else { return nil }
        if text.hasPrefix("xoxb-") || text.hasPrefix("xoxp-") || text.hasPrefix("xoxa-") || text.hasPrefix("xoxs-") {
            return "a Slack token"
        }
        if text.contains("hooks.slack.com/services/") { return "a Slack webhook URL (which is itself a secret)" }
        if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") { return "a private key" }
        if text.hasPrefix("ghp_") || text.hasPrefix("gho_") || text.hasPrefix("ghs_") || text.hasPrefix("github_pat_") {
            return "a GitHub token"
        }
        if text.count == 20, text.hasPrefix("AKIA"), text.allSatisfy({ $0.isUppercase || $0.isNumber }) { return "an AWS access key id" }
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") {
            let userInfo = text[scheme.upperBound..<at]
            if userInfo.contains(":"), !userInfo.contains("/") { return "a URL with a password in it" }
        }
        return nil
    }
}
