import Foundation
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes and what it knows about the terminal. Only the CLI module touches
/// standard streams; tests run commands against a `CapturedConsole` instead.
package protocol Console: AnyObject {
    func writeOut(_ text: String)
    /// Bytes for standard output as they are (large renders are handed out in pieces).
    func writeOut(bytes: UnsafeRawBufferPointer)
    func writeError(_ text: String)
    /// One line from standard input (for confirmation prompts), nil at end of input.
    func readLine() -> String?
    var stdoutIsTerminal: Bool { get }
    var stderrIsTerminal: Bool { get }
    var stdinIsTerminal: Bool { get }
    /// Whether anything was written to standard output (a machine format that failed before its
    /// document is given one that says why: `ErrorDocument`).
    var wroteOutput: Bool { get }
    /// Hands over what a command built (configuration trees, states, plans) when the process is
    /// about to exit anyway: freeing hundreds of megabytes object by object would take a quarter
    /// of a second at the end of a large plan, for nothing. In-process consoles free it as usual.
    func keepUntilExit(_ value: Any)
}

extension Console {
    package func keepUntilExit(_ value: Any) {}
    package func writeOut(bytes: UnsafeRawBufferPointer) { writeOut(String(decoding: bytes, as: UTF8.self)) }
}

/// The process's real standard streams, written with write(2) so that every failure is seen: a
/// closed pipe (`tenancy plan | head -1`), a closed descriptor (`>&-`), a full device
/// (`>/dev/full`). The first failure of standard output is kept (`outputFailure`) and stops the
/// run before it changes anything (the plan it would apply could not be shown); nothing more is
/// written there. Lives until the process exits (see `keepUntilExit`).
package final class StandardConsole: Console, @unchecked Sendable {
    private let state = Locked<(kept: [Any], outFailure: FileError?, errFailed: Bool, wrote: Bool)>(([], nil, false, false))
    /// Told of the first failure to write standard output, to stop the run.
    private let onOutputFailure: @Sendable (FileError) -> Void

    /// `outputClosed`: standard output was closed when the process started (and was put on
    /// /dev/null): it counts as failed from the start.
    package init(outputClosed: Bool = false, onOutputFailure: @escaping @Sendable (FileError) -> Void = { _ in }) {
        self.onOutputFailure = onOutputFailure
        if outputClosed {
            state.withLock { $0.outFailure = FileError(path: "standard output", operation: .write, reason: .errno(EBADF)) }
        }
    }

    package func keepUntilExit(_ value: Any) { state.withLock { $0.kept.append(value) } }

    /// Why standard output could not be written, if it could not.
    package var outputFailure: FileError? { state.withLock { $0.outFailure } }

    package func writeOut(_ text: String) {
        var text = text
        text.withUTF8 { writeOut(bytes: UnsafeRawBufferPointer($0)) }
    }

    package var wroteOutput: Bool { state.withLock { $0.wrote } }

    package func writeOut(bytes: UnsafeRawBufferPointer) {
        guard state.withLock({ state in
            if !bytes.isEmpty { state.wrote = true }
            return state.outFailure == nil
        }) else { return }
        do {
            try FileIO.write(STDOUT_FILENO, bytes, path: "standard output")
        } catch {
            let first = state.withLock { state -> Bool in
                defer { if state.outFailure == nil { state.outFailure = error } }
                return state.outFailure == nil
            }
            if first { onOutputFailure(error) }
        }
    }

    package func writeError(_ text: String) {
        guard state.withLock({ !$0.errFailed }) else { return }
        var text = text
        let failed = text.withUTF8 { bytes in
            (try? FileIO.write(STDERR_FILENO, UnsafeRawBufferPointer(bytes), path: "standard error")) == nil
        }
        if failed { state.withLock { $0.errFailed = true } }
    }

    package func readLine() -> String? { Swift.readLine() }
    package var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    package var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
    package var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }
}

/// Collects output in memory; tests assert on it (and may pretend to be a terminal).
package final class CapturedConsole: Console {
    package private(set) var out = ""
    package private(set) var err = ""
    package var input: [String]
    package var stdoutIsTerminal: Bool
    package var stderrIsTerminal: Bool
    package var stdinIsTerminal: Bool

    package init(input: [String] = [], terminal: Bool = false) {
        self.input = input
        stdoutIsTerminal = terminal
        stderrIsTerminal = terminal
        stdinIsTerminal = terminal
    }

    package func writeOut(_ text: String) { out += text }
    package func writeError(_ text: String) { err += text }
    package var wroteOutput: Bool { !out.isEmpty }
    package func readLine() -> String? { input.isEmpty ? nil : input.removeFirst() }
}
