/// A user error in an input file: which file, where in it, the JSON path, and what to do.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    /// A dotted path such as `joints[2].limits`, when known.
    public var path: String?
    public var message: String

    public init(file: String, location: SourceLocation?, path: String?, message: String) {
        self.file = file
        self.location = location
        self.path = path
        self.message = message
    }

    /// `file:line:col: path: message`, one line.
    public var description: String {
        var s = file
        if let location { s += ":\(location.line):\(location.column)" }
        s += ": "
        if let path, !path.isEmpty { s += "\(path): " }
        return s + message
    }
}

/// Edit distance, for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[y.count]
}

/// The candidates closest to `word` (at most `limit`, within a distance that still makes sense).
public func nearest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
    let scored = candidates.map { (c: $0, d: editDistance(word, $0)) }
        .filter { $0.d <= Swift.max(2, $0.c.count / 2) || $0.c.lowercased().contains(word.lowercased()) }
        .sorted { $0.d != $1.d ? $0.d < $1.d : $0.c < $1.c }
    return Array(scored.prefix(limit).map(\.c))
}
