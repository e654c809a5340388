/// "Did you mean …?" for misspelt names: flags, commands, field names, references.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo
    /// (at most a third of the word's length, and at least 1 edit allowed). Ties go to the
    /// candidate first in code-point order, so that the hint is the same on every run whatever
    /// the order of `candidates` (a set's or a dictionary's keys change order from run to run).
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
    where S.Element == String {
        let limit = max(1, word.count / 3)
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            guard distance <= limit else { continue }
            if let (name, least) = best, distance > least || (distance == least && !candidate.unicodeScalars.lexicographicallyPrecedes(name.unicodeScalars)) {
                continue
            }
            best = (candidate, distance)
        }
        return best?.0
    }

    /// Damerau–Levenshtein (optimal string alignment) distance: a swapped pair of letters counts
    /// as one edit, as typos usually are.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
