import Foundation
import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("Cartesian straight-line moves")
struct CartesianMoveTests {
    static let urStart: [Fixed] = [.zero, Fixed(-1, over: 5), Fixed(1, over: 4), Fixed(-3, over: 10), Fixed(-1, over: 4), .zero]
    static let slowTurn = MotionLimits(velocity: Fixed(1, over: 4), acceleration: .one, jerk: Fixed(10))

    static func vec(_ v: Vec3) -> [Double] { [v.x.double, v.y.double, v.z.double] }
    static func sub(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }
    static func norm(_ a: [Double]) -> Double { sqrt(a.reduce(0) { $0 + $1 * $1 }) }
    static func cross(_ a: [Double], _ b: [Double]) -> [Double] {
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    }
    static func maxEntryDiff(_ a: Rot3, _ b: Rot3) -> Double {
        var worst = 0.0
        for i in 0..<3 { for j in 0..<3 { worst = max(worst, abs(a[i, j].double - b[i, j].double)) } }
        return worst
    }
    /// Rotation angle of R in radians, from the trace (Double reference).
    static func angle(_ r: Rot3) -> Double {
        let c = ((r[0, 0].double + r[1, 1].double + r[2, 2].double) - 1) / 2
        let v = [r[2, 1].double - r[1, 2].double, r[0, 2].double - r[2, 0].double, r[1, 0].double - r[0, 1].double]
        return atan2(norm(v) / 2, c)
    }

    /// Checks every tick of a planned move: FK(joints) = pose within 1 µm and 1e-6, the tool on the
    /// straight segment within 1 µm, the orientation turned by s·Θ, each joint step within its speed
    /// limit (plus the documented slack), and the end exactly at the target.
    static func checkEveryTick(_ move: CartesianMove, robot: Robot, tickNanoseconds: Int64) {
        let p0 = vec(move.startPose.position), p1 = vec(move.target.position)
        let dir = sub(p1, p0), len = norm(dir)
        let u = len > 0 ? dir.map { $0 / len } : [0, 0, 0]
        let theta = Double(move.rotationAngle.raw) / 4294967296.0 * 2 * Double.pi
        var worstFK = 0.0, worstRotFK = 0.0, worstLine = 0.0, worstTurn = 0.0, worstSpeed = 0.0
        var previous = move.joints(atTick: 0)
        #expect(previous == move.startJoints)
        var buffer = [Fixed](repeating: .zero, count: move.jointCount)
        var lastS = Fixed.zero
        for n in 0...move.durationTicks {
            let q = move.joints(atTick: n)
            move.joints(atTick: n, into: &buffer)
            #expect(buffer == q)
            #expect(robot.jointProblem(q) == nil)
            let planned = move.pose(atTick: n)
            let fk = robot.forward(q)
            worstFK = max(worstFK, norm(sub(vec(fk.position), vec(planned.position))))
            worstRotFK = max(worstRotFK, maxEntryDiff(fk.rotation, planned.rotation))
            let rel = sub(vec(fk.position), p0)
            worstLine = max(worstLine, norm(cross(rel, u)))
            let along = rel.enumerated().reduce(0) { $0 + $1.element * u[$1.offset] }
            #expect(along >= -1e-6 && along <= len + 1e-6)
            let s = move.progress(atTick: n)
            #expect(s >= lastS)
            lastS = s
            worstTurn = max(worstTurn, abs(angle(move.startPose.rotation.transposed * fk.rotation) - s.double * theta))
            if n > 0 {
                for i in q.indices {
                    let allowed = robot.joints[i].maxSpeed.double * Double(tickNanoseconds) / 1e9 + CartesianMove.jointStepSlack.double
                    worstSpeed = max(worstSpeed, abs((q[i] - previous[i]).double) / allowed)
                }
            }
            previous = q
        }
        #expect(worstFK <= 1e-6, "FK(joints) is \(worstFK) m from the planned pose")
        #expect(worstRotFK <= 1e-6, "FK(joints) rotation differs by \(worstRotFK)")
        #expect(worstLine <= 1e-6, "the tool leaves the straight line by \(worstLine) m")
        #expect(worstTurn <= 1e-6, "the orientation differs from s·Θ by \(worstTurn) rad")
        #expect(worstSpeed <= 1, "a joint step reaches \(worstSpeed) × its per-tick speed limit")
        #expect(move.pose(atTick: move.durationTicks) == move.target)
        #expect(move.progress(atTick: move.durationTicks) == .one)
        let end = robot.forward(move.joints(atTick: move.durationTicks))
        #expect(norm(sub(vec(end.position), p1)) <= 1e-6)
        #expect(maxEntryDiff(end.rotation, move.target.rotation) <= 1e-6)
    }

    @Test("UR5: a 33 cm line with a 30° turn stays in the workspace; every tick is on the line, turned by s·Θ, within joint speed limits and FK = pose")
    func ur5Line() throws {
        let robot = try RobotFixtures.load("ur5")
        let p0 = robot.forward(Self.urStart)
        let yaw = Angle(degrees: Fixed(30)).sinCos
        let target = Pose(rotation: Rot3.aboutZ(sin: yaw.sin, cos: yaw.cos) * p0.rotation,
                          position: p0.position + Vec3(Fixed(-1, over: 10), Fixed(3, over: 10), Fixed(-1, over: 10)))
        let linear = MotionLimits(velocity: Fixed(1, over: 4), acceleration: .one, jerk: Fixed(10))
        let tick: Int64 = 4_000_000
        let move = try CartesianMove(robot: robot, from: Self.urStart, to: target, linear: linear, angular: Self.slowTurn,
                                     kind: .sCurve, tickNanoseconds: tick)
        #expect(abs(move.rotationAngle.degrees.double - 30) < 1e-6)
        #expect(abs(move.length.double - sqrt(0.11)) < 1e-9)
        // One normalised profile: no slower than the linear or the angular part alone.
        let alone = try MotionProfile(distance: move.length, limits: linear, kind: .sCurve, tickNanoseconds: tick)
        #expect(move.durationTicks >= alone.durationTicks)
        Self.checkEveryTick(move, robot: robot, tickNanoseconds: tick)
    }

    @Test("UR5: a line passing 5 cm from the base axis is rejected where the base joint would spin beyond its speed limit, before the unreachable column")
    func ur5ThroughBaseAxis() throws {
        let robot = try RobotFixtures.load("ur5")
        let down = robot.forward(Self.urStart).rotation
        let y = 0.05, z = Fixed(3, over: 10)
        let a = Pose(rotation: down, position: Vec3(Fixed(-45, over: 100), Fixed(5, over: 100), z))
        let b = Pose(rotation: down, position: Vec3(Fixed(45, over: 100), Fixed(5, over: 100), z))
        let start = try robot.nearestInverse(a, reference: Self.urStart).joints
        let linear = MotionLimits(velocity: Fixed(1, over: 4), acceleration: .one, jerk: Fixed(10))
        // The wrist point (straight above the tool) cannot come closer than d4 = 0.10915 m to the base axis.
        let entry = (0.45 - sqrt(0.10915 * 0.10915 - y * y)) / 0.9
        do {
            _ = try CartesianMove(robot: robot, from: start, to: b, linear: linear, angular: Self.slowTurn,
                                  kind: .sCurve, tickNanoseconds: 8_000_000)
            Issue.record("the line through the base axis was accepted")
        } catch {
            guard case let .jointTooFast(joint, name, revolute, _, _, progress, speed, limit) = error else {
                Issue.record("expected a joint speed rejection, got: \(error)")
                return
            }
            #expect(joint == 0 && name == "base" && revolute)
            #expect(speed > limit)
            #expect(progress.double <= entry && progress.double > entry - 0.1, "rejected at \(progress.double), the column starts at \(entry)")
            #expect(error.description.hasPrefix("joint 1 (base) would have to move at "))
            #expect(error.description.contains("% of the path (tick "))
            #expect(error.description.contains("the line passes through or near a singularity"))
        }
    }

    @Test("UR5: a slow line beyond reach is rejected as leaving the workspace at the first unreachable tick")
    func ur5BeyondReach() throws {
        let robot = try RobotFixtures.load("ur5")
        let down = robot.forward(Self.urStart).rotation
        let y = Fixed(5, over: 100), z = Fixed(3, over: 10)
        let a = Pose(rotation: down, position: Vec3(Fixed(-78, over: 100), y, z))
        let b = Pose(rotation: down, position: Vec3(Fixed(-11, over: 10), y, z))
        let start = try robot.nearestInverse(a, reference: Self.urStart).joints
        let linear = MotionLimits(velocity: Fixed(1, over: 100), acceleration: .one, jerk: Fixed(10))
        let tick: Int64 = 16_000_000
        do {
            _ = try CartesianMove(robot: robot, from: start, to: b, linear: linear, angular: Self.slowTurn,
                                  kind: .trapezoidal, tickNanoseconds: tick)
            Issue.record("the line beyond reach was accepted")
        } catch {
            guard case let .leavesWorkspace(failTick, ticks, progress, reason) = error else {
                Issue.record("expected a workspace rejection, got: \(error)")
                return
            }
            #expect(reason.hasPrefix("unreachable pose:"))
            #expect(error.description.hasPrefix("the straight line leaves the workspace at \(PathError.percent(progress)) of the path (tick \(failTick) of \(ticks)): unreachable pose:"))
            // The reported tick is the first unreachable one: the pose one tick earlier is reachable.
            let timing = try SyncedMove(from: [.zero, .zero], to: [(b.position - a.position).length, .zero],
                                        limits: [linear, Self.slowTurn], kind: .trapezoidal, tickNanoseconds: tick)
            #expect(timing.progress(atTick: failTick) == progress)
            let at = { (n: Int64) in Pose(rotation: down, position: a.position + (b.position - a.position) * timing.progress(atTick: n)) }
            #expect(throws: IKFailure.self) { try robot.inverse(at(failTick)) }
            #expect((try? robot.inverse(at(failTick - 1))) != nil)
            // The arm's reach |a2| + |a3| = 0.81725 m is met near x ≈ −0.86 m.
            let x = -0.78 - 0.32 * progress.double
            #expect(x < -0.85 && x > -0.88)
        }
    }

    @Test("gantry: the move lasts exactly the 1-D profile over its length (trapezoid and S-curve); axes move proportionally; beyond the stroke is rejected at the right fraction")
    func gantry() throws {
        let robot = try RobotFixtures.load("gantry-camera")
        let start: [Fixed] = [Fixed(1, over: 10), Fixed(1, over: 10), Fixed(-1, over: 10)]
        let p0 = robot.forward(start)
        let target = Pose(rotation: p0.rotation, position: p0.position + Vec3(Fixed(9, over: 10), Fixed(6, over: 10), Fixed(-15, over: 100)))
        let linear = MotionLimits(velocity: Fixed(1, over: 2), acceleration: Fixed(2), jerk: Fixed(20))
        let tick: Int64 = 1_000_000
        for kind in ProfileKind.allCases {
            let move = try CartesianMove(robot: robot, from: start, to: target, linear: linear, angular: Self.slowTurn,
                                         kind: kind, tickNanoseconds: tick)
            let profile = try MotionProfile(distance: move.length, limits: linear, kind: kind, tickNanoseconds: tick)
            #expect(move.durationTicks == profile.durationTicks)
            #expect(abs(move.timing.optimalDurationSeconds.double - profile.optimalDurationSeconds.double) < 1e-8)
            #expect(move.rotationAngle == .zero)
            Self.checkEveryTick(move, robot: robot, tickNanoseconds: tick)
            // The gantry's IK is exact: the last tick holds exactly the target's joints, and every tick is
            // the start plus the displacement times s (within rounding).
            #expect(move.joints(atTick: move.durationTicks) == (try robot.inverse(target)).first!.joints)
            for n in stride(from: Int64(0), through: move.durationTicks, by: 97) {
                let s = move.progress(atTick: n).double, q = move.joints(atTick: n)
                for (i, d) in [0.9, 0.6, -0.15].enumerated() { #expect(abs(q[i].double - start[i].double - d * s) < 1e-9) }
            }
        }
        // X travels 0.1 → 1.4 m but its stroke ends at 1.2 m: the move leaves at s > 1.1/1.3.
        let tooFar = Pose(rotation: p0.rotation, position: p0.position + Vec3(Fixed(13, over: 10), .zero, .zero))
        #expect {
            try CartesianMove(robot: robot, from: start, to: tooFar, linear: linear, angular: Self.slowTurn,
                              kind: .trapezoidal, tickNanoseconds: tick)
        } throws: { error in
            guard let e = error as? PathError, case let .leavesWorkspace(_, _, progress, reason) = e else { return false }
            return progress.double > 1.1 / 1.3 && progress.double < 1.1 / 1.3 + 0.01
                && reason == "pose needs joints beyond their limits: axis X would travel beyond its stroke"
        }
    }

    @Test("SCARA: a line with a 60° tool turn stays on the line and ends at the target; a tilted target is rejected within the first ticks")
    func scara() throws {
        let robot = try RobotFixtures.load("scara-ls6")
        let start: [Fixed] = [Fixed(1, over: 20), Fixed(1, over: 5), Fixed(-1, over: 20), .zero]
        let p0 = robot.forward(start)
        let yaw = Angle(degrees: Fixed(60)).sinCos
        let target = Pose(rotation: Rot3.aboutZ(sin: yaw.sin, cos: yaw.cos) * p0.rotation,
                          position: p0.position + Vec3(Fixed(1, over: 10), Fixed(-15, over: 100), Fixed(3, over: 100)))
        let linear = MotionLimits(velocity: Fixed(1), acceleration: Fixed(5), jerk: Fixed(100))
        let angular = MotionLimits(velocity: Fixed(1), acceleration: Fixed(5), jerk: Fixed(100))
        let tick: Int64 = 1_000_000
        let move = try CartesianMove(robot: robot, from: start, to: target, linear: linear, angular: angular,
                                     kind: .sCurve, tickNanoseconds: tick)
        #expect(abs(move.rotationAngle.degrees.double - 60) < 1e-6)
        #expect(abs(abs(move.rotationAxis.z.double) - 1) < 1e-9)
        Self.checkEveryTick(move, robot: robot, tickNanoseconds: tick)

        let tilted = Pose(rotation: Rot3.aboutX(sin: Fixed(1, over: 2), cos: Fixed(3, over: 4).squareRoot()!), position: p0.position)
        #expect {
            try CartesianMove(robot: robot, from: start, to: tilted, linear: linear, angular: angular, kind: .sCurve, tickNanoseconds: tick)
        } throws: { error in
            guard let e = error as? PathError, case let .leavesWorkspace(failTick, _, _, reason) = e else { return false }
            return failTick < 20 && reason.contains("can only turn its tool about the vertical axis")
        }
    }

    @Test("refusals: a robot without pose IK, bad start joints, bad limits; a zero move lasts 0 ticks")
    func refusals() throws {
        let ur5 = try RobotFixtures.load("ur5")
        let amr = try RobotFixtures.load("amr")
        let limits = MotionLimits(velocity: .one, acceleration: .one, jerk: .one)
        #expect(throws: PathError.noPoseKinematics(robot: amr.name, type: "agv")) {
            try CartesianMove(robot: amr, from: [.zero, .zero], to: .identity, linear: limits, angular: limits,
                              kind: .trapezoidal, tickNanoseconds: 1_000_000)
        }
        #expect(throws: PathError.invalidStart("UR5 has 6 joints, got 2 values")) {
            try CartesianMove(robot: ur5, from: [.zero, .zero], to: .identity, linear: limits, angular: limits,
                              kind: .trapezoidal, tickNanoseconds: 1_000_000)
        }
        let p0 = ur5.forward(Self.urStart)
        let bad = MotionLimits(velocity: .zero, acceleration: .one)
        #expect(throws: PathError.self) {
            try CartesianMove(robot: ur5, from: Self.urStart, to: p0, linear: bad, angular: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
        }
        do {
            _ = try CartesianMove(robot: ur5, from: Self.urStart, to: p0, linear: bad, angular: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
        } catch {
            #expect(error.description == "cannot time the move: axis 0: the velocity limit must be positive, got 0")
        }
        let still = try CartesianMove(robot: ur5, from: Self.urStart, to: p0, linear: limits, angular: limits,
                                      kind: .sCurve, tickNanoseconds: 1_000_000)
        #expect(still.durationTicks == 0)
        #expect(still.joints(atTick: 5) == Self.urStart)
        #expect(still.pose(atTick: 5) == p0)
    }
}
