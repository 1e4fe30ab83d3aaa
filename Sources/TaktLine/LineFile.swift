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
    public static func load(text: String, file: String, overrides: [String] = []) throws(ConfigError) -> LoadedLine {
        var root = try JSONParser.parse(text, file: file)
        var applied: [LineOverride] = []
        for argument in overrides {
            applied.append(try Overrides.apply(argument, to: &root, file: file))
        }
        let canonical = canonicalJSON(root)
        do throws(ConfigError) {
            var compiler = LineCompiler(root: ConfigNode(root, file: file))
            let compiled = try compiler.compile()
            return LoadedLine(file: file, model: compiled.model, description: compiled.description,
                              canonicalJSON: canonical, overrides: applied)
        } catch {
            var e = error
            if let path = e.path, let o = applied.last(where: { $0.key == path }) {
                e.message += " (value set by --set \(o.argument))"
            }
            throw e
        }
    }

    /// Validation is loading: a file is valid exactly when `load` succeeds.
    public static func validate(text: String, file: String, overrides: [String] = []) throws(ConfigError) {
        _ = try load(text: text, file: file, overrides: overrides)
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
