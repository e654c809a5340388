import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes and what it knows about the terminal. Only the CLI module touches
/// standard streams; tests run commands against a `CapturedConsole` instead.
public protocol Console: AnyObject {
    func writeOut(_ text: String)
    /// Bytes for standard output as they are (large renders are handed out in pieces).
    func writeOut(bytes: UnsafeRawBufferPointer)
    func writeError(_ text: String)
    /// One line from standard input (for confirmation prompts), nil at end of input.
    func readLine() -> String?
    var stdoutIsTerminal: Bool { get }
    var stderrIsTerminal: Bool { get }
    var stdinIsTerminal: Bool { get }
    /// Hands over what a command built (configuration trees, states, plans) when the process is
    /// about to exit anyway: freeing hundreds of megabytes object by object would take a quarter
    /// of a second at the end of a large plan, for nothing. In-process consoles free it as usual.
    func keepUntilExit(_ value: Any)
}

extension Console {
    public func keepUntilExit(_ value: Any) {}
    public func writeOut(bytes: UnsafeRawBufferPointer) { writeOut(String(decoding: bytes, as: UTF8.self)) }
}

/// The process's real standard streams. Lives until the process exits (see `keepUntilExit`).
public final class StandardConsole: Console {
    private var kept: [Any] = []
    public init() {}
    public func keepUntilExit(_ value: Any) { kept.append(value) }
    public func writeOut(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public func writeOut(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none))
    }
    public func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
    public func readLine() -> String? { Swift.readLine() }
    public var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    public var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
    public var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }
}

/// Collects output in memory; tests assert on it (and may pretend to be a terminal).
public final class CapturedConsole: Console {
    public private(set) var out = ""
    public private(set) var err = ""
    public var input: [String]
    public var stdoutIsTerminal: Bool
    public var stderrIsTerminal: Bool
    public var stdinIsTerminal: Bool

    public init(input: [String] = [], terminal: Bool = false) {
        self.input = input
        stdoutIsTerminal = terminal
        stderrIsTerminal = terminal
        stdinIsTerminal = terminal
    }

    public func writeOut(_ text: String) { out += text }
    public func writeError(_ text: String) { err += text }
    public func readLine() -> String? { input.isEmpty ? nil : input.removeFirst() }
}
