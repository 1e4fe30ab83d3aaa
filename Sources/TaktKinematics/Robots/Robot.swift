import TaktFixed

/// A robot as defined in a file of `cells/robots/`: its joints and its kinematic model.
public struct Robot: Sendable, Equatable {
    public enum Model: Sendable, Equatable {
        case arm(ArmModel)
        case scara(ScaraModel)
        case gantry(GantryModel)
        case differentialDrive(DifferentialDriveModel)
        case conveyor(ConveyorModel)
    }

    public var name: String
    public var model: Model
    /// Joint specs in order (arms: 6, SCARA: 4, gantry: 3 or 4, AGV: left and right wheel, conveyor: 1).
    public var joints: [JointSpec]

    public init(name: String, model: Model, joints: [JointSpec]) {
        self.name = name; self.model = model; self.joints = joints
    }

    public var typeName: String {
        switch model {
        case .arm: "arm6"
        case .scara: "scara"
        case .gantry: "gantry"
        case .differentialDrive: "agv"
        case .conveyor: "conveyor"
        }
    }

    /// A problem with joint values (wrong count or a joint beyond its limits), or nil.
    public func jointProblem(_ q: [Fixed]) -> String? {
        guard q.count == joints.count else {
            return "\(name) has \(joints.count) joints, got \(q.count) values"
        }
        for (i, j) in joints.enumerated() where !j.contains(q[i]) {
            return "joint \(i + 1) (\(j.name)) = \(describe(q[i], j.kind)) is beyond its limits \(describe(j.min, j.kind)) … \(describe(j.max, j.kind))"
        }
        return nil
    }

    private func describe(_ v: Fixed, _ k: JointSpec.Kind) -> String {
        k == .revolute ? "\((v * 360).formatted(decimals: 3))°" : "\(v.formatted(decimals: 4)) m"
    }

    /// Tool pose for joint values (turns or metres). Callers check `jointProblem` first.
    public func forward(_ q: [Fixed]) -> Pose {
        switch model {
        case .arm(let arm): arm.forward(q.map { Angle(raw: $0.raw) })
        case .scara(let s): s.forward(q)
        case .gantry(let g): g.forward(q)
        case .conveyor(let c): c.forward(q)
        case .differentialDrive:
            // A wheeled base has no pose from wheel angles alone (it depends on the path);
            // its forward kinematics is the twist, see DifferentialDriveModel.twist.
            .identity
        }
    }

    /// All inverse-kinematics solutions for `target`, representatives chosen near `reference`.
    public func inverse(_ target: Pose, reference: [Fixed]? = nil) throws(IKFailure) -> [IKSolution] {
        let ref = reference ?? joints.map { _ in Fixed.zero }
        switch model {
        case .arm(let arm): return try arm.inverse(target, joints: joints, reference: ref)
        case .scara(let s): return try s.inverse(target, joints: joints, reference: ref)
        case .gantry(let g): return try g.inverse(target, joints: joints, reference: ref)
        case .conveyor, .differentialDrive:
            throw .unsupported("\(typeName) has no pose inverse kinematics; plan a path instead")
        }
    }

    /// The solution within limits nearest `reference`.
    public func nearestInverse(_ target: Pose, reference: [Fixed]? = nil) throws(IKFailure) -> IKSolution {
        let ref = reference ?? joints.map { _ in Fixed.zero }
        let all = try inverse(target, reference: ref)
        guard let best = nearestSolution(all, to: ref) else {
            throw .outsideJointLimits("all \(all.count) solutions need a joint beyond its limits")
        }
        return best
    }
}
