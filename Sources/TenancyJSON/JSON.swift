/// A JSON value as state files and plans hold it. Numbers keep their canonical decimal text, so
/// that integers never pass through a Double and `2` never turns into `2.0`. Objects are
/// dictionaries: the canonical writer (`JSONWriter`) sorts keys, so equal values always print the
/// same.
public indirect enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public static func int(_ value: Int) -> JSON { .number(String(value)) }

    public subscript(key: String) -> JSON? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    public var intValue: Int? { if case let .number(n) = self { return Int(n) } else { return nil } }
    public var arrayValue: [JSON]? { if case let .array(a) = self { return a } else { return nil } }
    public var objectValue: [String: JSON]? { if case let .object(o) = self { return o } else { return nil } }
}
