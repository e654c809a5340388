import TenancyEngine
import TenancyTransport

/// Bytes read as an answer of etcd's gateway, the way every call reads one: the HTTP answer
/// (status line, headers, a Content-Length, chunked or close-delimited body), its JSON and the
/// error it may report, the keys and values of a range or of a transaction's reads, and the
/// Tenancy records stored in those values (a state version's manifest, an audit record, a lock).
/// For the fuzzers (`scripts/fuzz`) and tests: hostile bytes give an error, never a trap.
package enum EtcdAnswerReading {
    /// What was found, in a few words.
    package static func read(_ bytes: [UInt8]) -> String {
        var response = Response(bytes: bytes)
        let http: (status: Int, body: [UInt8])
        do { http = try response.read() } catch { return "no answer: \(error.reason)" }
        let answer: EtcdClient.Answer
        do { answer = try EtcdClient.decode(status: http.status, body: http.body, endpoint: "fuzz") } catch { return error.description }
        var keys = 0, records = 0
        do {
            var ranges = [try EtcdClient.keyValues(answer.json, answer: answer, endpoint: "fuzz")]
            for entry in answer.json["responses"]?.arrayValue ?? [] {
                if let range = entry["response_range"] { ranges.append(try EtcdClient.keyValues(range, endpoint: "fuzz")) }
            }
            for kv in ranges.joined() {
                keys += 1
                if (try? StoredVersion(bytes: kv.value, location: "fuzz")) != nil { records += 1 }
                if AuditRecord(bytes: kv.value) != nil { records += 1 }
                if LockInfo(bytes: kv.value) != nil { records += 1 }
            }
        } catch {
            return error.description
        }
        return "HTTP \(http.status): \(keys) keys, \(records) records"
    }
}
