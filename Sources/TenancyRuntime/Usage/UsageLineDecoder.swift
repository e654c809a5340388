/// A usage record decoded straight from its line's bytes, without building a JSON tree: the
/// shape the platform writes (the schema's fields, counts as plain digits, seconds as plain
/// decimals, strings without escapes). Anything else — an escape, an exponent, a key twice, a
/// field the schema does not know — gives nil, and the line takes the general path (the JSON
/// parser, then the schema for the diagnostics), which accepts or diagnoses it exactly as before.
/// Why: a tree costs dozens of allocations a record, and an export holds millions of records.
struct UsageLineDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    static func decode(_ line: UnsafeBufferPointer<UInt8>) -> UsageRecord? {
        var decoder = UsageLineDecoder(bytes: line)
        return decoder.record()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var byte: UInt8 { i < bytes.count ? bytes[i] : 0 }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard byte == c else { return false }
        i += 1
        return true
    }

    /// A string without escapes or control characters, as the range of its bytes.
    private mutating func string() -> Range<Int>? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; return start..<(i - 1) }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    private func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<range.count where bytes[range.lowerBound + k] != w[k] { return false }
        return true
    }

    /// A count: plain digits, at most 2^53 − 1 (the schema's range).
    private mutating func count() -> Int? {
        skipSpace()
        var value = 0, digits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            value = value * 10 + Int(bytes[i] - 0x30)
            digits += 1
            i += 1
            if digits > 16 { return nil }
        }
        guard digits > 0, !(digits > 1 && bytes[i - digits] == 0x30), value <= 9_007_199_254_740_991, !continuesNumber else { return nil }
        return value
    }

    /// Seconds: plain digits with an optional fraction, read as Swift reads a Double's text.
    private mutating func seconds() -> Double? {
        skipSpace()
        let start = i
        while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == UInt8(ascii: ".") { i += 1 }
        guard i > start, i - start <= 32, !continuesNumber, bytes[start] != UInt8(ascii: "."), bytes[i - 1] != UInt8(ascii: ".") else { return nil }
        if i - start > 1, bytes[start] == 0x30, bytes[start + 1] != UInt8(ascii: ".") { return nil } // a leading zero
        // Whole seconds (most are) without the text-to-Double conversion: exact below 2^53.
        if i - start <= 16, !UnsafeBufferPointer(rebasing: bytes[start..<i]).contains(UInt8(ascii: ".")) {
            var whole = 0
            for k in start..<i { whole = whole * 10 + Int(bytes[k] - 0x30) }
            return whole <= 9_007_199_254_740_991 ? Double(whole) : nil
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)),
              value.isFinite, value <= 9_007_199_254_740_991 else { return nil }
        return value
    }

    /// An exponent, a sign or a second point after a number: the general path decides.
    private var continuesNumber: Bool {
        let c = byte
        return c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
    }

    /// `{ "key": value, … }`, each key once, `member` reading each value (false: not this shape).
    private mutating func object(_ member: (inout UsageLineDecoder, Range<Int>) -> Bool) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if expect(UInt8(ascii: "}")) { return true }
        while true {
            guard let key = string(), expect(UInt8(ascii: ":")), member(&self, key) else { return false }
            if expect(UInt8(ascii: ",")) { continue }
            return expect(UInt8(ascii: "}"))
        }
    }

    private mutating func record() -> UsageRecord? {
        var date: Day?, workspace: String?
        var record = UsageRecord(date: Day(ordinal: 0), workspace: "")
        var seen: UInt32 = 0
        // Each field once: bit k for the k-th field checked below.
        func once(_ bit: Int) -> Bool {
            let mask: UInt32 = 1 << UInt32(bit)
            if seen & mask != 0 { return false }
            seen |= mask
            return true
        }
        let ok = object { d, key in
            if d.equals(key, "date") {
                guard once(0), let text = d.string(), text.count == 10 else { return false }
                date = Day(String(decoding: UnsafeBufferPointer(rebasing: d.bytes[text]), as: UTF8.self))
                return date != nil
            }
            if d.equals(key, "workspace") {
                guard once(1), let text = d.string() else { return false }
                let name = String(decoding: UnsafeBufferPointer(rebasing: d.bytes[text]), as: UTF8.self)
                guard UsageDecoding.isName(name) else { return false }
                workspace = name
                return true
            }
            if d.equals(key, "users") {
                return once(2) && d.object { d, key in
                    if d.equals(key, "total") { guard record.users == nil, let x = d.count() else { return false }; record.users = x; return true }
                    if d.equals(key, "active") { guard record.activeUsers == nil, let x = d.count() else { return false }; record.activeUsers = x; return true }
                    if d.equals(key, "new") { guard record.newUsers == nil, let x = d.count() else { return false }; record.newUsers = x; return true }
                    if d.equals(key, "peakConcurrent") { guard record.peakConcurrent == nil, let x = d.count() else { return false }; record.peakConcurrent = x; return true }
                    if d.equals(key, "sessions") { guard record.sessions == nil, let x = d.count() else { return false }; record.sessions = x; return true }
                    if d.equals(key, "sessionSeconds") { guard record.sessionSeconds == nil, let x = d.seconds() else { return false }; record.sessionSeconds = x; return true }
                    if d.equals(key, "byRole") {
                        guard record.usersByRole.isEmpty else { return false }
                        var roles: [String: Int] = [:]
                        let good = d.object { d, key in
                            let name = String(decoding: UnsafeBufferPointer(rebasing: d.bytes[key]), as: UTF8.self)
                            guard UsageDecoding.isName(name), roles[name] == nil, let x = d.count() else { return false }
                            roles[name] = x
                            return true
                        }
                        record.usersByRole = roles
                        return good
                    }
                    return false
                }
            }
            if d.equals(key, "workflows") {
                return once(3) && d.object { d, key in
                    guard d.equals(key, "count"), record.workflows == nil, let x = d.count() else { return false }
                    record.workflows = x
                    return true
                }
            }
            if d.equals(key, "executions") {
                return once(4) && d.object { d, key in
                    if d.equals(key, "total") { guard record.executions == nil, let x = d.count() else { return false }; record.executions = x; return true }
                    if d.equals(key, "succeeded") { guard record.succeeded == nil, let x = d.count() else { return false }; record.succeeded = x; return true }
                    if d.equals(key, "failed") { guard record.failed == nil, let x = d.count() else { return false }; record.failed = x; return true }
                    if d.equals(key, "durationSeconds") { guard record.executionSeconds == nil, let x = d.seconds() else { return false }; record.executionSeconds = x; return true }
                    if d.equals(key, "maxDurationSeconds") { guard record.maxExecutionSeconds == nil, let x = d.seconds() else { return false }; record.maxExecutionSeconds = x; return true }
                    return false
                }
            }
            if d.equals(key, "storage") {
                return once(5) && d.object { d, key in
                    if d.equals(key, "dataBytes") { guard record.dataBytes == nil, let x = d.count() else { return false }; record.dataBytes = x; return true }
                    if d.equals(key, "archiveBytes") { guard record.archiveBytes == nil, let x = d.count() else { return false }; record.archiveBytes = x; return true }
                    return false
                }
            }
            if d.equals(key, "compute") {
                return once(6) && d.object { d, key in
                    if d.equals(key, "cpuUnitSeconds") { guard record.cpuUnitSeconds == nil, let x = d.seconds() else { return false }; record.cpuUnitSeconds = x; return true }
                    if d.equals(key, "peakCpuUnits") { guard record.peakCpuUnits == nil, let x = d.count() else { return false }; record.peakCpuUnits = x; return true }
                    if d.equals(key, "peakMemoryBytes") { guard record.peakMemoryBytes == nil, let x = d.count() else { return false }; record.peakMemoryBytes = x; return true }
                    return false
                }
            }
            if d.equals(key, "api") {
                return once(7) && d.object { d, key in
                    if d.equals(key, "calls") { guard record.apiCalls == nil, let x = d.count() else { return false }; record.apiCalls = x; return true }
                    if d.equals(key, "peakPerMinute") { guard record.apiPeakPerMinute == nil, let x = d.count() else { return false }; record.apiPeakPerMinute = x; return true }
                    return false
                }
            }
            return false
        }
        skipSpace()
        guard ok, i == bytes.count, let date, let workspace else { return nil }
        record.date = date
        record.workspace = workspace
        return record
    }
}
