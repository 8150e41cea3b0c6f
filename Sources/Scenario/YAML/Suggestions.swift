// SPDX-License-Identifier: GPL-3.0-or-later
// "Did you mean …?" for misspelt keys and values.

/// Suggests the closest of a list of known words for a misspelt one.
public enum Suggestions {
    /// The edit distance between two words: insertions, deletions,
    /// substitutions and transpositions of adjacent characters each count 1
    /// (the optimal-string-alignment form of the Damerau–Levenshtein distance).
    /// Compares Unicode scalars, so `é` and `e` differ by one.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rows suffice: the transposition looks two rows back.
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, before[j - 2] + 1)
                }
                current[j] = best
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    /// The largest distance at which `word` is still taken for a misspelling:
    /// 1 for words of up to 4 characters, 2 up to 8, 3 beyond.
    public static func threshold(for word: String) -> Int {
        let length = word.unicodeScalars.count
        return length <= 4 ? 1 : length <= 8 ? 2 : 3
    }

    /// The candidate closest to `word`, or nil when none is close enough.
    ///
    /// Case, `-` versus `_` and surrounding spaces are ignored first (so
    /// `Weekly-Sentences` finds `weekly_sentences`); otherwise the candidate at
    /// the smallest distance within `threshold(for:)` wins, the earliest in
    /// `candidates` on a tie. `word` itself is never suggested.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
    where S.Element == String {
        let normalisedWord = normalise(word)
        let limit = threshold(for: normalisedWord)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = Suggestions.distance(normalisedWord, normalise(candidate))
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    private static func normalise(_ word: String) -> String {
        String(word.lowercased().trimmingWhitespace().map { $0 == "-" ? "_" : $0 })
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
