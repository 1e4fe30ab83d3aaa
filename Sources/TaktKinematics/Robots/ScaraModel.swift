import TaktFixed

/// A SCARA arm: two revolute links in the horizontal plane, a vertical prismatic axis
/// and a tool rotation about the vertical.
///
/// Joints: q1, q2 (turns), q3 (metres, tool height above `baseHeight`), q4 (turns).
/// Tool pose: position (l1·cos q1 + l2·cos(q1+q2), l1·sin q1 + l2·sin(q1+q2), baseHeight + q3),
/// rotation Rz(q1 + q2 + q4) (the tool's z axis stays parallel to the base z axis).
public struct ScaraModel: Sendable, Equatable {
    public var link1: Fixed
    public var link2: Fixed
    public var baseHeight: Fixed

    public init(link1: Fixed, link2: Fixed, baseHeight: Fixed) {
        self.link1 = link1; self.link2 = link2; self.baseHeight = baseHeight
    }

    public func forward(_ q: [Fixed]) -> Pose {
        let t1 = Angle(raw: q[0].raw), t12 = Angle(raw: q[0].raw + q[1].raw)
        let (s1, c1) = t1.sinCos, (s12, c12) = t12.sinCos
        let (sy, cy) = Angle(raw: q[0].raw + q[1].raw + q[3].raw).sinCos
        let p = Vec3(Fixed.dot(link1, c1, link2, c12), Fixed.dot(link1, s1, link2, s12), baseHeight + q[2])
        return Pose(rotation: .aboutZ(sin: sy, cos: cy), position: p)
    }

    /// Both elbow solutions; the rotation must be a pure rotation about z.
    public func inverse(_ target: Pose, joints: [JointSpec], reference: [Fixed]) throws(IKFailure) -> [IKSolution] {
        let r = target.rotation
        let tilt = Fixed.hypot(r[2, 0], r[2, 1])
        guard tilt < Fixed(raw: 1 << 16), r[2, 2] > .zero else {
            throw .unreachable("a SCARA can only turn its tool about the vertical axis; the rotation tilts it")
        }
        let yaw = Angle.atan2(r[1, 0], r[0, 0])
        let x = target.position.x, y = target.position.y
        guard let t2abs = elbowAngle(x: x, y: y, l1: link1, l2: link2, tolerance: ArmModel.reachTolerance) else {
            throw .unreachable("the point is \(Fixed.hypot(x, y).formatted(decimals: 4)) m from the base axis; the arm reaches \((link1 - link2).magnitude.formatted(decimals: 4))–\((link1 + link2).formatted(decimals: 4)) m")
        }
        let z = target.position.z - baseHeight
        var out: [IKSolution] = []
        for (name, t2) in [("elbow right", t2abs), ("elbow left", -t2abs)] {
            let (s2, c2v) = t2.sinCos
            let t1 = Angle.atan2(y, x) - Angle.atan2(link2 * s2, link1 + link2 * c2v)
            let t4 = yaw - t1 - t2
            let singular = t2abs.raw.magnitude < 1 << 12
            var q: [Fixed] = []
            var ok = true
            for (i, a) in [t1, t2].enumerated() {
                if let v = representative(a, near: reference[i], spec: joints[i]) { q.append(v) } else { ok = false; q.append(Fixed(raw: a.wrappedSigned.raw)) }
            }
            q.append(z)
            if !joints[2].contains(z) { ok = false }
            if let v = representative(t4, near: reference[3], spec: joints[3]) { q.append(v) } else { ok = false; q.append(Fixed(raw: t4.wrappedSigned.raw)) }
            out.append(IKSolution(joints: q, withinLimits: ok, singular: singular, branch: name))
        }
        return out
    }
}

/// A Cartesian gantry: prismatic x, y, z (metres) and an optional tool rotation about z (turns).
public struct GantryModel: Sendable, Equatable {
    /// Position of the tool when all axes are at zero.
    public var origin: Vec3
    public var hasRotation: Bool

    public init(origin: Vec3, hasRotation: Bool) { self.origin = origin; self.hasRotation = hasRotation }

    public func forward(_ q: [Fixed]) -> Pose {
        let rot: Rot3 = hasRotation ? { let (s, c) = Angle(raw: q[3].raw).sinCos; return .aboutZ(sin: s, cos: c) }() : .identity
        return Pose(rotation: rot, position: origin + Vec3(q[0], q[1], q[2]))
    }

    public func inverse(_ target: Pose, joints: [JointSpec], reference: [Fixed]) throws(IKFailure) -> [IKSolution] {
        let d = target.position - origin
        var q = [d.x, d.y, d.z]
        var ok = (0..<3).allSatisfy { joints[$0].contains(q[$0]) }
        let r = target.rotation
        if hasRotation {
            guard Fixed.hypot(r[2, 0], r[2, 1]) < Fixed(raw: 1 << 16), r[2, 2] > .zero else {
                throw .unreachable("a gantry can only turn its tool about the vertical axis")
            }
            let yaw = Angle.atan2(r[1, 0], r[0, 0])
            if let v = representative(yaw, near: reference[3], spec: joints[3]) { q.append(v) } else { ok = false; q.append(Fixed(raw: yaw.wrappedSigned.raw)) }
        } else if Fixed.hypot(r[0, 1], r[1, 0]) > Fixed(raw: 1 << 16) || r[0, 0] < .zero || r[2, 2] < .zero {
            throw .unreachable("this gantry has no rotation axis; the rotation must be the identity")
        }
        if !ok {
            let axis = (0..<3).first { !joints[$0].contains(q[$0]) }.map { joints[$0].name } ?? "rotation"
            throw .outsideJointLimits("axis \(axis) would travel beyond its stroke")
        }
        return [IKSolution(joints: q, withinLimits: true, singular: false, branch: "unique")]
    }
}
