import TaktJSON
import TaktKinematics

/// Where a line file's robot models come from: `"model": "ur10"` names a definition that the
/// caller finds (the CLI looks for `robots/ur10.json` beside the line file and in the folders
/// above it); `"model": {…}` is a definition written inline, as a trace embeds it.
public struct RobotLibrary: Sendable {
    /// The text of the named robot definition and its file name (for messages), or nil.
    public var find: @Sendable (String) -> (text: String, file: String)?
    /// The names that exist, for "did you mean" hints.
    public var names: @Sendable () -> [String]

    public init(find: @escaping @Sendable (String) -> (text: String, file: String)?, names: @escaping @Sendable () -> [String] = { [] }) {
        self.find = find
        self.names = names
    }

    /// No robot files: only inline definitions work.
    public static let none = RobotLibrary(find: { _ in nil })
}

extension RobotLibrary {
    /// Robot files `NAME.json` in the first of `directories` that has one; `read` returns a
    /// file's text (nil when it does not exist), `list` a directory's file names.
    public static func directories(_ directories: [String], read: @escaping @Sendable (String) -> String?,
                                   list: @escaping @Sendable (String) -> [String]) -> RobotLibrary {
        RobotLibrary(
            find: { name in
                guard LineCompiler.nameProblem(name, kind: "robot") == nil else { return nil }
                for d in directories {
                    let path = d.isEmpty ? "\(name).json" : "\(d)/\(name).json"
                    if let text = read(path) { return (text, path) }
                }
                return nil
            },
            names: {
                var seen: [String] = []
                for d in directories {
                    for f in list(d).sorted() where f.hasSuffix(".json") && !seen.contains(String(f.dropLast(5))) { seen.append(String(f.dropLast(5))) }
                }
                return seen
            })
    }

    /// Where a line file's robots are looked for: `robots/` beside it and in up to two folders
    /// above it (so `cells/examples/x.json` finds `cells/robots/`), after `extra` (e.g. $TAKT_ROBOTS).
    public static func searchPath(forLine path: String, extra: [String] = []) -> [String] {
        var dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var out = extra
        for _ in 0..<3 {
            out.append(dir + "/robots")
            dir = dir + "/.."
        }
        return out
    }
}
