import Foundation
import TenancyEngine
import TenancyJSON

/// One key as etcd returns it. Revisions are etcd's (cluster-wide, increasing with every write).
package struct EtcdKeyValue: Sendable, Equatable {
    package let key: String
    package let value: [UInt8]
    package let createRevision: Int64
    package let modRevision: Int64
    package let lease: Int64
}

/// A comparison in a transaction: all must hold for its success branch to run.
package enum EtcdCompare: Sendable {
    /// The key's last modification was at this revision.
    case modRevision(String, equals: Int64)
    /// The key does not exist (its creation revision is 0).
    case absent(String)
    /// The key is bound to this lease (0: to none, or absent).
    case lease(String, equals: Int64)

    var json: JSON {
        switch self {
        case let .modRevision(key, revision):
            return .object(["key": .string(EtcdClient.encode(key)), "result": .string("EQUAL"), "target": .string("MOD"),
                            "mod_revision": .string(String(revision))])
        case let .absent(key):
            return .object(["key": .string(EtcdClient.encode(key)), "result": .string("EQUAL"), "target": .string("CREATE"),
                            "create_revision": .string("0")])
        case let .lease(key, lease):
            return .object(["key": .string(EtcdClient.encode(key)), "result": .string("EQUAL"), "target": .string("LEASE"),
                            "lease": .string(String(lease))])
        }
    }
}

/// An operation in a transaction.
package enum EtcdOperation: Sendable {
    case put(String, [UInt8], lease: Int64? = nil)
    /// Deletes the keys in [from, to).
    case deleteRange(from: String, to: String)
    case delete(String)
    case get(String)

    var json: JSON {
        switch self {
        case let .put(key, value, lease):
            var put: [String: JSON] = ["key": .string(EtcdClient.encode(key)), "value": .string(EtcdClient.encode(value))]
            if let lease { put["lease"] = .string(String(lease)) }
            return .object(["request_put": .object(put)])
        case let .deleteRange(from, to):
            return .object(["request_delete_range": .object(["key": .string(EtcdClient.encode(from)),
                                                             "range_end": .string(EtcdClient.encode(to))])])
        case let .delete(key):
            return .object(["request_delete_range": .object(["key": .string(EtcdClient.encode(key))])])
        case let .get(key):
            return .object(["request_range": .object(["key": .string(EtcdClient.encode(key))])])
        }
    }
}

extension EtcdClient {
    static func encode(_ key: String) -> String { Data(key.utf8).base64EncodedString() }
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The first key after every key that starts with `prefix`: the end of a prefix range.
    package static func prefixEnd(_ prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes.removeLast()
        }
        return "\0"
    }

    static func int64(_ json: JSON?) -> Int64 {
        if let text = json?.stringValue { return Int64(text) ?? 0 }
        return Int64(json?.intValue ?? 0)
    }

    /// The keys of a range answer. `answer` carries the values of a top-level range as byte ranges
    /// of its body (see `EtcdClient.Answer`); the ranges inside a transaction's answer are in `json`.
    func keyValues(_ json: JSON?, answer: Answer? = nil) throws(EtcdError) -> [EtcdKeyValue] {
        try Self.keyValues(json, answer: answer, endpoint: endpoints.first?.absoluteString ?? "?")
    }

    static func keyValues(_ json: JSON?, answer: Answer? = nil, endpoint: String) throws(EtcdError) -> [EtcdKeyValue] {
        guard let kvs = json?["kvs"]?.arrayValue else { return [] }
        var result: [EtcdKeyValue] = []
        result.reserveCapacity(kvs.count)
        var deferred = 0
        for kv in kvs {
            guard let key = kv["key"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
                throw .malformed(endpoint: endpoint, reason: "a key that is not base64")
            }
            var value = Data()
            if let text = kv["value"]?.stringValue {
                value = Data(base64Encoded: text) ?? Data()
            } else if let answer, kv["value"] != nil, deferred < answer.values.count {
                // The range includes the quotes; a value that is not a string is not base64 either.
                let range = answer.values[deferred]
                deferred += 1
                guard range.count >= 2, answer.body[range.lowerBound] == UInt8(ascii: "\"") else {
                    throw .malformed(endpoint: endpoint, reason: "a value that is not base64")
                }
                value = answer.body.withUnsafeBufferPointer { body in
                    Data(base64Encoded: Data(UnsafeBufferPointer(rebasing: body[(range.lowerBound + 1)..<(range.upperBound - 1)]))) ?? Data()
                }
            }
            result.append(EtcdKeyValue(key: String(decoding: key, as: UTF8.self), value: Array(value),
                                       createRevision: Self.int64(kv["create_revision"]), modRevision: Self.int64(kv["mod_revision"]),
                                       lease: Self.int64(kv["lease"])))
        }
        return result
    }

    /// One key (at `revision`, when given: a snapshot read), and the store's revision.
    package func get(_ key: String, revision: Int64? = nil) throws(EtcdError) -> (EtcdKeyValue?, revision: Int64) {
        var body: [String: JSON] = ["key": .string(Self.encode(key))]
        if let revision { body["revision"] = .string(String(revision)) }
        let answer = try exchange("kv/range", Array(JSON.object(body).compactText().utf8))
        return (try keyValues(answer.json, answer: answer).first, Self.int64(answer.json["header"]?["revision"]))
    }

    /// Every key under `prefix`, in key order, read in pages at one revision.
    package func list(prefix: String, keysOnly: Bool = false, revision: Int64? = nil, page: Int = 500) throws(EtcdError) -> [EtcdKeyValue] {
        var all: [EtcdKeyValue] = []
        var start = prefix
        var at = revision
        let end = Self.prefixEnd(prefix)
        while true {
            var body: [String: JSON] = ["key": .string(Self.encode(start)), "range_end": .string(Self.encode(end)),
                                        "limit": .string(String(page))]
            if keysOnly { body["keys_only"] = .bool(true) }
            if let at { body["revision"] = .string(String(at)) }
            let answer = try exchange("kv/range", Array(JSON.object(body).compactText().utf8))
            if at == nil { at = Self.int64(answer.json["header"]?["revision"]) }
            let batch = try keyValues(answer.json, answer: answer)
            all += batch
            guard answer.json["more"]?.boolValue == true, let last = batch.last else { return all }
            start = last.key + "\0"
        }
    }

    /// The last key under `prefix` (in key order), if any.
    package func last(prefix: String) throws(EtcdError) -> EtcdKeyValue? {
        let body: [String: JSON] = ["key": .string(Self.encode(prefix)), "range_end": .string(Self.encode(Self.prefixEnd(prefix))),
                                    "limit": .string("1"), "sort_order": .string("DESCEND"), "sort_target": .string("KEY")]
        let answer = try exchange("kv/range", Array(JSON.object(body).compactText().utf8))
        return try keyValues(answer.json, answer: answer).first
    }

    /// Puts one key. The request is written directly: a chunk's value is a megabyte of base64,
    /// which needs no escaping and no JSON tree.
    package func put(_ key: String, _ value: [UInt8], lease: Int64? = nil) throws(EtcdError) {
        var payload = Array("{\"key\":\"\(Self.encode(key))\",".utf8)
        if let lease { payload += Array("\"lease\":\"\(lease)\",".utf8) }
        payload += Array("\"value\":\"".utf8)
        payload += Data(value).base64EncodedData()
        payload += Array("\"}".utf8)
        _ = try exchange("kv/put", payload)
    }

    /// A transaction: if every comparison holds, the success operations, else the failure ones.
    package struct TransactionResult: Sendable {
        package let succeeded: Bool
        package let revision: Int64
        /// What each `get` in the branch that ran returned, in order.
        package let reads: [[EtcdKeyValue]]
    }

    package func transaction(_ compare: [EtcdCompare], success: [EtcdOperation], failure: [EtcdOperation] = []) throws(EtcdError) -> TransactionResult {
        let body = JSON.object(["compare": .array(compare.map(\.json)), "success": .array(success.map(\.json)),
                                "failure": .array(failure.map(\.json))])
        let answer = try call("kv/txn", body)
        var reads: [[EtcdKeyValue]] = []
        for response in answer["responses"]?.arrayValue ?? [] {
            if let range = response["response_range"] { reads.append(try keyValues(range)) }
        }
        // The gateway leaves out fields at their default, `false` among them.
        return TransactionResult(succeeded: answer["succeeded"]?.boolValue ?? false,
                                 revision: Self.int64(answer["header"]?["revision"]), reads: reads)
    }

    /// A lease that expires `ttl` seconds after its last keep-alive; returns its ID and granted TTL.
    package func grantLease(ttl: Int) throws(EtcdError) -> (id: Int64, ttl: Int) {
        let answer = try call("lease/grant", .object(["TTL": .string(String(ttl))]))
        let id = Self.int64(answer["ID"])
        guard id != 0 else { throw .malformed(endpoint: endpoints.first?.absoluteString ?? "?", reason: "lease/grant returned no ID") }
        return (id, Int(Self.int64(answer["TTL"])))
    }

    /// Renews a lease; the TTL left, 0 when the lease is gone.
    package func keepAlive(lease: Int64) throws(EtcdError) -> Int {
        let answer = try call("lease/keepalive", .object(["ID": .string(String(lease))]))
        return Int(Self.int64(answer["result"]?["TTL"] ?? answer["TTL"]))
    }

    /// Ends a lease and deletes the keys bound to it; a lease already gone is not an error.
    package func revokeLease(_ lease: Int64) throws(EtcdError) {
        do { _ = try call("lease/revoke", .object(["ID": .string(String(lease))])) } catch let error {
            if case let .server(_, code, _) = error, code == EtcdError.Code.notFound { return }
            throw error
        }
    }
}
