import TenancySupport

/// A regular-expression matcher for the part of ECMA-262 that schemas use in practice (classes,
/// groups, alternation, `* + ? {n,m}`, `^ $`, `\d \w \s`), over ASCII text, run as a Pike VM: time
/// linear in the input, no backtracking blow-up, no allocation per match beyond two small lists.
/// Anything outside that subset (look-around, back-references, Unicode classes) or any non-ASCII
/// input goes to NSRegularExpression instead: see `Pattern`. It exists because validating a
/// workspace checks dozens of patterns, and bridging each string to ICU costs more than the rest
/// of the validation together.
struct ByteRegex: Sendable {
    /// 256 bits: which bytes a step accepts.
    struct ByteSet: Sendable, Equatable {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        @inline(__always) func contains(_ b: UInt8) -> Bool {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: return words.0 & bit != 0
            case 1: return words.1 & bit != 0
            case 2: return words.2 & bit != 0
            default: return words.3 & bit != 0
            }
        }

        mutating func insert(_ b: UInt8) {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }
        mutating func formUnion(_ other: ByteSet) {
            words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
        }
        var inverted: ByteSet {
            var copy = self
            copy.words = (~words.0, ~words.1, ~words.2, ~words.3)
            return copy
        }

        static func == (a: ByteSet, b: ByteSet) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        static let digit: ByteSet = { var s = ByteSet(); s.insert(0x30...0x39); return s }()
        static let word: ByteSet = {
            var s = ByteSet(); s.insert(0x30...0x39); s.insert(0x41...0x5A); s.insert(0x61...0x7A); s.insert(0x5F); return s
        }()
        static let space: ByteSet = { var s = ByteSet(); for b: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { s.insert(b) }; return s }()
        /// `.`: anything but a line terminator.
        static let dot: ByteSet = { var s = ByteSet(); s.insert(UInt8(0)...UInt8(255)); return s.removing([0x0A, 0x0D]) }()

        func removing(_ bytes: [UInt8]) -> ByteSet {
            var copy = self
            for b in bytes {
                let bit = ~(UInt64(1) << UInt64(b & 63))
                switch b >> 6 {
                case 0: copy.words.0 &= bit
                case 1: copy.words.1 &= bit
                case 2: copy.words.2 &= bit
                default: copy.words.3 &= bit
                }
            }
            return copy
        }
    }

    enum Instruction: Sendable {
        case byte(ByteSet)
        case split(Int, Int)
        case jump(Int)
        case assertStart
        case assertEnd
        case match
    }

    let program: [Instruction]
    /// The same program as a DFA, when its subset construction stays small (it does for every
    /// pattern in Tenancy's schemas): one table lookup per byte. Built at once for a small
    /// program; a large one (an exact IPv6 network, an e-mail address with counted labels) costs
    /// tens of milliseconds to turn into a DFA, more than a small configuration's whole
    /// validation, so it is built only once the pattern has been used often enough to pay for it
    /// (`Deferred`), and simulated until then.
    private let eager: DFA?
    private let deferred: Deferred?

    /// Programs up to this many instructions get their DFA at once (every pattern of the schemas
    /// but the e-mail address and the CIDR network); larger ones after `Deferred.threshold` uses.
    static let eagerLimit = 200

    /// The DFA of a large program, built by the use that reaches the threshold.
    final class Deferred: Sendable {
        /// About what one construction costs in simulated matches of a large program.
        static let threshold = 256
        private let state = Locked<(uses: Int, dfa: DFA?, failed: Bool)>((0, nil, false))

        func dfa(_ program: [Instruction]) -> DFA? {
            state.withLock { state in
                if let dfa = state.dfa { return dfa }
                guard !state.failed else { return nil }
                state.uses += 1
                guard state.uses >= Self.threshold else { return nil }
                state.dfa = DFA(program: program)
                state.failed = state.dfa == nil
                return state.dfa
            }
        }
    }

    /// The DFA, building it now if it is deferred (for tests and the benchmark).
    var dfa: DFA? { eager ?? (program.count > Self.eagerLimit ? DFA(program: program) : nil) }

    /// Compiles `pattern`; nil when it uses anything outside the supported subset.
    init?(_ pattern: String) {
        guard pattern.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var parser = Parser(bytes: Array(pattern.utf8))
        guard let tree = parser.parseAlternation(), parser.atEnd else { return nil }
        var program: [Instruction] = []
        guard Self.emit(tree, into: &program) else { return nil }
        program.append(.match)
        self.program = program
        if program.count <= Self.eagerLimit {
            eager = DFA(program: program)
            deferred = nil
        } else {
            eager = nil
            deferred = Deferred()
        }
    }

    /// ECMA `RegExp.test` semantics: a match anywhere in `input` (anchors pin it).
    func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        if let eager { return eager.matches(input) }
        if let deferred, let dfa = deferred.dfa(program) { return dfa.matches(input) }
        return simulate(input)
    }

    /// The NFA simulation (Pike VM), for programs whose DFA would be too large.
    func simulate(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = program.count
        // One scratch allocation: two thread lists, the visited marks and the closure's stack.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count * 5) { buffer in
            var current = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            var next = UnsafeMutableBufferPointer(rebasing: buffer[count..<(2 * count)])
            let mark = UnsafeMutableBufferPointer(rebasing: buffer[(2 * count)..<(3 * count)])
            let stack = UnsafeMutableBufferPointer(rebasing: buffer[(3 * count)...])
            for i in 0..<count { mark[i] = -1 }
            var currentCount = 0
            var nextCount = 0
            var generation = 0
            var position = 0
            // Adds pc and everything reachable from it without consuming input.
            func add(_ pc: Int, to list: inout UnsafeMutableBufferPointer<Int>, _ listCount: inout Int, at pos: Int) -> Bool {
                // Each pc is pushed at most once per generation (marked when pushed), so `2 × count`
                // slots always suffice.
                var depth = 0
                func push(_ target: Int) {
                    if mark[target] != generation { mark[target] = generation; stack[depth] = target; depth += 1 }
                }
                push(pc)
                while depth > 0 {
                    depth -= 1
                    let top = stack[depth]
                    switch program[top] {
                    case .match: return true
                    case let .jump(target): push(target)
                    case let .split(a, b): push(b); push(a)
                    case .assertStart: if pos == 0 { push(top + 1) }
                    case .assertEnd: if pos == input.count { push(top + 1) }
                    case .byte:
                        list[listCount] = top
                        listCount += 1
                    }
                }
                return false
            }
            if add(0, to: &current, &currentCount, at: 0) { return true }
            while position < input.count {
                let b = input[position]
                generation += 1
                nextCount = 0
                for i in 0..<currentCount {
                    let pc = current[i]
                    if case let .byte(set) = program[pc], set.contains(b) {
                        if add(pc + 1, to: &next, &nextCount, at: position + 1) { return true }
                    }
                }
                position += 1
                // A match may start at any position: seed a new thread here.
                if add(0, to: &next, &nextCount, at: position) { return true }
                swap(&current, &next)
                currentCount = nextCount
            }
            return false
        }
    }

    // MARK: DFA

    /// A DFA built by subset construction over byte classes. States are sets of program counters
    /// after following every non-consuming step; a match may start at any position, so each step
    /// also re-seeds the program's start (anchored patterns seed nothing: `^` fails past 0).
    struct DFA: Sendable {
        let classOf: [UInt8]
        let classCount: Int
        let transitions: [Int32]
        let acceptNow: [Bool]
        let acceptAtEnd: [Bool]
        static let maxStates = 2048

        init?(program: [Instruction]) {
            // Byte classes: bytes that every instruction treats alike.
            var signatures: [[Bool]: UInt8] = [:]
            var classOf = [UInt8](repeating: 0, count: 256)
            let sets = program.compactMap { instruction -> ByteSet? in
                if case let .byte(set) = instruction { return set }
                return nil
            }
            for b in 0..<256 {
                let signature = sets.map { $0.contains(UInt8(b)) }
                if let existing = signatures[signature] {
                    classOf[b] = existing
                } else {
                    guard signatures.count < 255 else { return nil }
                    let id = UInt8(signatures.count)
                    signatures[signature] = id
                    classOf[b] = id
                }
            }
            let classCount = signatures.count
            var representative = [UInt8](repeating: 0, count: classCount)
            for b in (0..<256).reversed() { representative[Int(classOf[b])] = UInt8(b) }

            // closure: the consuming instructions (and `$` assertions) reachable without input.
            var closer = Closer(program: program)
            func closure(_ seeds: [Int], atStart: Bool, atEnd: Bool) -> (kernel: [Int], accepts: Bool) {
                closer.closure(seeds, atStart: atStart, atEnd: atEnd)
            }

            var states: [[Int]] = []
            var ids: [[Int]: Int32] = [:]
            var acceptNow: [Bool] = []
            var acceptAtEnd: [Bool] = []
            var transitions: [Int32] = []
            func intern(_ state: (kernel: [Int], accepts: Bool)) -> Int32? {
                // Accepting and non-accepting closures of the same kernel are different states.
                let key = state.accepts ? state.kernel + [-1] : state.kernel
                if let id = ids[key] { return id }
                guard states.count < Self.maxStates else { return nil }
                let id = Int32(states.count)
                states.append(state.kernel)
                ids[key] = id
                acceptNow.append(state.accepts)
                let ends = state.kernel.filter { if case .assertEnd = program[$0] { return true } else { return false } }
                acceptAtEnd.append(state.accepts || closure(ends.map { $0 + 1 }, atStart: false, atEnd: true).accepts)
                transitions.append(contentsOf: repeatElement(-1, count: classCount))
                return id
            }
            guard intern(closure([0], atStart: true, atEnd: false)) != nil else { return nil }
            var next = 0
            while next < states.count {
                let kernel = states[next]
                for c in 0..<classCount {
                    let byte = representative[c]
                    var seeds: [Int] = [0]
                    for pc in kernel {
                        if case let .byte(set) = program[pc], set.contains(byte) { seeds.append(pc + 1) }
                    }
                    guard let target = intern(closure(seeds, atStart: false, atEnd: false)) else { return nil }
                    transitions[next * classCount + c] = target
                }
                next += 1
            }
            self.classOf = classOf
            self.classCount = classCount
            self.transitions = transitions
            self.acceptNow = acceptNow
            self.acceptAtEnd = acceptAtEnd
        }

        /// The closures of the subset construction, with their scratch space kept between
        /// calls: visited marks stamped with a generation rather than a set (the construction runs
        /// thousands of closures for a large pattern, and hashing each instruction dominated its
        /// cost), in a struct so that its mutations need no run-time exclusivity checks.
        struct Closer {
            let program: [Instruction]
            var visited: [Int]
            var generation = 0
            var stack: [Int] = []

            init(program: [Instruction]) {
                self.program = program
                visited = [Int](repeating: -1, count: program.count)
                stack.reserveCapacity(program.count)
            }

            mutating func closure(_ seeds: [Int], atStart: Bool, atEnd: Bool) -> (kernel: [Int], accepts: Bool) {
                generation += 1
                stack.removeAll(keepingCapacity: true)
                stack.append(contentsOf: seeds)
                var kernel: [Int] = []
                kernel.reserveCapacity(32)
                var accepts = false
                while let pc = stack.popLast() {
                    guard visited[pc] != generation else { continue }
                    visited[pc] = generation
                    switch program[pc] {
                    case .match: accepts = true
                    case let .jump(t): stack.append(t)
                    case let .split(a, b): stack.append(a); stack.append(b)
                    case .assertStart: if atStart { stack.append(pc + 1) }
                    case .assertEnd: if atEnd { stack.append(pc + 1) } else { kernel.append(pc) }
                    case .byte: kernel.append(pc)
                    }
                }
                kernel.sort()
                return (kernel, accepts)
            }
        }

        func matches(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
            var state = 0
            if acceptNow[0] { return true }
            for b in input {
                state = Int(transitions[state * classCount + Int(classOf[Int(b)])])
                if acceptNow[state] { return true }
            }
            return acceptAtEnd[state]
        }
    }

    // MARK: Parsing

    indirect enum Tree {
        case set(ByteSet)
        case sequence([Tree])
        case alternation([Tree])
        case repetition(Tree, min: Int, max: Int?)
        case start, end
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var atEnd: Bool { i >= bytes.count }

        mutating func parseAlternation() -> Tree? {
            var branches: [Tree] = []
            guard let first = parseSequence() else { return nil }
            branches.append(first)
            while i < bytes.count, bytes[i] == UInt8(ascii: "|") {
                i += 1
                guard let next = parseSequence() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() -> Tree? {
            var items: [Tree] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "|"), bytes[i] != UInt8(ascii: ")") {
                guard var atom = parseAtom() else { return nil }
                while i < bytes.count {
                    let c = bytes[i]
                    var quantified: Tree?
                    if c == UInt8(ascii: "*") { quantified = .repetition(atom, min: 0, max: nil); i += 1 }
                    else if c == UInt8(ascii: "+") { quantified = .repetition(atom, min: 1, max: nil); i += 1 }
                    else if c == UInt8(ascii: "?") { quantified = .repetition(atom, min: 0, max: 1); i += 1 }
                    else if c == UInt8(ascii: "{") {
                        guard let (min, max) = parseBraces() else { return nil }
                        quantified = .repetition(atom, min: min, max: max)
                    }
                    guard let q = quantified else { break }
                    if case .start = atom { return nil }
                    if case .end = atom { return nil }
                    if i < bytes.count, bytes[i] == UInt8(ascii: "?") { i += 1 } // lazy: same answer for a test
                    atom = q
                }
                items.append(atom)
            }
            return .sequence(items)
        }

        mutating func parseBraces() -> (Int, Int?)? {
            var j = i + 1
            func number() -> Int? {
                let start = j
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
                guard j > start, j - start <= 4 else { return nil }
                return Int(String(decoding: bytes[start..<j], as: UTF8.self))
            }
            guard let min = number() else { return nil }
            var max: Int? = min
            if j < bytes.count, bytes[j] == UInt8(ascii: ",") {
                j += 1
                max = j < bytes.count && bytes[j] == UInt8(ascii: "}") ? nil : number()
                if max == nil && !(j < bytes.count && bytes[j] == UInt8(ascii: "}")) { return nil }
            }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "}"), max.map({ $0 >= min }) ?? true, min <= 1000 else { return nil }
            i = j + 1
            return (min, max)
        }

        mutating func parseAtom() -> Tree? {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "^"): i += 1; return .start
            case UInt8(ascii: "$"): i += 1; return .end
            case UInt8(ascii: "."): i += 1; return .set(.dot)
            case UInt8(ascii: "("):
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "?") {
                    guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ":") else { return nil } // look-around
                    i += 2
                }
                guard let inner = parseAlternation(), i < bytes.count, bytes[i] == UInt8(ascii: ")") else { return nil }
                i += 1
                return inner
            case UInt8(ascii: "["): return parseClass()
            case UInt8(ascii: "\\"): return parseEscape(inClass: false).map { .set($0) }
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "]"), UInt8(ascii: ")"):
                return nil
            default:
                i += 1
                var set = ByteSet()
                set.insert(c)
                return .set(set)
            }
        }

        mutating func parseEscape(inClass: Bool) -> ByteSet? {
            guard i + 1 < bytes.count else { return nil }
            let e = bytes[i + 1]
            i += 2
            var set = ByteSet()
            switch e {
            case UInt8(ascii: "d"): return .digit
            case UInt8(ascii: "D"): return ByteSet.digit.inverted
            case UInt8(ascii: "w"): return .word
            case UInt8(ascii: "W"): return ByteSet.word.inverted
            case UInt8(ascii: "s"): return .space
            case UInt8(ascii: "S"): return ByteSet.space.inverted
            case UInt8(ascii: "t"): set.insert(0x09)
            case UInt8(ascii: "n"): set.insert(0x0A)
            case UInt8(ascii: "r"): set.insert(0x0D)
            case UInt8(ascii: "f"): set.insert(0x0C)
            case UInt8(ascii: "v"): set.insert(0x0B)
            default:
                // Identity escapes of syntax characters only; \b, \1, \p{…}, \u…, \x… are not handled here.
                guard "^$\\.*+?()[]{}|/-".utf8.contains(e) else { return nil }
                set.insert(e)
            }
            return set
        }

        mutating func parseClass() -> Tree? {
            i += 1
            var negated = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "^") { negated = true; i += 1 }
            var set = ByteSet()
            while i < bytes.count, bytes[i] != UInt8(ascii: "]") {
                var low: UInt8
                if bytes[i] == UInt8(ascii: "\\") {
                    guard let escaped = parseEscape(inClass: true) else { return nil }
                    // A class escape (\d) cannot start a range; a single byte can.
                    let members = (0...255).filter { escaped.contains(UInt8($0)) }
                    if members.count != 1 { set.formUnion(escaped); continue }
                    low = UInt8(members[0])
                } else {
                    low = bytes[i]
                    i += 1
                }
                if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "]") {
                    i += 1
                    var high: UInt8
                    if bytes[i] == UInt8(ascii: "\\") {
                        guard let escaped = parseEscape(inClass: true) else { return nil }
                        let members = (0...255).filter { escaped.contains(UInt8($0)) }
                        guard members.count == 1 else { return nil }
                        high = UInt8(members[0])
                    } else {
                        high = bytes[i]
                        i += 1
                    }
                    guard low <= high else { return nil }
                    set.insert(low...high)
                } else {
                    set.insert(low)
                }
            }
            guard i < bytes.count else { return nil }
            i += 1
            return .set(negated ? set.inverted : set)
        }
    }

    // MARK: Code generation

    private static func emit(_ tree: Tree, into p: inout [Instruction]) -> Bool {
        guard p.count < 20_000 else { return false }
        switch tree {
        case let .set(set): p.append(.byte(set))
        case .start: p.append(.assertStart)
        case .end: p.append(.assertEnd)
        case let .sequence(items):
            for item in items { guard emit(item, into: &p) else { return false } }
        case let .alternation(branches):
            var jumps: [Int] = []
            for (n, branch) in branches.enumerated() {
                if n < branches.count - 1 {
                    let split = p.count
                    p.append(.split(split + 1, -1))
                    guard emit(branch, into: &p) else { return false }
                    jumps.append(p.count)
                    p.append(.jump(-1))
                    p[split] = .split(split + 1, p.count)
                } else {
                    guard emit(branch, into: &p) else { return false }
                }
            }
            for j in jumps { p[j] = .jump(p.count) }
        case let .repetition(inner, min, max):
            for _ in 0..<min { guard emit(inner, into: &p) else { return false } }
            if let max {
                for _ in min..<max {
                    let split = p.count
                    p.append(.split(split + 1, -1))
                    guard emit(inner, into: &p) else { return false }
                    p[split] = .split(split + 1, p.count)
                }
            } else {
                let split = p.count
                p.append(.split(split + 1, -1))
                guard emit(inner, into: &p) else { return false }
                p.append(.jump(split))
                p[split] = .split(split + 1, p.count)
            }
        }
        return true
    }
}
