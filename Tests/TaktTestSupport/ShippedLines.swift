import Foundation
import TaktLine

/// The line files shipped in cells/ (robot definitions and the schema excluded), loaded as users
/// run them. Shared by the test targets that check every shipped line.
public enum ShippedLines {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Repository-relative paths, sorted.
    public static var paths: [String] {
        let cells = root.appendingPathComponent("cells")
        let e = FileManager.default.enumerator(atPath: cells.path)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            if p.hasSuffix(".json") && !p.hasPrefix("robots/") && p != "schema.json" { out.append("cells/" + p) }
        }
        return out.sorted()
    }

    public static func load(_ path: String, overrides: [String] = []) throws -> LoadedLine {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        return try LineFile.load(text: text, file: path, overrides: overrides, robots: robots)
    }

    /// The robot models in cells/robots.
    public static let robots = RobotLibrary.directories([root.appendingPathComponent("cells/robots").path],
        read: { p in try? String(contentsOfFile: p, encoding: .utf8) },
        list: { d in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] })
}
