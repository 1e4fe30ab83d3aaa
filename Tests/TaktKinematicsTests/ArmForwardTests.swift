import Foundation
import Testing
@testable import TaktFixed
@testable import TaktKinematics

/// An independent Double implementation of standard DH forward kinematics (4×4 matrices).
func referenceForward(_ arm: ArmModel, _ q: [Fixed]) -> (p: [Double], r: [[Double]]) {
    var t = [[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0], [0, 0, 0, 1.0]]
    for (i, l) in arm.links.enumerated() {
        let theta = (q[i].double + Double(l.offset.raw) / 4294967296.0) * 2 * Double.pi
        let alpha = Double(l.alpha.raw) / 4294967296.0 * 2 * Double.pi
        let (ct, st, ca, sa) = (cos(theta), sin(theta), cos(alpha), sin(alpha))
        let a = l.a.double, d = l.d.double
        let m = [[ct, -st * ca, st * sa, a * ct], [st, ct * ca, -ct * sa, a * st], [0, sa, ca, d], [0, 0, 0, 1.0]]
        var n = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for r in 0..<4 { for c in 0..<4 { n[r][c] = (0..<4).reduce(0) { $0 + t[r][$1] * m[$1][c] } } }
        t = n
    }
    let tool = arm.tool.position
    let p = (0..<3).map { r in t[r][3] + t[r][0] * tool.x.double + t[r][1] * tool.y.double + t[r][2] * tool.z.double }
    return (p, (0..<3).map { r in (0..<3).map { t[r][$0] } })
}

@Suite("Arm forward kinematics")
struct ArmForwardTests {
    @Test("FK of each shipped arm matches a Double DH implementation within 0.05 µm over the workspace", arguments: RobotFixtures.arms)
    func matchesDoubleReference(name: String) throws {
        let robot = try RobotFixtures.load(name)
        guard case .arm(let arm) = robot.model else { Issue.record("\(name) is not an arm"); return }
        var rng = SeededRNG(state: 0xF00D ^ UInt64(name.utf8.count))
        var worstPosition = 0.0, worstRotation = 0.0
        for _ in 0..<5_000 {
            let q = rng.joints(robot)
            let pose = robot.forward(q)
            let ref = referenceForward(arm, q)
            let p = [pose.position.x, pose.position.y, pose.position.z]
            for i in 0..<3 {
                worstPosition = max(worstPosition, abs(p[i].double - ref.p[i]))
                for j in 0..<3 { worstRotation = max(worstRotation, abs(pose.rotation[i, j].double - ref.r[i][j])) }
            }
        }
        #expect(worstPosition <= 0.05e-6, "worst position error \(worstPosition) m")
        #expect(worstRotation <= 1e-8, "worst rotation error \(worstRotation)")
    }

    @Test("UR5 at zero joints: the published home pose (all links stretched along −x)")
    func ur5Home() throws {
        let robot = try RobotFixtures.load("ur5")
        let p = robot.forward(Array(repeating: .zero, count: 6)).position
        // x = a2 + a3 = −0.81725, y = −(d4 + d6) = −0.19145, z = d1 − d5 = −0.005491
        #expect(abs(p.x.double - -0.81725) < 1e-9)
        #expect(abs(p.y.double - -0.19145) < 1e-9)
        #expect(abs(p.z.double - -0.005491) < 1e-9)
    }

    @Test("Puma 560 at Corke's qz matches the toolbox pose (0.4521, −0.15005, 0.4318) lifted by d1")
    func pumaZero() throws {
        let robot = try RobotFixtures.load("puma560")
        let p = robot.forward(Array(repeating: .zero, count: 6)).position
        // qz: x = a2 + a3, y = −d3 (α1 = +90° turns z1 to −y), z = d1 + d4.
        #expect(abs(p.x.double - 0.4521) < 1e-9)
        #expect(abs(p.y.double + 0.15005) < 1e-9)
        #expect(abs(p.z.double - 1.10363) < 1e-9)
    }

    @Test("the rotation stays orthonormal to 1e-8 after composing six links")
    func orthonormal() throws {
        let robot = try RobotFixtures.load("kr210")
        var rng = SeededRNG(state: 7)
        for _ in 0..<1000 {
            let r = robot.forward(rng.joints(robot)).rotation
            let cols = [r.c0, r.c1, r.c2]
            for i in 0..<3 { for j in 0..<3 {
                let d = cols[i].dot(cols[j]).double - (i == j ? 1 : 0)
                #expect(abs(d) < 1e-8)
            } }
        }
    }
}
