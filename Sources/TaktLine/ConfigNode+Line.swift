import TaktJSON

/// An object member with the location of its key (for errors about the key itself).
struct Entry {
    let key: String
    let keyLocation: SourceLocation
    let node: ConfigNode

    func error(_ message: String) -> ConfigError {
        ConfigError(file: node.file, location: keyLocation, path: node.path, message: message)
    }
}

/// Keys that carry notes, ignored wherever they appear: "comment", "estimate" and keys starting with "//".
func isCommentKey(_ key: String) -> Bool {
    key == "comment" || key == "estimate" || key.hasPrefix("//")
}

extension ConfigNode {
    /// The members of an object in file order, without comment keys ("comment" and "estimate" must be strings).
    func entries() throws(ConfigError) -> [Entry] {
        guard case .object(let ms) = value.kind else { throw error("expected an object, found \(value.kindName)") }
        var out: [Entry] = []
        for m in ms {
            let child = ConfigNode(m.value, file: file, path: path.isEmpty ? m.key : "\(path).\(m.key)")
            if isCommentKey(m.key) {
                if !m.key.hasPrefix("//") { _ = try child.string() }
                continue
            }
            out.append(Entry(key: m.key, keyLocation: m.keyLocation, node: child))
        }
        return out
    }

    /// `checkKeys` plus: "comment" and "estimate" must be strings.
    func checkLineKeys(_ allowed: [String]) throws(ConfigError) {
        try checkKeys(allowed)
        _ = try entries()
    }

    func error(at location: SourceLocation, _ message: String) -> ConfigError {
        ConfigError(file: file, location: location, path: path, message: message)
    }

    /// The text of a string value, for messages ("" otherwise).
    var text: String {
        switch value.kind {
        case .string(let s), .number(let s): s
        default: ""
        }
    }
}

/// "a, b and c".
func listed(_ items: [String]) -> String {
    switch items.count {
    case 0: ""
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}

/// "; did you mean 'x'?" (all candidates at the smallest distance), or `otherwise`.
func didYouMean(_ word: String, _ candidates: [String], otherwise: String = "") -> String {
    let near = nearest(to: word, in: candidates)
    guard let best = near.first else { return otherwise }
    let d = editDistance(word, best)
    return "; did you mean \(near.filter { editDistance(word, $0) == d }.map { "'\($0)'" }.joined(separator: " or "))?"
}
