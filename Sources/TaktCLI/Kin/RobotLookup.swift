import FoundationEssentials
import TaktKinematics
import TaktJSON
import TaktLine

/// Finds a robot by name in `cells/robots/` (or `$TAKT_ROBOTS`), or by path.
enum RobotLookup {
    static func directory(_ context: Context) -> String {
        context.environment["TAKT_ROBOTS"] ?? "cells/robots"
    }

    static func load(_ nameOrPath: String, _ context: Context) throws(UsageError) -> Robot {
        let fm = FileManager.default
        let dir = directory(context)
        var path: String?
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            path = nameOrPath
            guard fm.fileExists(atPath: nameOrPath) else { throw UsageError("robot file '\(nameOrPath)' does not exist") }
        } else {
            let files = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            let names = files.map { String($0.dropLast(5)) }
            if let i = names.firstIndex(where: { $0.lowercased() == nameOrPath.lowercased() }) {
                path = "\(dir)/\(files[i])"
            } else {
                if files.isEmpty {
                    throw UsageError("unknown robot '\(nameOrPath)': no robot files in '\(dir)' (run from the takt checkout, set TAKT_ROBOTS, or give a path)")
                }
                let near = nearest(to: nameOrPath, in: names)
                throw UsageError("unknown robot '\(nameOrPath)'; \(near.isEmpty ? "" : "did you mean '\(near[0])'? ")robots in \(dir): \(names.joined(separator: ", "))")
            }
        }
        guard let path else { throw UsageError("no robot") }
        guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("cannot read robot file '\(path)'")
        }
        do { return try Robot.load(text: text, file: path) } catch { throw UsageError("\(error)") }
    }

    /// The robot models a line file's cells may name (see `RobotLibrary.searchPath`).
    static func library(forLine path: String, _ context: Context) -> RobotLibrary {
        let extra = context.environment["TAKT_ROBOTS"].map { [$0] } ?? []
        return .directories(RobotLibrary.searchPath(forLine: path, extra: extra),
                            read: { p in FileManager.default.contents(atPath: p).flatMap { String(data: $0, encoding: .utf8) } },
                            list: { d in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] })
    }

    static func names(_ context: Context) -> [String] {
        let dir = directory(context)
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { String($0.dropLast(5)) }
    }
}
