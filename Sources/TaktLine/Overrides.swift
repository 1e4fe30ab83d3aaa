import TaktJSON

/// `--set KEY=VALUE`: replaces one scalar of the JSON tree before it is compiled.
///
/// KEY is a dotted path of object keys, with `[n]` for array items (the form error messages use):
/// `stations.S1.servers`, `sources.in.arrivals.rate`, `stations.S1.process.uniform[1]`, `tick`.
/// Only scalars already in the file can be set. A number stays a number (VALUE must be a JSON
/// number), a string becomes VALUE verbatim, a boolean takes `true` or `false`.
enum Overrides {
    enum Segment: Equatable {
        case key(String)
        case index(Int)
    }

    static func apply(_ argument: String, to root: inout JSONValue, file: String) throws(ConfigError) -> LineOverride {
        func fail(_ message: String, at value: JSONValue? = nil, path: String? = nil) -> ConfigError {
            ConfigError(file: file, location: value?.location, path: path, message: "--set \(argument): \(message)")
        }
        guard let eq = argument.firstIndex(of: "=") else {
            throw fail("expected KEY=VALUE, e.g. stations.S1.servers=2")
        }
        let keyText = trimmed(argument[..<eq])
        let valueText = trimmed(argument[argument.index(after: eq)...])
        guard let segments = parse(keyText) else {
            throw fail("malformed key '\(keyText)'; write a dotted path such as stations.S1.servers or stations.S1.process.uniform[0]")
        }
        let key = render(segments)
        guard let current = lookup(root, segments[...]) else {
            var paths: [String] = []
            scalarPaths(root, prefix: "", into: &paths)
            throw fail("no such key\(didYouMean(key, paths))")
        }
        let newKind: JSONValue.Kind
        let previous: String
        switch current.kind {
        case .object, .array:
            var inside: [String] = []
            scalarPaths(current, prefix: key, into: &inside)
            let example = inside.first.map { ", e.g. '\($0)'" } ?? ""
            throw fail("'\(key)' is \(current.kindName), not a single value; set a value inside it\(example)", at: current, path: key)
        case .number(let old):
            guard case .number(let text)? = try? JSONParser.parse(valueText, file: "--set").kind else {
                throw fail("'\(valueText)' is not a number; the file has a number here (\(old))", at: current, path: key)
            }
            newKind = .number(text)
            previous = old
        case .string(let old):
            newKind = .string(valueText)
            previous = old
        case .bool(let old):
            guard valueText == "true" || valueText == "false" else {
                throw fail("expected true or false, found '\(valueText)'", at: current, path: key)
            }
            newKind = .bool(valueText == "true")
            previous = old ? "true" : "false"
        case .null:
            throw fail("'\(key)' is null in the file; only numbers, strings and booleans can be set", at: current, path: key)
        }
        replace(&root, segments[...], with: newKind)
        return LineOverride(key: key, value: valueText, previous: previous)
    }

    static func trimmed(_ s: Substring) -> String {
        var scalars = Array(s.unicodeScalars)
        while let l = scalars.last, l.properties.isWhitespace { scalars.removeLast() }
        let lead = scalars.prefix { $0.properties.isWhitespace }.count
        return String(String.UnicodeScalarView(scalars.dropFirst(lead)))
    }

    /// `a.b[2].c` → [.key(a), .key(b), .index(2), .key(c)]; nil when malformed.
    static func parse(_ text: String) -> [Segment]? {
        guard !text.isEmpty else { return nil }
        var out: [Segment] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            let open = part.firstIndex(of: "[") ?? part.endIndex
            let name = part[..<open]
            guard !name.isEmpty, !name.contains("]") else { return nil }
            out.append(.key(String(name)))
            var rest = part[open...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
                let digits = rest[rest.index(after: rest.startIndex)..<close]
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
                out.append(.index(n))
                rest = rest[rest.index(after: close)...]
            }
        }
        return out
    }

    static func render(_ segments: [Segment]) -> String {
        var s = ""
        for seg in segments {
            switch seg {
            case .key(let k): s += s.isEmpty ? k : ".\(k)"
            case .index(let i): s += "[\(i)]"
            }
        }
        return s
    }

    static func lookup(_ value: JSONValue, _ segments: ArraySlice<Segment>) -> JSONValue? {
        guard let first = segments.first else { return value }
        switch (first, value.kind) {
        case (.key(let k), .object(let ms)):
            guard let m = ms.first(where: { $0.key == k }) else { return nil }
            return lookup(m.value, segments.dropFirst())
        case (.index(let i), .array(let xs)):
            guard i < xs.count else { return nil }
            return lookup(xs[i], segments.dropFirst())
        default:
            return nil
        }
    }

    /// Replaces the value at an existing path (checked by `lookup`), keeping its location.
    static func replace(_ value: inout JSONValue, _ segments: ArraySlice<Segment>, with kind: JSONValue.Kind) {
        guard let first = segments.first else { value.kind = kind; return }
        switch (first, value.kind) {
        case (.key(let k), .object(var ms)):
            guard let i = ms.firstIndex(where: { $0.key == k }) else { return }
            replace(&ms[i].value, segments.dropFirst(), with: kind)
            value.kind = .object(ms)
        case (.index(let i), .array(var xs)):
            guard i < xs.count else { return }
            replace(&xs[i], segments.dropFirst(), with: kind)
            value.kind = .array(xs)
        default:
            return
        }
    }

    /// Paths of every scalar under `value`, in file order.
    static func scalarPaths(_ value: JSONValue, prefix: String, into out: inout [String]) {
        switch value.kind {
        case .object(let ms):
            for m in ms { scalarPaths(m.value, prefix: prefix.isEmpty ? m.key : "\(prefix).\(m.key)", into: &out) }
        case .array(let xs):
            for (i, x) in xs.enumerated() { scalarPaths(x, prefix: "\(prefix)[\(i)]", into: &out) }
        default:
            out.append(prefix)
        }
    }
}
