/// A usage record decoded straight from its line's bytes, without building a JSON tree: the
/// shape the platform writes (the schema's fields, counts as plain digits, seconds as plain
/// decimals, strings without escapes). Anything else — an escape, an exponent, a key twice, a
/// field the schema does not know — gives nil, and the line takes the general path (the JSON
/// parser, then the schema for the diagnostics), which accepts or diagnoses it exactly as before.
/// Why: a tree costs dozens of allocations a record, and an export holds millions of records.
struct UsageLineDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// The record being read, and which of its groups were seen (bit k: the k-th group in
    /// `record()`). Reached from here rather than captured by the members' closures, and through
    /// a pointer rather than held: the decoder is handed to every member's closure, and a record
    /// inside it (hundreds of bytes) was copied along each time.
    private let out: UnsafeMutablePointer<UsageRecord>
    private var seen: UInt32 = 0

    static func decode(_ line: UnsafeBufferPointer<UInt8>) -> UsageRecord? {
        var record = UsageRecord(date: Day(ordinal: 0), workspace: "")
        let decoded = withUnsafeMutablePointer(to: &record) { out in
            var decoder = UsageLineDecoder(bytes: line, out: out)
            return decoder.record()
        }
        return decoded ? record : nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, out: UnsafeMutablePointer<UsageRecord>) {
        self.bytes = bytes
        self.out = out
    }

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

    @inline(__always)
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

    /// Each group once: false when `bit`'s group was seen before.
    private mutating func once(_ bit: Int) -> Bool {
        let mask: UInt32 = 1 << UInt32(bit)
        if seen & mask != 0 { return false }
        seen |= mask
        return true
    }

    /// A value read for a field not set yet: false when there is none or the field was set.
    @inline(__always)
    private static func put<T>(_ value: T?, _ field: inout T?) -> Bool {
        guard field == nil, let value else { return false }
        field = value
        return true
    }

    /// Reads the line into `out`: false when it is not of the platform's shape.
    private mutating func record() -> Bool {
        var date: Day?, named = false
        let ok = object { d, key in
            if d.equals(key, "date") {
                guard d.once(0), let text = d.string() else { return false }
                date = Day(utf8: UnsafeBufferPointer(rebasing: d.bytes[text]))
                return date != nil
            }
            if d.equals(key, "workspace") {
                guard d.once(1), let text = d.string() else { return false }
                let name = UnsafeBufferPointer(rebasing: d.bytes[text])
                guard UsageDecoding.isName(name) else { return false }
                d.out.pointee.workspace = String(decoding: name, as: UTF8.self)
                named = true
                return true
            }
            if d.equals(key, "users") {
                return d.once(2) && d.object { d, key in
                    if d.equals(key, "total") { let x = d.count(); return Self.put(x, &d.out.pointee.users) }
                    if d.equals(key, "active") { let x = d.count(); return Self.put(x, &d.out.pointee.activeUsers) }
                    if d.equals(key, "new") { let x = d.count(); return Self.put(x, &d.out.pointee.newUsers) }
                    if d.equals(key, "peakConcurrent") { let x = d.count(); return Self.put(x, &d.out.pointee.peakConcurrent) }
                    if d.equals(key, "sessions") { let x = d.count(); return Self.put(x, &d.out.pointee.sessions) }
                    if d.equals(key, "sessionSeconds") { let x = d.seconds(); return Self.put(x, &d.out.pointee.sessionSeconds) }
                    if d.equals(key, "byRole") {
                        guard d.out.pointee.usersByRole.isEmpty else { return false }
                        var roles: [String: Int] = [:]
                        let good = d.object { d, key in
                            let name = String(decoding: UnsafeBufferPointer(rebasing: d.bytes[key]), as: UTF8.self)
                            guard UsageDecoding.isName(name), roles[name] == nil, let x = d.count() else { return false }
                            roles[name] = x
                            return true
                        }
                        d.out.pointee.usersByRole = roles
                        return good
                    }
                    return false
                }
            }
            if d.equals(key, "workflows") {
                return d.once(3) && d.object { d, key in
                    guard d.equals(key, "count") else { return false }
                    let x = d.count(); return Self.put(x, &d.out.pointee.workflows)
                }
            }
            if d.equals(key, "executions") {
                return d.once(4) && d.object { d, key in
                    if d.equals(key, "total") { let x = d.count(); return Self.put(x, &d.out.pointee.executions) }
                    if d.equals(key, "succeeded") { let x = d.count(); return Self.put(x, &d.out.pointee.succeeded) }
                    if d.equals(key, "failed") { let x = d.count(); return Self.put(x, &d.out.pointee.failed) }
                    if d.equals(key, "durationSeconds") { let x = d.seconds(); return Self.put(x, &d.out.pointee.executionSeconds) }
                    if d.equals(key, "maxDurationSeconds") { let x = d.seconds(); return Self.put(x, &d.out.pointee.maxExecutionSeconds) }
                    return false
                }
            }
            if d.equals(key, "storage") {
                return d.once(5) && d.object { d, key in
                    if d.equals(key, "dataBytes") { let x = d.count(); return Self.put(x, &d.out.pointee.dataBytes) }
                    if d.equals(key, "archiveBytes") { let x = d.count(); return Self.put(x, &d.out.pointee.archiveBytes) }
                    return false
                }
            }
            if d.equals(key, "compute") {
                return d.once(6) && d.object { d, key in
                    if d.equals(key, "cpuUnitSeconds") { let x = d.seconds(); return Self.put(x, &d.out.pointee.cpuUnitSeconds) }
                    if d.equals(key, "peakCpuUnits") { let x = d.count(); return Self.put(x, &d.out.pointee.peakCpuUnits) }
                    if d.equals(key, "peakMemoryBytes") { let x = d.count(); return Self.put(x, &d.out.pointee.peakMemoryBytes) }
                    return false
                }
            }
            if d.equals(key, "api") {
                return d.once(7) && d.object { d, key in
                    if d.equals(key, "calls") { let x = d.count(); return Self.put(x, &d.out.pointee.apiCalls) }
                    if d.equals(key, "peakPerMinute") { let x = d.count(); return Self.put(x, &d.out.pointee.apiPeakPerMinute) }
                    return false
                }
            }
            return false
        }
        skipSpace()
        guard ok, i == bytes.count, let date, named else { return false }
        out.pointee.date = date
        return true
    }
}

/// The fast decoder for the fuzz target (scripts/fuzz/targets/fuzz-usage), which compares it with
/// the general one. The decoder itself stays internal: the reader's hot loop inlines it.
package enum UsageLineDecoding {
    package static func decode(_ line: UnsafeBufferPointer<UInt8>) -> UsageRecord? { UsageLineDecoder.decode(line) }
}
