import Foundation
import TaktEngine
import TaktFixed
import TaktKinematics
import TaktTestSupport
import Testing
@testable import TaktLine

/// Cells get their timing from motion: the compiled programs are checked against the
/// kinematics API used independently, and bad cell definitions fail at load with a clear error.
@Suite("Robotic cells")
struct CellTests {
    static let assemblyPath = "cells/examples/assembly-cell.json"
    static let tick: Int64 = 1_000_000

    static func robot(_ name: String) throws -> Robot {
        let path = "cells/robots/\(name).json"
        return try Robot.load(text: String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8), file: path)
    }

    static func q(_ values: String...) throws -> [Fixed] {
        try values.map { v in try Quantity.parse(v, as: v.hasSuffix("deg") ? .angle : .length) }
    }

    static func limits(_ r: Robot) -> [MotionLimits] {
        r.joints.map { MotionLimits(velocity: $0.maxSpeed, acceleration: $0.maxAcceleration, jerk: $0.maxJerk) }
    }

    /// Ticks of a joint move, planned here without the line compiler.
    static func joint(_ r: Robot, _ a: [Fixed], _ b: [Fixed]) throws -> Int64 {
        a == b ? 0 : try SyncedMove(from: a, to: b, limits: limits(r), kind: .sCurve, tickNanoseconds: tick).durationTicks
    }

    /// Ticks of a straight tool move at 0.2 m/s, as the example's "path": "linear" steps ask.
    static func linear(_ r: Robot, _ a: [Fixed], _ b: [Fixed]) throws -> Int64 {
        try CartesianMove(robot: r, from: a, to: r.forward(b),
                          linear: MotionLimits(velocity: Fixed(1, over: 5), acceleration: Fixed(1), jerk: Fixed(10)),
                          angular: MotionLimits(velocity: Fixed(1, over: 2), acceleration: Fixed(1), jerk: Fixed(10)),
                          kind: .sCurve, tickNanoseconds: tick).durationTicks
    }

    /// The example's program re-timed from its poses: the arm's moves (two of them straight
    /// lines), the SCARA's, the tool times, and the arm's return home at the end.
    static func expectedCycle() throws -> Int64 {
        let ur5 = try robot("ur5"), scara = try robot("scara-ls6")
        let home = try q("0 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg")
        let pick = try q("40 deg", "-110 deg", "100 deg", "-80 deg", "-90 deg", "0 deg")
        let above = try q("-30 deg", "-100 deg", "95 deg", "-85 deg", "-90 deg", "0 deg")
        let abovePose = ur5.forward(above)
        var down = abovePose
        down.position = abovePose.position + Vec3(.zero, .zero, Fixed(-1, over: 10))
        let fixture = try ur5.nearestInverse(down, reference: above).joints
        let scaraHome = try q("0 deg", "0 deg", "0 m", "0 deg"), screw = try q("30 deg", "45 deg", "-0.1 m", "0 deg")
        var t: Int64 = 0
        t += try joint(ur5, home, pick) + 400
        t += try joint(ur5, pick, above)
        t += try linear(ur5, above, fixture) + 300
        t += try linear(ur5, fixture, above)
        t += try joint(scara, scaraHome, screw) + 8 * 1800 + joint(scara, screw, scaraHome)
        t += try joint(ur5, above, fixture) + 400
        t += try linear(ur5, fixture, above)
        t += try joint(ur5, above, home)
        return t
    }

    static func programTicks(_ line: LoadedLine, station: String) throws -> Int64 {
        let e = try #require(line.model.index(of: station))
        guard case .station(let st) = line.model.elements[e].kind else { Issue.record("\(station) is not a station"); return 0 }
        var t: Int64 = 0
        for case .hold(let d, _) in st.programs[0].steps { t += line.model.ticks(seconds: try #require(d.mean)) }
        return t
    }

    /// Operation durations (op_start → op_end) of `station` over a run.
    static func operationTicks(_ line: LoadedLine, station: String, seconds: Int64) throws -> [Int64] {
        struct Collect: EventSink {
            var station: Int32
            var started: [Int64: Int64] = [:]
            var durations: [Int64] = []
            mutating func record(_ e: EngineEvent) {
                guard e.element == station else { return }
                if e.kind == .operationStart { started[e.unit] = e.tick }
                if e.kind == .operationEnd, let s = started[e.unit] { durations.append(e.tick - s) }
            }
        }
        var sink = Collect(station: Int32(try #require(line.model.index(of: station))))
        var sim = try Simulation(model: line.model, options: RunOptions(seed: 1, durationTicks: seconds * 1000))
        sim.run(into: &sink)
        return sink.durations
    }

    @Test("an assembly cell's cycle is the sum of its profile durations and tool times, computed independently")
    func cycleFromMotion() throws {
        let line = try loadShipped(Self.assemblyPath, overrides: ["stations.cell.servers=1"])
        let expected = try Self.expectedCycle()
        #expect(expected > 20_000 && expected < 60_000, "a plausible cycle: \(expected) ms")
        #expect(try Self.programTicks(line, station: "cell") == expected)
        // Every operation of the running cell takes exactly that long.
        let ops = try Self.operationTicks(line, station: "cell", seconds: 900)
        #expect(ops.count >= 20)
        #expect(ops.allSatisfy { $0 == expected }, "\(Set(ops)) vs \(expected)")
    }

    @Test("a slower joint speed override lengthens the cycle and lowers the throughput")
    func speedOverride() throws {
        let fast = try loadShipped(Self.assemblyPath, overrides: ["stations.cell.servers=1"])
        let slow = try loadShipped(Self.assemblyPath, overrides: ["stations.cell.servers=1", "stations.cell.robots.arm.speed=40 %"])
        let a = try Self.programTicks(fast, station: "cell"), b = try Self.programTicks(slow, station: "cell")
        #expect(b > a)
        let nFast = try Self.operationTicks(fast, station: "cell", seconds: 3600).count
        let nSlow = try Self.operationTicks(slow, station: "cell", seconds: 3600).count
        #expect(nSlow < nFast, "\(nSlow) units at 40 % vs \(nFast) at 100 %")
    }

    static func example(_ name: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("cells/examples/\(name).json"), encoding: .utf8)
    }

    static func edited(_ name: String, _ from: String, _ to: String) throws -> String {
        let text = try example(name)
        #expect(text.contains(from), "the example no longer has \(from)")
        return text.replacingOccurrences(of: from, with: to)
    }

    @Test("a target out of the robot's reach is an error at load")
    func outOfReach() throws {
        let text = try Self.edited("assembly-cell", #""offset": ["0 m", "0 m", "-0.1 m"]"#, #""offset": ["3 m", "0 m", "-0.1 m"]"#)
        let message = loadError(text, file: "a.json")
        #expect(message.hasPrefix("a.json:25:"), "\(message)")
        #expect(message.contains("stations.cell.targets.fixture: cell.arm cannot reach target 'fixture'"), "\(message)")
        #expect(message.contains("unreachable pose"), "\(message)")
    }

    @Test("a joint limit that the program would violate is an error at load")
    func jointLimit() throws {
        // The 8th slot (second row, 4th column) would need X = 1.5 + 3 × 1.6 = 6.3 m on a 6 m rail.
        let text = try Self.edited("tending-cell", #""pitch": ["0.9 m", "0 m", "0 m", "0 deg"]"#, #""pitch": ["1.6 m", "0 m", "0 m", "0 deg"]"#)
        let message = loadError(text, file: "t.json")
        #expect(message.contains("stations.soak.load[2]: soak.loader cannot move to 'slot' of slot 4: joint 1 (X) = 6.3000 m is beyond its limits 0.0000 m … 6.0000 m"), "\(message)")
    }

    @Test("a route graph with an unreachable stop is an error at load")
    func unreachableStop() throws {
        let text = try Self.edited("logistics-cell", #"{ "from": "corner", "to": "dock", "one_way": true }"#, #"{ "from": "dock", "to": "corner", "one_way": true }"#)
        let message = loadError(text, file: "l.json")
        #expect(message.contains("stations.amr.dropoff: route 'loop' has no path from 'store' to 'dock' (pickup to drop-off)"), "\(message)")
    }

    @Test("an interlock zone naming an unknown robot is an error at load")
    func zoneUnknownRobot() throws {
        let text = try Self.edited("assembly-cell", #""cell.arm": ["pick"]"#, #""cell.arms": ["pick"]"#)
        let message = loadError(text, file: "a.json")
        #expect(message.contains("zones.feeder.cell.arms: no robot 'cell.arms' in the line"), "\(message)")
        let target = loadError(try Self.edited("assembly-cell", #""cell.arm": ["pick"]"#, #""cell.arm": ["pik"]"#), file: "a.json")
        #expect(target.contains("cell.arm has no target 'pik'; did you mean 'pick'?"), "\(target)")
    }

    @Test("unknown cell kinds and steps are refused with the valid choices")
    func unknownKind() throws {
        let kind = loadError(try Self.edited("assembly-cell", #""kind": "assembly""#, #""kind": "assembley""#), file: "a.json")
        #expect(kind.contains("unknown cell kind 'assembley'; did you mean 'assembly'?"), "\(kind)")
        let step = loadError(try Self.edited("assembly-cell", #"{ "move": "pick" },"#, #"{ "mvoe": "pick" },"#), file: "a.json")
        #expect(step.contains("a step is one of"), "\(step)")
    }
}
