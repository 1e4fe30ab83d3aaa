import TaktFixed

/// A straight-line tool move (linear interpolation, "MoveL") for a robot with pose inverse
/// kinematics (arm6, SCARA, gantry), planned and checked tick by tick.
///
/// **Path.** From the start pose P₀ = FK(start joints) to the target P₁, with s ∈ [0, 1]:
/// position p(s) = p₀ + s·(p₁ − p₀) (each component rounded once), orientation
/// R(s) = R₀ · about(k, s·Θ) where (k, Θ) = axisAngle(R₀ᵀR₁), Θ ∈ [0, half turn] (the shorter way
/// round). The tool point moves on the straight segment and the orientation turns at a rate
/// proportional to the distance covered. At s = 1 the pose is exactly the target.
///
/// **Timing.** One normalised rest-to-rest profile over s, as a `SyncedMove` of two axes: the
/// length L = |p₁ − p₀| (metres, under `linear`) and the angle Θ (turns, under `angular`). So
/// ṡ ≤ min(v_lin/L, v_ang/Θ), and likewise for acceleration and jerk: the tool's linear and
/// angular speed, acceleration and jerk along the path stay within their limits, and the move is
/// time-optimal for them. Durations are whole ticks (see `MotionProfile`).
///
/// **Checks at plan time.** Every tick n = 1…N is solved with `Robot.nearestInverse(pose(n),
/// reference: joints(n − 1))`, which keeps the solution on the branch the robot is on. The move is
/// rejected (`PathError`) at the first tick where
/// - the pose has no solution within the joint limits (`leavesWorkspace`: beyond reach, inside the
///   column around the base axis that a UR-type shoulder cannot reach, tilted for a SCARA, …), or
/// - some joint would have to move more than `maxSpeed · tick + jointStepSlack` since the previous
///   tick (`jointTooFast`). Near a singularity (wrist, shoulder or elbow) the joint speeds needed by a
///   Cartesian speed grow without bound, and crossing one makes the nearest solution jump
///   (e.g. a wrist flip); both show as a step beyond the speed limit.
///   The slack `jointStepSlack` = 2^-24 (≈ 6e-8 turn = 3.7e-7 rad, or 6e-8 m) per tick absorbs the
///   rounding of IK and of the speed limit; there is no relative margin. Joint accelerations are not
///   checked (the Cartesian profile bounds the tool's, not the joints').
///
/// **Storage.** The joints of every tick are kept ((N + 1) × joints values; at most `maxTicks`
/// ticks). Planning allocates; `pose(atTick:)`, `progress(atTick:)` and `joints(atTick:into:)` do not.
/// `FK(joints(atTick: n))` equals `pose(atTick: n)` within the IK's accuracy (≈ 1e-9 m).
public struct CartesianMove: Sendable {
    /// Joint positions at tick 0 (turns or metres).
    public let startJoints: [Fixed]
    /// FK of the start joints.
    public let startPose: Pose
    /// The requested end pose; `pose(atTick: durationTicks)` is exactly this.
    public let target: Pose
    /// p₁ − p₀ and its length L (metres).
    public let displacement: Vec3
    public let length: Fixed
    /// The axis (in the start tool frame) and angle of R₀ᵀR₁.
    public let rotationAxis: Vec3
    public let rotationAngle: Angle
    /// The normalised timing: axis 0 is the distance along the line, axis 1 the angle in turns.
    public let timing: SyncedMove
    /// Joints per tick, flattened: tick n occupies [n·jointCount, (n + 1)·jointCount).
    let table: [Fixed]
    public let jointCount: Int

    /// The tolerated excess of a joint's step between two ticks over `maxSpeed · tick` (raw 2^8 = 2^-24).
    public static let jointStepSlack = Fixed(raw: 1 << 8)
    /// Orientation changes up to this angle (16 units ≈ 2.3e-8 rad, the rounding noise of R₀ᵀR₁ for equal
    /// rotations) count as none: the orientation is held and the target's is taken at the last tick.
    public static let negligibleTurn = Angle(raw: 16)
    /// The longest move, in ticks, that is planned and stored (2^22 ≈ 4.2 million: 70 min at 1 ms).
    public static let maxTicks: Int64 = 1 << 22

    /// Plans the move and checks every tick; see the type's documentation.
    /// - Parameters:
    ///   - linear: limits of the tool point's speed (m/s), acceleration (m/s²), jerk (m/s³).
    ///   - angular: limits of the tool's rotation rate (turns/s), angular acceleration (turns/s²), jerk (turns/s³).
    public init(robot: Robot, from startJoints: [Fixed], to target: Pose, linear: MotionLimits,
                angular: MotionLimits, kind: ProfileKind, tickNanoseconds: Int64) throws(PathError) {
        switch robot.model {
        case .arm, .scara, .gantry: break
        case .differentialDrive, .conveyor: throw .noPoseKinematics(robot: robot.name, type: robot.typeName)
        }
        if let problem = robot.jointProblem(startJoints) { throw .invalidStart(problem) }
        let dof = startJoints.count
        let p0 = robot.forward(startJoints)
        self.startJoints = startJoints
        self.startPose = p0
        self.target = target
        self.jointCount = dof
        let d = target.position - p0.position
        displacement = d
        length = d.length
        var (axis, angle) = (p0.rotation.transposed * target.rotation).axisAngle
        // Rounding noise of R₀ᵀR₁ for (nearly) equal orientations is not a turn to plan for.
        if angle.raw <= Self.negligibleTurn.raw { (axis, angle) = (Vec3(.one, .zero, .zero), .zero) }
        rotationAxis = axis
        rotationAngle = angle
        do {
            timing = try SyncedMove(from: [.zero, .zero], to: [length, Fixed(raw: angle.raw)],
                                    limits: [linear, angular], kind: kind, tickNanoseconds: tickNanoseconds)
        } catch {
            throw .profile(error)
        }
        let n = timing.durationTicks
        guard n <= Self.maxTicks else { throw .tooManyTicks(n, limit: Self.maxTicks) }

        // The largest step per tick for each joint: ⌈maxSpeed · tick⌉ + slack (raw).
        let maxStep: [Int64] = robot.joints.map { j in
            let step = (Int128(j.maxSpeed.raw) * Int128(tickNanoseconds) + 999_999_999) / 1_000_000_000
            return Int64(clamping: step + Int128(Self.jointStepSlack.raw))
        }
        var table: [Fixed] = []
        table.reserveCapacity(Int(n + 1) * dof)
        table.append(contentsOf: startJoints)
        var previous = startJoints
        var tick: Int64 = 1
        while tick <= n {
            let s = timing.progress(atTick: tick)
            let pose = Self.pose(progress: s, start: p0, target: target, displacement: d, axis: axis, angle: angle)
            let solution: IKSolution
            do {
                solution = try robot.nearestInverse(pose, reference: previous)
            } catch {
                throw .leavesWorkspace(tick: tick, ticks: n, progress: s, reason: error.description)
            }
            for i in 0..<dof {
                let step = (solution.joints[i] - previous[i]).raw.magnitude
                if step > UInt64(maxStep[i]) {
                    let spec = robot.joints[i]
                    let speed = Fixed(raw: Int64(clamping: Int128(step) * 1_000_000_000 / Int128(tickNanoseconds)))
                    throw .jointTooFast(joint: i, name: spec.name, revolute: spec.kind == .revolute, tick: tick,
                                        ticks: n, progress: s, speed: speed, limit: spec.maxSpeed)
                }
            }
            table.append(contentsOf: solution.joints)
            previous = solution.joints
            tick += 1
        }
        self.table = table
    }

    /// The number of ticks of the move (0 when already at the target).
    public var durationTicks: Int64 { timing.durationTicks }

    /// The path parameter s ∈ [0, 1] at tick n (exactly 0 at n ≤ 0 and 1 at n ≥ durationTicks).
    public func progress(atTick n: Int64) -> Fixed { timing.progress(atTick: n) }

    /// The tool pose at tick n: the start pose at n ≤ 0 (and always, for a move of 0 ticks),
    /// exactly the target at n ≥ durationTicks. Allocation-free.
    public func pose(atTick n: Int64) -> Pose {
        let total = timing.durationTicks
        if n <= 0 || total == 0 { return startPose }
        if n >= total { return target }
        return Self.pose(progress: timing.progress(atTick: n), start: startPose, target: target,
                         displacement: displacement, axis: rotationAxis, angle: rotationAngle)
    }

    /// The tool pose at path parameter s (clamped to [0, 1]): exactly the start at 0 and the target at 1.
    public func pose(atProgress s: Fixed) -> Pose {
        Self.pose(progress: s, start: startPose, target: target, displacement: displacement,
                  axis: rotationAxis, angle: rotationAngle)
    }

    /// The planned joints at tick n (clamped to [0, durationTicks]). Allocates the returned array.
    public func joints(atTick n: Int64) -> [Fixed] {
        let base = rowStart(n)
        return Array(table[base..<(base + jointCount)])
    }

    /// Writes the planned joints at tick n (clamped to [0, durationTicks]) into `out`, which must
    /// already hold `jointCount` values. Allocation-free.
    public func joints(atTick n: Int64, into out: inout [Fixed]) {
        precondition(out.count == jointCount, "joints(atTick:into:) needs an array of \(jointCount) values")
        let base = rowStart(n)
        for i in 0..<jointCount { out[i] = table[base + i] }
    }

    // MARK: Internals

    @inline(__always)
    func rowStart(_ n: Int64) -> Int {
        Int(Swift.min(Swift.max(n, 0), timing.durationTicks)) * jointCount
    }

    static func pose(progress s: Fixed, start: Pose, target: Pose, displacement d: Vec3, axis: Vec3, angle: Angle) -> Pose {
        if s <= .zero { return start }
        if s >= .one { return target }
        let position = start.position + d * s
        if angle.raw == 0 { return Pose(rotation: start.rotation, position: position) }
        let phi = Angle(raw: Int64(Fixed.shiftRightRoundingHalfEven(Int128(angle.raw) * Int128(s.raw), by: 32)))
        return Pose(rotation: start.rotation * Rot3.about(axis: axis, angle: phi), position: position)
    }
}
