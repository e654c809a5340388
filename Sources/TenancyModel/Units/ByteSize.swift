/// An amount of storage or memory (`500GiB`, `2TiB`, `50MB`), held in bytes. Decimal (KB, MB…) and
/// binary (KiB, MiB…) units are both accepted; the canonical spelling uses the largest binary unit
/// that divides the value, else the largest decimal one, else bytes.
package struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let bytes: UInt64

    package init(bytes: UInt64) { self.bytes = bytes }

    static let units: [(suffix: String, factor: UInt64)] = [
        ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ("PB", 1_000_000_000_000_000), ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000),
        ("B", 1),
    ]

    package init?(_ text: String) {
        guard let unit = Self.units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let number = text.dropLast(unit.suffix.count)
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = UInt64(parts[0]) else { return nil }
        var (value, overflow) = whole.multipliedReportingOverflow(by: unit.factor)
        guard !overflow else { return nil }
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, let digits = UInt64(fraction) else { return nil }
            var scale: UInt64 = 1
            for _ in 0..<fraction.count { scale *= 10 }
            let (scaled, o1) = digits.multipliedReportingOverflow(by: unit.factor)
            guard !o1, scaled % scale == 0 else { return nil } // fractions must come out in whole bytes
            (value, overflow) = value.addingReportingOverflow(scaled / scale)
            guard !overflow else { return nil }
        }
        bytes = value
    }

    package var description: String {
        if bytes == 0 { return "0B" }
        for unit in Self.units where bytes % unit.factor == 0 {
            return "\(bytes / unit.factor)\(unit.suffix)"
        }
        return "\(bytes)B"
    }

    package static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
