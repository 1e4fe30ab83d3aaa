import TaktFixed

/// A value in an input file together with its file name and JSON path, with typed
/// accessors whose errors name the file, the line and column, the path, and the fix.
public struct ConfigNode: Sendable {
    public let value: JSONValue
    public let file: String
    public let path: String

    public init(_ value: JSONValue, file: String, path: String = "") {
        self.value = value
        self.file = file
        self.path = path
    }

    /// Parses `text` as a JSON document from `file`.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        ConfigNode(try JSONParser.parse(text, file: file), file: file)
    }

    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, location: value.location, path: path, message: message)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: Objects

    /// The members of an object, in file order.
    public func members() throws(ConfigError) -> [(key: String, node: ConfigNode)] {
        guard case .object(let ms) = value.kind else { throw error("expected an object, found \(value.kindName)") }
        return ms.map { (key: $0.key, node: ConfigNode($0.value, file: file, path: childPath($0.key))) }
    }

    /// Rejects keys outside `allowed`, suggesting the nearest valid one.
    public func checkKeys(_ allowed: [String]) throws(ConfigError) {
        guard case .object(let ms) = value.kind else { throw error("expected an object, found \(value.kindName)") }
        for m in ms where !allowed.contains(m.key) && !m.key.hasPrefix("//") && m.key != "comment" && m.key != "estimate" {
            let near = nearest(to: m.key, in: allowed)
            let hint = near.isEmpty ? "valid keys: \(allowed.joined(separator: ", "))" : "did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
            throw ConfigError(file: file, location: m.keyLocation, path: childPath(m.key), message: "unknown key '\(m.key)'; \(hint)")
        }
    }

    public func optional(_ key: String) throws(ConfigError) -> ConfigNode? {
        guard case .object(let ms) = value.kind else { throw error("expected an object, found \(value.kindName)") }
        guard let m = ms.first(where: { $0.key == key }) else { return nil }
        return ConfigNode(m.value, file: file, path: childPath(key))
    }

    public func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let n = try optional(key) else { throw error("missing required key '\(key)'") }
        return n
    }

    // MARK: Arrays

    public func items() throws(ConfigError) -> [ConfigNode] {
        guard case .array(let xs) = value.kind else { throw error("expected an array, found \(value.kindName)") }
        return xs.enumerated().map { ConfigNode($0.element, file: file, path: "\(path)[\($0.offset)]") }
    }

    // MARK: Scalars

    public func string() throws(ConfigError) -> String {
        guard case .string(let s) = value.kind else { throw error("expected a string, found \(value.kindName)") }
        return s
    }

    public func bool() throws(ConfigError) -> Bool {
        guard case .bool(let b) = value.kind else { throw error("expected true or false, found \(value.kindName)") }
        return b
    }

    /// An integer count written as a JSON number without fraction or exponent.
    public func int(min: Int? = nil, max: Int? = nil) throws(ConfigError) -> Int {
        guard case .number(let text) = value.kind else { throw error("expected an integer, found \(value.kindName)") }
        guard let n = Int(text) else { throw error("expected an integer, found '\(text)'") }
        if let min, n < min { throw error("must be at least \(min), found \(n)") }
        if let max, n > max { throw error("must be at most \(max), found \(n)") }
        return n
    }

    /// A plain decimal number (written as a JSON number or a string) parsed exactly.
    public func fixed() throws(ConfigError) -> Fixed {
        let text: String
        switch value.kind {
        case .number(let t), .string(let t): text = t
        default: throw error("expected a number, found \(value.kindName)")
        }
        do { return try Fixed(decimal: text) } catch { throw self.error("\(error)") }
    }

    /// A quantity with a unit, written as a string such as "170 s" or "1.5 m/s",
    /// converted exactly into the internal unit of `dimension`.
    public func quantity(_ dimension: Dimension) throws(ConfigError) -> Fixed {
        guard case .string(let text) = value.kind else {
            if case .number(let t) = value.kind {
                throw error("'\(t)' needs a unit: write it as a string such as \(Self.example(dimension))")
            }
            throw error("expected a quantity such as \(Self.example(dimension)), found \(value.kindName)")
        }
        do { return try Quantity.parse(text, as: dimension) } catch { throw self.error("\(error)") }
    }

    static func example(_ d: Dimension) -> String {
        switch d {
        case .length: "\"0.425 m\""
        case .angle: "\"90 deg\""
        case .duration: "\"170 s\""
        case .speed: "\"1.5 m/s\""
        case .angularSpeed: "\"190 deg/s\""
        case .acceleration: "\"2 m/s^2\""
        case .angularAcceleration: "\"500 deg/s^2\""
        case .jerk: "\"10 m/s^3\""
        case .angularJerk: "\"5000 deg/s^3\""
        case .rate: "\"0.8 /s\""
        case .fraction: "\"99.5 %\""
        case .dimensionless: "\"1.5\""
        }
    }
}
