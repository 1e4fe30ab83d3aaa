import Foundation
import Testing
@testable import TaktCLI

/// The repository's root directory (this file is in Tests/TaktCLITests/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs `takt` in-process with the shipped robots (`cells/robots`) and captures both streams.
func takt(_ args: String...) -> (code: Int32, out: String, err: String) {
    let output = Output.capturing()
    let code = Takt.run(args, output: output, environment: ["TAKT_ROBOTS": repositoryRoot.appendingPathComponent("cells/robots").path])
    return (code, output.capturedOut, output.capturedErr)
}

@Suite("takt kin")
struct KinCommandTests {
    @Test("fk --format json prints one line with 9-decimal position and rotation rows")
    func fkJSON() {
        let r = takt("kin", "fk", "puma560", "--joints", "0,0,0,0,0,0", "--format", "json")
        #expect(r.code == 0)
        #expect(r.err.isEmpty)
        #expect(r.out == "{\"position_m\":[0.452100000,-0.150050000,1.103630000],\"rotation\":[[1.000000000,0.000000000,0.000000000],[0.000000000,1.000000000,0.000000000],[0.000000000,0.000000000,1.000000000]]}\n")
    }

    @Test("--degrees reads the same angles as values that carry their own 'deg' unit")
    func degreesMatchUnits() {
        let deg = takt("kin", "fk", "ur5", "--joints", "90,-45,30,0,60,0", "--degrees", "--format", "json")
        let units = takt("kin", "fk", "ur5", "--joints", "90deg,-45deg,30deg,0,60deg,0", "--format", "json")
        #expect(deg.code == 0 && units.code == 0)
        #expect(deg.out == units.out)
    }

    @Test("ik returns joints whose fk is the requested pose")
    func ikRoundTrip() throws {
        let ik = takt("kin", "ik", "ur5", "--position", "0.3,0.2,0.4", "--rotation", "1,0,0,0,-1,0,0,0,-1", "--format", "json")
        #expect(ik.code == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(ik.out.utf8)) as! [String: Any]
        let joints = (obj["joints"] as! [NSNumber]).map { String(format: "%.9f", $0.doubleValue) }.joined(separator: ",")
        let fk = takt("kin", "fk", "ur5", "--joints", joints, "--format", "json")
        let pose = try JSONSerialization.jsonObject(with: Data(fk.out.utf8)) as! [String: Any]
        let p = (pose["position_m"] as! [NSNumber]).map(\.doubleValue)
        #expect(abs(p[0] - 0.3) < 1e-6 && abs(p[1] - 0.2) < 1e-6 && abs(p[2] - 0.4) < 1e-6)
    }

    @Test("profile: D = 1, v = 1, a = 2 takes 1.5 s = 1500 ticks of 1 ms")
    func profile() {
        let r = takt("kin", "profile", "--distance", "1", "--vmax", "1", "--amax", "2", "--format", "json")
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("{\"kind\":\"trapezoidal\",\"distance\":1.000000000,\"duration_s\":1.500000000,\"duration_ticks\":1500,"))
    }

    @Test("bad input gives one error line and exit 2", arguments: [
        (["kin", "fk", "ur55", "--joints", "0,0,0,0,0,0"], "error: unknown robot 'ur55'; did you mean 'ur5'? robots in "),
        (["kin", "fk", "ur5", "--joints", "0,0,0"], "error: --joints: UR5 has 6 joints, got 3 values"),
        (["kin", "fk", "puma560", "--joints", "0,0,0,0,3,0"], "error: kin fk: joint 5 (J5) = 171.887° is beyond its limits -100.000° … 100.000°"),
        (["kin", "profile", "--distance", "1", "--vmax", "1", "--amax", "2", "--tick", "8 parsecs"], "error: kin profile: --tick: unknown unit 'parsecs' in '8 parsecs'; durations take ms, s, min, h, d"),
        (["kin", "fk", "ur5", "--joint", "0"], "error: kin fk: unknown option '--joint'; did you mean --joints?"),
    ])
    func badInput(args: [String], message: String) {
        let output = Output.capturing()
        let code = Takt.run(args, output: output, environment: ["TAKT_ROBOTS": repositoryRoot.appendingPathComponent("cells/robots").path])
        #expect(code == 2)
        #expect(output.capturedOut.isEmpty)
        #expect(output.capturedErr.hasPrefix(message))
        #expect(output.capturedErr.filter { $0 == "\n" }.count == 1)
    }

    @Test("an unreachable pose is a clear error, not a crash")
    func unreachable() {
        let r = takt("kin", "ik", "puma560", "--position", "3,0,0")
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("error: kin ik: Puma 560: unreachable pose:"))
    }
}
