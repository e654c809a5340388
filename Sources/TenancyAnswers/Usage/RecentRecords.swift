/// A workspace's last records, oldest first, in a ring of fixed capacity: adding one past the
/// capacity overwrites the oldest in place. (An array's `removeFirst` would move every record
/// along, once per record read: hundreds of bytes, thirty times over, for each of millions.)
package struct RecentRecords: RandomAccessCollection, Sendable {
    private var storage: [UsageRecord] = []
    private var head = 0
    package let capacity: Int

    package init(capacity: Int) { self.capacity = Swift.max(1, capacity) }

    package var startIndex: Int { 0 }
    package var endIndex: Int { storage.count }

    package subscript(position: Int) -> UsageRecord {
        storage[(head + position) % storage.count]
    }

    mutating func append(_ record: UsageRecord) {
        if storage.count < capacity {
            // The whole ring at once: grown by doubling it would be copied five times over.
            if storage.isEmpty { storage.reserveCapacity(capacity) }
            storage.append(record)
        } else {
            storage[head] = record
            head = (head + 1) % capacity
        }
    }
}
