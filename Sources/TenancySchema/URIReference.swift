import Foundation

/// RFC 3986 reference resolution as JSON Schema's `$id` and `$ref` need it.
enum URIReference {
    static func withoutFragment(_ uri: String) -> String {
        uri.firstIndex(of: "#").map { String(uri[..<$0]) } ?? uri
    }

    static func fragment(_ uri: String) -> String? {
        uri.firstIndex(of: "#").map { String(uri[uri.index(after: $0)...]) }
    }

    /// `uri#` and `uri` name the same resource.
    static func normalized(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }

    static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), let first = text.first, first.isASCII, first.isLetter else { return false }
        return text[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    static func resolve(_ reference: String, against base: String) -> String {
        if reference.isEmpty { return withoutFragment(base) }
        if reference.hasPrefix("#") { return normalized(withoutFragment(base) + reference) }
        if hasScheme(reference) { return normalized(reference) }
        let baseDocument = withoutFragment(base)
        if let baseURL = URL(string: baseDocument), baseURL.scheme != nil,
           let resolved = URL(string: reference, relativeTo: baseURL)?.absoluteURL.standardized {
            var text = resolved.absoluteString
            // URL drops an empty fragment and keeps `#frag`; nothing else to normalise.
            if reference.hasSuffix("#") && !text.hasSuffix("#") { text += "" }
            return normalized(text)
        }
        return normalized(reference)
    }

    /// Decodes a JSON-pointer fragment (`/definitions/a~1b`) into its reference tokens.
    static func pointerTokens(_ fragment: String) -> [String]? {
        let decoded = fragment.removingPercentEncoding ?? fragment
        guard decoded.isEmpty || decoded.hasPrefix("/") else { return nil }
        if decoded.isEmpty { return [] }
        return decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}
