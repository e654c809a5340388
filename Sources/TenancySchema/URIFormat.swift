/// URIs and URI references as RFC 3986 defines them (section 3 and appendix A), checked byte by
/// byte: only the characters the grammar allows (no spaces, no non-ASCII: an IRI is not a URI),
/// every `%` followed by two hex digits, a scheme that starts with a letter, an authority with a
/// well-formed host and a numeric port, brackets only around an IP literal. Stricter than
/// Foundation's URLComponents, which accepts `http://exa mple.com` and `http://%zz`; as strict as
/// other JSON Schema validators' `uri` and `uri-reference` formats.
enum URIFormat {
    /// `uri`: an absolute URI (with a scheme).
    static func isURI(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), isScheme(bytes[..<colon]) else { return false }
        return isRest(bytes[(colon + 1)...], relative: false)
    }

    /// `uri-reference`: a URI, or a relative reference.
    static func isURIReference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
           !bytes[..<colon].contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            // A colon before any `/`, `?` or `#`: it ends a scheme, or the reference is invalid
            // (a relative reference's first segment cannot hold a colon).
            return isScheme(bytes[..<colon]) && isRest(bytes[(colon + 1)...], relative: false)
        }
        return isRest(bytes[...], relative: true)
    }

    /// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
    static func isScheme(_ b: ArraySlice<UInt8>) -> Bool {
        guard let first = b.first, isAlpha(first) else { return false }
        return b.dropFirst().allSatisfy { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// What follows the scheme's colon (or a whole relative reference): hier-part or relative-part,
    /// then `?query` and `#fragment`.
    static func isRest(_ b: ArraySlice<UInt8>, relative: Bool) -> Bool {
        var rest = b
        var fragment: ArraySlice<UInt8>?
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            fragment = rest[(hash + 1)...]
            rest = rest[..<hash]
        }
        var query: ArraySlice<UInt8>?
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[(question + 1)...]
            rest = rest[..<question]
        }
        if let fragment, !fragment.allSatisfyPercentEncoded(isQueryCharacter) { return false }
        if let query, !query.allSatisfyPercentEncoded(isQueryCharacter) { return false }
        var path = rest
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end]) else { return false }
            path = afterSlashes[end...]
        } else if relative, let first = path.first, first != UInt8(ascii: "/") {
            // path-noscheme: the first segment has no colon.
            let end = path.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            if path[..<end].contains(UInt8(ascii: ":")) { return false }
        }
        return path.allSatisfyPercentEncoded { isPathCharacter($0) || $0 == UInt8(ascii: "/") }
    }

    /// `authority = [ userinfo "@" ] host [ ":" port ]`
    static func isAuthority(_ b: ArraySlice<UInt8>) -> Bool {
        var hostAndPort = b
        if let at = b.lastIndex(of: UInt8(ascii: "@")) {
            guard b[..<at].allSatisfyPercentEncoded({ isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") }) else {
                return false
            }
            hostAndPort = b[(at + 1)...]
        }
        var host = hostAndPort
        if hostAndPort.first == UInt8(ascii: "[") {
            guard let close = hostAndPort.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = String(decoding: hostAndPort[(hostAndPort.startIndex + 1)..<close], as: UTF8.self)
            guard Format.isIPv6(literal) || isIPFuture(Array(literal.utf8)) else { return false }
            host = hostAndPort[hostAndPort.startIndex..<hostAndPort.startIndex]
            let after = hostAndPort[(close + 1)...]
            guard after.isEmpty || (after.first == UInt8(ascii: ":") && after.dropFirst().allSatisfy(isDigit)) else { return false }
            return true
        }
        if let colon = hostAndPort.lastIndex(of: UInt8(ascii: ":")) {
            guard hostAndPort[(colon + 1)...].allSatisfy(isDigit) else { return false }
            host = hostAndPort[..<colon]
        }
        // reg-name (an IPv4 address is one too, as far as characters go).
        return host.allSatisfyPercentEncoded { isUnreserved($0) || isSubDelimiter($0) }
    }

    /// `IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`
    static func isIPFuture(_ b: [UInt8]) -> Bool {
        guard b.first == UInt8(ascii: "v") || b.first == UInt8(ascii: "V"), let dot = b.firstIndex(of: UInt8(ascii: ".")), dot > 1,
              b[1..<dot].allSatisfy(isHexDigit), dot + 1 < b.count else { return false }
        return b[(dot + 1)...].allSatisfy { isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") }
    }

    static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    /// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`
    static func isUnreserved(_ c: UInt8) -> Bool {
        isAlpha(c) || isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
    }
    /// `sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`
    static func isSubDelimiter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="): return true
        default: return false
        }
    }
    /// `pchar = unreserved / pct-encoded / sub-delims / ":" / "@"` (without the percent-encoding).
    static func isPathCharacter(_ c: UInt8) -> Bool {
        isUnreserved(c) || isSubDelimiter(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: "@")
    }
    /// `query = fragment = *( pchar / "/" / "?" )`
    static func isQueryCharacter(_ c: UInt8) -> Bool {
        isPathCharacter(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: "?")
    }
}

extension ArraySlice where Element == UInt8 {
    /// Every byte allowed by `allowed`, or part of a `%XX` escape with two hex digits.
    fileprivate func allSatisfyPercentEncoded(_ allowed: (UInt8) -> Bool) -> Bool {
        var i = startIndex
        while i < endIndex {
            if self[i] == UInt8(ascii: "%") {
                guard i + 2 < endIndex, URIFormat.isHexDigit(self[i + 1]), URIFormat.isHexDigit(self[i + 2]) else { return false }
                i += 3
                continue
            }
            guard allowed(self[i]) else { return false }
            i += 1
        }
        return true
    }
}
