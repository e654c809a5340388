import Foundation
import Synchronization

/// Work started on its own thread now and collected later: lets a plan read the stored state
/// while it builds the desired state on the other core.
final class BackgroundTask<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the value (once).
    func wait() -> Value {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}
