import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("Arm inverse kinematics")
struct ArmInverseTests {
    /// Position and rotation distance between two poses.
    static func distance(_ a: Pose, _ b: Pose) -> (position: Double, rotation: Double) {
        let dp = (a.position - b.position).length.double
        var dr = 0.0
        for i in 0..<3 { for j in 0..<3 { dr = max(dr, abs(a.rotation[i, j].double - b.rotation[i, j].double)) } }
        return (dp, dr)
    }

    @Test("FK(IK(p)) returns to p within 1 µm, every solution, for 2,000 seeded reachable poses per arm (10,000 over the five arms)", arguments: RobotFixtures.arms)
    func roundTrip(name: String) throws {
        let robot = try RobotFixtures.load(name)
        var rng = SeededRNG(state: 0xBEEF &+ UInt64(name.utf8.first!))
        var worst = 0.0, worstRot = 0.0, found = 0
        for _ in 0..<2_000 {
            let q = rng.joints(robot)
            let target = robot.forward(q)
            let solutions = try robot.inverse(target, reference: q)
            #expect(!solutions.isEmpty)
            for s in solutions {
                let d = Self.distance(robot.forward(s.joints), target)
                worst = max(worst, d.position)
                worstRot = max(worstRot, d.rotation)
            }
            // The joints we started from are among the solutions (mod whole turns), unless singular.
            if let best = nearestSolution(solutions, to: q) {
                let gap = zip(best.joints, q).map { abs(($0 - $1).double) }.max()!
                if gap < 1e-6 || best.singular { found += 1 }
            }
        }
        #expect(worst <= 1e-6, "worst round-trip position error \(worst) m")
        #expect(worstRot <= 1e-6, "worst round-trip rotation error \(worstRot)")
        #expect(found >= 1_995, "the starting joints were recovered in \(found) of 2,000 cases")
    }

    @Test("spherical-wrist arms have up to 8 solutions; a pose beyond reach is reported as unreachable")
    func unreachable() throws {
        let robot = try RobotFixtures.load("puma560")
        let far = Pose(rotation: .identity, position: Vec3(Fixed(2), .zero, .one))
        #expect(throws: IKFailure.self) { try robot.inverse(far) }
        do { _ = try robot.inverse(far) } catch {
            #expect(error.description.hasPrefix("unreachable pose:"))
        }
        let q: [Fixed] = [Fixed(1, over: 20), Fixed(1, over: 10), Fixed(-1, over: 10), Fixed(1, over: 30), Fixed(1, over: 15), Fixed(1, over: 25)]
        let sols = try robot.inverse(robot.forward(q), reference: q)
        #expect(sols.count == 8)
    }

    @Test("a wrist singularity is flagged and still solved, holding joint 4 at the reference")
    func wristSingularity() throws {
        let robot = try RobotFixtures.load("puma560")
        let q: [Fixed] = [Fixed(1, over: 20), Fixed(1, over: 10), Fixed(-1, over: 10), Fixed(1, over: 30), .zero, Fixed(1, over: 25)]
        let target = robot.forward(q)
        let best = try robot.nearestInverse(target, reference: q)
        #expect(best.singular)
        #expect(ArmInverseTests.distance(robot.forward(best.joints), target).position < 1e-6)
        #expect(abs((best.joints[3] - q[3]).double) < 1e-9)
    }

    @Test("UR wrist singularity (θ5 = 0) is flagged and solved")
    func urSingularity() throws {
        let robot = try RobotFixtures.load("ur5")
        let q: [Fixed] = [Fixed(1, over: 20), Fixed(-1, over: 10), Fixed(1, over: 10), Fixed(1, over: 30), .zero, Fixed(1, over: 25)]
        let target = robot.forward(q)
        let best = try robot.nearestInverse(target, reference: q)
        #expect(best.singular)
        #expect(ArmInverseTests.distance(robot.forward(best.joints), target).position < 1e-6)
    }

    @Test("the nearest solution honours joint limits: a pose needing a joint beyond its limits is refused")
    func limitsHonoured() throws {
        var robot = try RobotFixtures.load("puma560")
        let q: [Fixed] = [Fixed(1, over: 8), Fixed(1, over: 10), Fixed(-1, over: 10), Fixed(1, over: 30), Fixed(1, over: 15), Fixed(1, over: 25)]
        let target = robot.forward(q)
        // Narrow joint 1 so no branch fits.
        robot.joints[0].min = Fixed(-1, over: 100)
        robot.joints[0].max = Fixed(1, over: 100)
        #expect(throws: IKFailure.self) { try robot.nearestInverse(target, reference: q) }
    }
}
