import Foundation
import TenancySupport

/// Keeps a lease alive from a background thread while a command holds the state lock: a keep-alive
/// every third of the TTL. When the process dies, the keep-alives stop and etcd drops the lease,
/// and the lock with it, once the TTL has passed; nobody needs to run force-unlock.
final class LeaseKeeper: Sendable {
    let lease: Int64
    private let client: EtcdClient
    private let interval: Double
    private let condition = NSCondition()
    private let flags = Locked<(stopped: Bool, lost: Bool)>((false, false))

    init(client: EtcdClient, lease: Int64, ttl: Int) {
        self.client = client
        self.lease = lease
        interval = max(0.5, Double(ttl) / 3)
        let thread = Thread { [self] in run() }
        thread.name = "tenancy-lease-keeper"
        thread.start()
    }

    /// True once etcd said the lease is gone (expired after a long stall, or revoked by force).
    var lost: Bool { flags.withLock { $0.lost } }

    private func run() {
        while true {
            condition.lock()
            if !flags.withLock({ $0.stopped }) { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            condition.unlock()
            if flags.withLock({ $0.stopped }) { return }
            if let left = try? client.keepAlive(lease: lease), left <= 0 {
                flags.withLock { $0.lost = true }
                return
            }
        }
    }

    func stop() {
        flags.withLock { $0.stopped = true }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
