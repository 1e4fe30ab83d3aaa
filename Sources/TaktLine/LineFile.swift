import TaktEngine
import TaktFixed
import TaktJSON

/// Line files (`cells/**/*.json`, format in `cells/README.md`, schema in `cells/schema.json`):
/// parsed, overridden with `--set KEY=VALUE`, validated and compiled to a `LineModel`.
public enum LineFile {
    /// Largest accepted `servers` of a station (the engine sizes its state before tick 0).
    public static let maxServers = 100_000
    /// Largest accepted `capacity` of a buffer.
    public static let maxCapacity = 100_000_000

    /// Parses `text` (named `file` in messages), applies `overrides` (each `KEY=VALUE`, in order)
    /// to the JSON tree, and compiles the result. Every failure is one `ConfigError` naming the
    /// file, line and column, the key path and the fix; an error about a value changed by `--set`
    /// ends with "(value set by --set KEY=VALUE)".
    ///
    /// Robot models named in cells (`"model": "ur10"`) come from `robots`; the canonical JSON
    /// (what a trace embeds) has them written inline, so a trace compiles without the files.
    public static func load(text: String, file: String, overrides: [String] = [], robots: RobotLibrary = .none) throws(ConfigError) -> LoadedLine {
        var root = try JSONParser.parse(text, file: file)
        var applied: [LineOverride] = []
        for argument in overrides {
            applied.append(try Overrides.apply(argument, to: &root, file: file))
        }
        do throws(ConfigError) {
            var compiler = LineCompiler(root: ConfigNode(root, file: file), library: robots)
            let compiled = try compiler.compile()
            let canonical = canonicalJSON(inliningRobots(root, robots))
            var loaded = LoadedLine(file: file, model: compiled.model, description: compiled.description,
                                    canonicalJSON: canonical, overrides: applied)
            loaded.motions = compiled.motions
            loaded.layout = compiled.layout
            return loaded
        } catch {
            var e = error
            if let path = e.path, let o = applied.last(where: { $0.key == path }) {
                e.message += " (value set by --set \(o.argument))"
            }
            throw e
        }
    }

    /// Validation is loading: a file is valid exactly when `load` succeeds.
    public static func validate(text: String, file: String, overrides: [String] = [], robots: RobotLibrary = .none) throws(ConfigError) {
        _ = try load(text: text, file: file, overrides: overrides, robots: robots)
    }

    /// The line with each robot or vehicle model named by a string replaced by its definition
    /// (`stations.*.robots.*.model`, `stations.*.vehicles.model`). Called after a successful
    /// compile, so every name resolves.
    static func inliningRobots(_ root: JSONValue, _ robots: RobotLibrary) -> JSONValue {
        func inline(_ v: JSONValue) -> JSONValue {
            guard case .string(let name) = v.kind, let found = robots.find(name), let parsed = try? JSONParser.parse(found.text, file: found.file) else { return v }
            return parsed
        }
        func mapMembers(_ v: JSONValue, _ f: (JSONValue.Member) -> JSONValue.Member) -> JSONValue {
            guard case .object(let ms) = v.kind else { return v }
            return JSONValue(.object(ms.map(f)), at: v.location)
        }
        return mapMembers(root) { top in
            guard top.key == "stations" else { return top }
            var t = top
            t.value = mapMembers(top.value) { station in
                var s = station
                s.value = mapMembers(station.value) { m in
                    var m = m
                    if m.key == "robots" {
                        m.value = mapMembers(m.value) { r in
                            var r = r
                            r.value = mapMembers(r.value) { k in var k = k; if k.key == "model" { k.value = inline(k.value) }; return k }
                            return r
                        }
                    } else if m.key == "vehicles" {
                        m.value = mapMembers(m.value) { k in var k = k; if k.key == "model" { k.value = inline(k.value) }; return k }
                    }
                    return m
                }
                return s
            }
            return t
        }
    }

    /// `value` serialised canonically: keys in file order, no whitespace, numbers exactly as written,
    /// strings with only `"`, `\` and control characters escaped (see cells/README.md).
    public static func canonicalJSON(_ value: JSONValue) -> String {
        var out = ""
        CanonicalJSON.write(value, to: &out)
        return out
    }
}

/// A compiled line file.
public struct LoadedLine: Sendable {
    /// The file name used in messages.
    public var file: String
    public var model: LineModel
    /// The file's optional "description".
    public var description: String?
    /// The line after overrides, serialised canonically (what a trace embeds and hashes).
    public var canonicalJSON: String
    /// The `--set` overrides applied, in order.
    public var overrides: [LineOverride]
    /// How the cells' robots and vehicles move (empty for lines without cells).
    public var motions = CellMotions()
    /// Where the elements and routes stand on the floor (the elements' optional "at").
    public var layout = FloorLayout()

    public init(file: String, model: LineModel, description: String?, canonicalJSON: String, overrides: [LineOverride]) {
        self.file = file; self.model = model; self.description = description
        self.canonicalJSON = canonicalJSON; self.overrides = overrides
    }
}

/// One applied `--set KEY=VALUE`.
public struct LineOverride: Sendable, Equatable {
    /// The key path in normal form, e.g. `stations.S1.servers` or `stations.S1.process.uniform[0]`.
    public var key: String
    /// The new value as given (surrounding whitespace removed).
    public var value: String
    /// The value it replaced, as written in the file (a number's text or a string's content).
    public var previous: String

    public init(key: String, value: String, previous: String) {
        self.key = key; self.value = value; self.previous = previous
    }

    /// `KEY=VALUE`, as it could be given again.
    public var argument: String { "\(key)=\(value)" }
}
