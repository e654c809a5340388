import Dispatch
import Foundation

/// Work started on its own thread now and collected later: how a plan reads the stored state (or
/// asks git for the commit) while the configuration loads on the other cores.
///
/// A thread of its own rather than a dispatch queue: the work blocks (on I/O, on another
/// process), and a thread with an 8 MB stack reads deep documents that a dispatch worker's
/// 512 KB stack could not.
package final class BackgroundTask<Value: Sendable>: Sendable {
    private let result = Locked<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    package init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the value; may be called any number of times, from any thread.
    package func wait() -> Value {
        done.wait()
        done.signal()
        // Set before the semaphore was signalled, never reset: present from here on.
        return result.withLock { value in
            guard let value else { preconditionFailure("BackgroundTask signalled without a value") }
            return value
        }
    }
}
