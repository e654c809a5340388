import TenancyModel
import TenancyJSON

/// An attribute path as plans and secret digests name it: `spec.sso.clientSecret`,
/// `spec.notifications[0].channel`.
enum AttributePath {
    enum Component: Equatable { case key(String), index(Int) }

    /// `a.b[2].c` as keys and indexes.
    static func components(_ path: String) -> [Component] {
        var out: [Component] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                if open > rest.startIndex { out.append(.key(String(rest[..<open]))) }
                rest = rest[open...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    out.append(Int(rest[rest.index(after: rest.startIndex)..<close]).map(Component.index) ?? .key(String(rest[...close])))
                    rest = rest[rest.index(after: close)...]
                }
                if !rest.isEmpty { out.append(.key(String(rest))) }
            } else {
                out.append(.key(String(rest)))
            }
        }
        return out
    }

    /// The value at `path` in `tree`, or nil when there is none.
    static func value(at path: String, in tree: JSON) -> JSON? {
        var node = tree
        for component in components(path) {
            switch component {
            case let .key(key):
                guard let child = node[key] else { return nil }
                node = child
            case let .index(index):
                guard let items = node.arrayValue, items.indices.contains(index) else { return nil }
                node = items[index]
            }
        }
        return node
    }
}
