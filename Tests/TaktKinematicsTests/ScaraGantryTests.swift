import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("SCARA, gantry, AGV and conveyor kinematics")
struct ScaraGantryTests {
    @Test("SCARA round trip FK(IK(p)) within 1 µm for 10,000 seeded poses, both elbows")
    func scaraRoundTrip() throws {
        let robot = try RobotFixtures.load("scara-ls6")
        var rng = SeededRNG(state: 11)
        var worst = 0.0
        for _ in 0..<10_000 {
            let q = rng.joints(robot)
            let target = robot.forward(q)
            for s in try robot.inverse(target, reference: q) {
                worst = max(worst, ArmInverseTests.distance(robot.forward(s.joints), target).position)
            }
            let best = try robot.nearestInverse(target, reference: q)
            #expect(zip(best.joints, q).allSatisfy { abs(($0 - $1).double) < 1e-6 }, "q \(q.map(\.double)) got \(best.joints.map(\.double)) \(best.branch)")
        }
        #expect(worst <= 1e-6)
    }

    @Test("SCARA refuses a tilted tool and a point beyond its reach")
    func scaraErrors() throws {
        let robot = try RobotFixtures.load("scara-ls6")
        let tilted = Pose(rotation: Rot3(rows: [.one, .zero, .zero, .zero, .zero, -.one, .zero, .one, .zero]), position: Vec3(Fixed(1, over: 2), .zero, .zero))
        #expect(throws: IKFailure.self) { try robot.inverse(tilted) }
        let far = Pose(rotation: .identity, position: Vec3(Fixed(1), .zero, .zero))
        #expect(throws: IKFailure.self) { try robot.inverse(far) }
    }

    @Test("gantry FK is the origin plus the axes; IK inverts it and rejects travel beyond a stroke")
    func gantry() throws {
        let robot = try RobotFixtures.load("gantry-loader")
        let q: [Fixed] = [Fixed(3), Fixed(1, over: 2), Fixed(-1, over: 4), Fixed(1, over: 8)]
        let pose = robot.forward(q)
        #expect(pose.position == Vec3(Fixed(3), Fixed(1, over: 2), Fixed(6, over: 5) - Fixed(1, over: 4)))
        let back = try robot.nearestInverse(pose, reference: q)
        #expect(zip(back.joints, q).allSatisfy { abs(($0 - $1).double) < 1e-9 })
        let beyond = Pose(rotation: .identity, position: Vec3(Fixed(7), .zero, Fixed(1)))
        #expect(throws: IKFailure.self) { try robot.inverse(beyond) }
    }

    @Test("differential drive: equal wheel speeds drive straight, opposite ones turn in place")
    func differentialDrive() throws {
        let robot = try RobotFixtures.load("amr")
        guard case .differentialDrive(let agv) = robot.model else { Issue.record("not an AGV"); return }
        let straight = agv.twist(leftWheel: .one, rightWheel: .one)
        #expect(abs(straight.speed.double - 2 * Double.pi * 0.1) < 1e-8)
        #expect(straight.yawRate == .zero)
        let spin = agv.twist(leftWheel: -.one, rightWheel: .one)
        #expect(spin.speed == .zero)
        // ω = r(ωr − ωl)/b = 0.1·2·2π/0.5 rad/s = 0.4 turn/s
        #expect(abs(spin.yawRate.double - 0.4) < 1e-8)
        let w = agv.wheelSpeeds(speed: straight.speed, yawRate: Fixed(1, over: 10))
        let t = agv.twist(leftWheel: w.left, rightWheel: w.right)
        #expect(abs((t.speed - straight.speed).double) < 1e-8 && abs(t.yawRate.double - 0.1) < 1e-8)
    }

    @Test("conveyor: a belt point moves along the line from start to end")
    func conveyor() throws {
        let robot = try RobotFixtures.load("conveyor-10m")
        let p = robot.forward([Fixed(5, over: 2)]).position
        #expect(abs(p.x.double - 2.5) < 1e-9 && p.y == .zero && abs(p.z.double - 0.8) < 1e-9)
    }
}
