import Foundation
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT, SIGTERM, SIGHUP (the terminal closed) and SIGQUIT (Ctrl-\, which would otherwise dump
/// a backtrace and leave the lock), received by a thread of their own (they are blocked in every other thread,
/// so that no system call of the run is cut short by them). A signal asks the run to stop
/// (`Cancellation`): outside a state commit, the cleanups registered by what the run holds (the
/// state lock) run at once and the process ends, 130 for SIGINT and 143 for SIGTERM, saying that
/// nothing was applied (or, once the commit is made, that it was); during a commit the commit finishes, the run then stops by itself and
/// says that it was applied. A second signal changes neither. SIGPIPE is ignored: a closed pipe is
/// an error of the write, handled where the write is.
enum Signals {
    static func install(_ cancellation: Cancellation, console: Console) {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        for stop in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&set, stop) }
        // Before any other thread starts: threads inherit the mask.
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waiting = set
        let console = UncheckedConsole(console)
        let thread = Thread {
            var set = waiting
            while true {
                var received: Int32 = 0
                guard sigwait(&set, &received) == 0 else { continue }
                let reason: Cancellation.Reason
                switch received {
                case SIGINT: reason = .interrupt
                case SIGHUP: reason = .hangup
                case SIGQUIT: reason = .quit
                default: reason = .terminate
                }
                if cancellation.request(reason) {
                    // After the commit (rendering, publishing) what it says must still be true.
                    console.value.writeError("\n" + StopMessage.text(cancellation))
                    _exit(ExitCode.stopped(reason).rawValue)
                }
                console.value.writeError("\nStopping once the state transition in progress is recorded (it is never left half-written)…\n")
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// The console, handed to the signal thread (StandardConsole's writes are safe from any thread).
    private struct UncheckedConsole: @unchecked Sendable {
        let value: Console
        init(_ value: Console) { self.value = value }
    }
}

/// What a stopped run says, from wherever it stops (the signal thread, or the run itself): what
/// is true of this run. A command that changes state and took the lock says the state is unchanged
/// and unlocked (or that the transition was made); `plan` that it changed nothing and released
/// the lock; a command that never took the lock (validate, billing, report…) only that nothing
/// was changed.
enum StopMessage {
    static func text(_ cancellation: Cancellation) -> String {
        if cancellation.hasApplied { return "Stopped: the state transition had been made and is recorded.\n" }
        switch cancellation.lockedFor {
        case nil: return "Stopped; nothing was changed.\n"
        case "notify": return "Stopped; every delivery a receiver answered is recorded, the rest is sent by the next `tenancy notify`; the delivery log is unlocked.\n"
        case "plan": return "Stopped; nothing was changed, and the state lock is released.\n"
        default: return "Stopped before anything was applied; the state is unchanged and unlocked.\n"
        }
    }
}
