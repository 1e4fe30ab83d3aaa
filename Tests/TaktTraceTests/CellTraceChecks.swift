import Foundation
import Testing
import TaktEngine
import TaktJSON
import TaktLine
import TaktTestSupport
@testable import TaktTrace

/// Safety of shared space, checked from the written trace alone: no two robots inside one
/// interlock zone, no two vehicles on one route node or edge, at any tick — over 100 seeds of
/// every shipped line and example that has zones or vehicles (10 seeds in the quick suite; the
/// 100 run with TAKT_LONG=1, in the release step of .ci/run).
///
/// Independent of the engine's bookkeeping: the `acquired`/`released` events are ignored. A
/// robot is inside a zone from the start of its move to a target the line file puts in that
/// zone until the end of the move that takes it to a target outside; a vehicle is on an edge
/// from a leg's start to its end and on a node from the end of the leg that brought it there to
/// the start of the leg that takes it away (vehicle homes are depots, shared by design).
@Suite("Cells in the trace")
struct CellTraceChecks {
    struct Geometry {
        /// zone → robot ("A1.arm") → its targets inside the zone.
        var zones: [String: [String: Set<String>]] = [:]
        /// Route nodes where vehicles park (any number may stand there).
        var depots: Set<String> = []
        var hasVehicles = false
    }

    /// Zones and depots read straight from the line file's JSON.
    static func geometry(_ path: String) throws -> Geometry {
        let text = try String(contentsOf: ShippedLines.root.appendingPathComponent(path), encoding: .utf8)
        let root = try JSONParser.parse(text, file: path)
        var g = Geometry()
        if case .object(let zs)? = root["zones"]?.kind {
            for z in zs where !z.key.hasPrefix("//") && z.key != "comment" && z.key != "estimate" {
                guard case .object(let members) = z.value.kind else { continue }
                for m in members {
                    guard case .array(let ts) = m.value.kind else { continue }
                    g.zones[z.key, default: [:]][m.key] = Set(ts.compactMap { if case .string(let s) = $0.kind { s } else { nil } })
                }
            }
        }
        if case .object(let stations)? = root["stations"]?.kind {
            for s in stations {
                guard case .string("logistics")? = s.value["kind"]?.kind, let home = s.value["vehicles"]?["home"] else { continue }
                g.hasVehicles = true
                switch home.kind {
                case .string(let n): g.depots.insert(n)
                case .array(let ns): for n in ns { if case .string(let x) = n.kind { g.depots.insert(x) } }
                default: break
                }
            }
        }
        return g
    }

    static var checkedLines: [String] {
        ShippedLines.paths.filter { p in
            guard let g = try? geometry(p) else { return false }
            return !g.zones.isEmpty || g.hasVehicles
        }
    }

    struct Step { var tick: Int64; var start: Bool; var kind: String; var by: String; var to: String; var from: String }

    /// The step events of a trace, read from its lines by key (names in a trace need no escapes).
    static func steps(_ bytes: [UInt8]) throws -> [Step] {
        var out: [Step] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.contains(#""ev":"step_"#) {
            func value(_ key: String) -> Substring {
                guard let r = line.range(of: "\"\(key)\":") else { return "" }
                var rest = line[r.upperBound...]
                if rest.first == "\"" { rest = rest.dropFirst(); return rest.prefix { $0 != "\"" } }
                return rest.prefix { $0 != "," && $0 != "}" }
            }
            guard let tick = Int64(value("t")) else { Issue.record("no tick in \(line)"); continue }
            out.append(Step(tick: tick, start: value("ev") == "step_start", kind: String(value("do")), by: String(value("by")),
                            to: String(value("to")), from: String(value("from"))))
        }
        return out
    }

    /// "A1.arm[2]" → "A1.arm": copies of a cell's robots share its zones.
    static func base(_ actor: String) -> String {
        guard let i = actor.firstIndex(of: "[") else { return actor }
        return String(actor[..<i])
    }

    /// Problems found in one trace (empty when safe).
    static func violations(_ steps: [Step], _ g: Geometry) -> [String] {
        var problems: [String] = []
        func zonesOf(_ actor: String, _ target: String) -> Set<String> {
            Set(g.zones.compactMap { zone, members in members[base(actor)]?.contains(target) == true ? zone : nil })
        }
        var inside: [String: String] = [:]          // zone → robot inside
        var occupant: [String: String] = [:]        // "node X" / "edge A-B" → vehicle
        for st in steps {
            switch st.kind {
            case "move":
                let now = zonesOf(st.by, st.from), next = zonesOf(st.by, st.to)
                if st.start {
                    for z in next.subtracting(now) {
                        if let other = inside[z], other != st.by { problems.append("t=\(st.tick): \(st.by) enters zone \(z) while \(other) is inside") }
                        inside[z] = st.by
                    }
                } else {
                    for z in now.subtracting(next) where inside[z] == st.by { inside[z] = nil }
                }
            case "leg":
                let edge = "edge " + [st.from, st.to].sorted().joined(separator: "-")
                if st.start {
                    if !g.depots.contains(st.from) { occupant["node " + st.from] = nil }
                    if let other = occupant[edge], other != st.by { problems.append("t=\(st.tick): \(st.by) enters \(edge) while \(other) is on it") }
                    occupant[edge] = st.by
                } else {
                    occupant[edge] = nil
                    if !g.depots.contains(st.to) {
                        if let other = occupant["node " + st.to], other != st.by { problems.append("t=\(st.tick): \(st.by) arrives at node \(st.to) where \(other) stands") }
                        occupant["node " + st.to] = st.by
                    }
                }
            default: break
            }
            if problems.count > 5 { break }
        }
        return problems
    }

    @Test("there are lines with zones and with vehicles to check")
    func found() throws {
        let lines = Self.checkedLines
        #expect(lines.contains { !((try? Self.geometry($0).zones.isEmpty) ?? true) })
        #expect(lines.contains { (try? Self.geometry($0).hasVehicles) ?? false })
    }

    static let seeds: UInt64 = ProcessInfo.processInfo.environment["TAKT_LONG"] == nil ? 10 : 100

    @Test("no two robots in one zone and no two vehicles on one node or edge, over many seeds, from the trace", arguments: checkedLines)
    func safe(path: String) throws {
        let line = try TraceFixtures.load(path)
        let g = try Self.geometry(path)
        var moves = 0, legs = 0
        for seed in UInt64(1)...Self.seeds {
            let run = try TraceFixtures.run(line, seed: seed, seconds: 1800, checkpointEvery: 1_000_000)
            let steps = try Self.steps(run.bytes)
            moves += steps.count { $0.kind == "move" }
            legs += steps.count { $0.kind == "leg" }
            let problems = Self.violations(steps, g)
            #expect(problems.isEmpty, "seed \(seed): \(problems.joined(separator: "; "))")
            if !problems.isEmpty { break }
        }
        #expect(g.zones.isEmpty || moves > 0, "robots moved")
        #expect(!g.hasVehicles || legs > 0, "vehicles drove")
    }

    @Test("the checker sees a violation: two robots in one zone are reported")
    func checkerCatches() {
        let g = Geometry(zones: ["z": ["A.arm": ["p"], "B.arm": ["p"]]])
        let steps = [Step(tick: 0, start: true, kind: "move", by: "A.arm", to: "p", from: "home"),
                     Step(tick: 5, start: true, kind: "move", by: "B.arm", to: "p", from: "home")]
        #expect(Self.violations(steps, g).count == 1)
        let legs = [Step(tick: 0, start: true, kind: "leg", by: "v1", to: "b", from: "a"),
                    Step(tick: 3, start: true, kind: "leg", by: "v2", to: "a", from: "b")]
        #expect(Self.violations(legs, Geometry()).count == 1)
    }
}
