import TaktFixed

extension ArmModel {
    /// Forward kinematics: the tool pose in the base frame for joint angles `q` (six values).
    ///
    /// Each link is composed into the running transform by the sparse DH product:
    /// with `u = c·x + s·y` and `w = −s·x + c·y` (x, y, z the running frame's axes),
    /// the new axes are `u`, `cα·w + sα·z`, `−sα·w + cα·z`, and the origin moves by `a·u + d·z`.
    /// Every entry is accumulated wide and rounded once.
    @inlinable
    public func forward(_ q: [Angle]) -> Pose {
        precondition(q.count == 6, "six joint values")
        let flange = forwardFlange(q[0], q[1], q[2], q[3], q[4], q[5])
        return tool == .identity ? flange : flange * tool
    }

    /// Flange pose for six joint angles (no tool offset), without allocating.
    @inlinable
    public func forwardFlange(_ q0: Angle, _ q1: Angle, _ q2: Angle, _ q3: Angle, _ q4: Angle, _ q5: Angle) -> Pose {
        var x = Vec3(.one, .zero, .zero), y = Vec3(.zero, .one, .zero), z = Vec3(.zero, .zero, .one)
        var p = Vec3.zero
        links.withUnsafeBufferPointer { l in
            ArmModel.composeFirst(l[0], q0, &x, &y, &z, &p)
            ArmModel.compose(l[1], q1, &x, &y, &z, &p)
            ArmModel.compose(l[2], q2, &x, &y, &z, &p)
            ArmModel.compose(l[3], q3, &x, &y, &z, &p)
            ArmModel.compose(l[4], q4, &x, &y, &z, &p)
            ArmModel.compose(l[5], q5, &x, &y, &z, &p)
        }
        return Pose(rotation: Rot3(c0: x, c1: y, c2: z), position: p)
    }

    /// Transform of the first `count` links (frame `count` in the base frame).
    public func partialForward(_ q: [Angle], count: Int) -> Pose {
        var x = Vec3(.one, .zero, .zero), y = Vec3(.zero, .one, .zero), z = Vec3(.zero, .zero, .one)
        var p = Vec3.zero
        for i in 0..<count { ArmModel.compose(links[i], q[i], &x, &y, &z, &p) }
        return Pose(rotation: Rot3(c0: x, c1: y, c2: z), position: p)
    }

    /// The first link, composed onto the identity frame without multiplying by it.
    @inlinable @inline(__always)
    static func composeFirst(_ l: DHLink, _ q: Angle, _ x: inout Vec3, _ y: inout Vec3, _ z: inout Vec3, _ p: inout Vec3) {
        let (s, c) = (q + l.offset).sinCos
        let sa = l.sinAlpha, ca = l.cosAlpha
        x = Vec3(c, s, .zero)
        // y' = cα·w + sα·z and z' = −sα·w + cα·z with w = (−s, c, 0), z = (0, 0, 1)
        y = Vec3(-(ca * s), ca * c, sa)
        z = Vec3(sa * s, -(sa * c), ca)
        p = Vec3(l.a * c, l.a * s, l.d)
    }

    @inlinable @inline(__always)
    static func compose(_ l: DHLink, _ q: Angle, _ x: inout Vec3, _ y: inout Vec3, _ z: inout Vec3, _ p: inout Vec3) {
        let (s, c) = (q + l.offset).sinCos
        let u = Vec3(Fixed.dot(c, x.x, s, y.x), Fixed.dot(c, x.y, s, y.y), Fixed.dot(c, x.z, s, y.z))
        let w = Vec3(Fixed.dot(c, y.x, -s, x.x), Fixed.dot(c, y.y, -s, x.y), Fixed.dot(c, y.z, -s, x.z))
        p = Vec3(p.x + Fixed.dot(l.a, u.x, l.d, z.x), p.y + Fixed.dot(l.a, u.y, l.d, z.y), p.z + Fixed.dot(l.a, u.z, l.d, z.z))
        let sa = l.sinAlpha, ca = l.cosAlpha
        if sa.isZero {
            // α = 0 or 180°: y' = cα·w, z' = cα·z
            if ca == .one { y = w } else { y = -w; z = -z }
        } else if ca.isZero {
            // α = ±90°: y' = sα·z, z' = −sα·w
            if sa == .one { y = z; z = -w } else { y = -z; z = w }
        } else {
            let ny = Vec3(Fixed.dot(ca, w.x, sa, z.x), Fixed.dot(ca, w.y, sa, z.y), Fixed.dot(ca, w.z, sa, z.z))
            z = Vec3(Fixed.dot(ca, z.x, -sa, w.x), Fixed.dot(ca, z.y, -sa, w.y), Fixed.dot(ca, z.z, -sa, w.z))
            y = ny
        }
        x = u
    }
}
