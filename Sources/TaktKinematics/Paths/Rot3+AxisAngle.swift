import TaktFixed

/// Axis–angle form of rotations (for interpolating orientations along a path).
extension Rot3 {
    /// The rotation as a unit axis and an angle in [0, half turn] with `self = about(axis, angle)`.
    ///
    /// With v = (r32 − r23, r13 − r31, r21 − r12) = 2 sin θ · k and trace − 1 = 2 cos θ:
    /// - the angle is `atan2(|v|, trace − 1)`, well conditioned everywhere (near 0 and near a half turn,
    ///   unlike acos or asin alone);
    /// - for θ ≤ a quarter turn (trace − 1 ≥ 0) the axis is v/|v|;
    /// - beyond a quarter turn, where sin θ → 0, the axis is taken from the symmetric part
    ///   (R + Rᵀ) − 2 cos θ·I = 2(1 − cos θ)·k kᵀ: its column with the largest diagonal entry,
    ///   normalised (that entry is 2(1 − cos θ)·k_i² ≥ 2/3, so the division is well conditioned),
    ///   with the sign chosen so that k·v ≥ 0. At exactly a half turn both signs are the same rotation.
    /// - the identity (v = 0, trace − 1 ≥ 0) gives the x axis and angle 0 (chosen, not derived).
    ///
    /// For tiny angles the axis is only as good as |v| allows (absolute error ≈ 2^-32/θ), but the
    /// rotation vector θ·k, which is what matters for `about`, stays within a few 2^-32.
    public var axisAngle: (axis: Vec3, angle: Angle) {
        let v = Vec3(c1.z - c2.y, c2.x - c0.z, c0.y - c1.x)
        let twoCos = c0.x + c1.y + c2.z - .one
        let twoSin = v.length
        if twoSin.isZero && twoCos >= .zero { return (Vec3(.one, .zero, .zero), .zero) }
        var angle = Angle.atan2(twoSin, twoCos)
        // atan2 reports the negative x axis (and results rounding onto it) as −half turn.
        if angle.raw < 0 { angle = .halfTurn }
        if twoCos >= .zero {
            return (Self.unitVector(v), angle)
        }
        // Beyond a quarter turn: 2B = (R + Rᵀ) − 2cos θ·I = 2(1 − cos θ)·k kᵀ.
        let d0 = c0.x + c0.x - twoCos, d1 = c1.y + c1.y - twoCos, d2 = c2.z + c2.z - twoCos
        var column: Vec3
        if d0 >= d1 && d0 >= d2 {
            column = Vec3(d0, c0.y + c1.x, c0.z + c2.x)
        } else if d1 >= d2 {
            column = Vec3(c1.x + c0.y, d1, c1.z + c2.y)
        } else {
            column = Vec3(c2.x + c0.z, c2.y + c1.z, d2)
        }
        if column.dot(v) < .zero { column = -column }
        return (Self.unitVector(column), angle)
    }

    /// v/|v| with each component rounded once: |v| is taken at ≥ 62 significant bits, so the result
    /// has unit length within a few 2^-32 however short v is (a correctly rounded |v| alone would
    /// carry a relative error of 2^-33/|v|). v must not be zero.
    static func unitVector(_ v: Vec3) -> Vec3 {
        let sum = UInt128(v.x.raw.magnitude) * UInt128(v.x.raw.magnitude)
            + UInt128(v.y.raw.magnitude) * UInt128(v.y.raw.magnitude)
            + UInt128(v.z.raw.magnitude) * UInt128(v.z.raw.magnitude)
        let bits = 128 - sum.leadingZeroBitCount
        let k = (126 - bits) / 2                                  // sum · 4^k < 2^126
        let root = Int128(Fixed.isqrtRounded(sum << (2 * k)))     // |v|.raw · 2^k, ≥ 2^62
        // |v_i.raw| ≤ √sum < 2^(bits/2), so v_i.raw · 2^(32+k) < 2^95.
        func component(_ c: Fixed) -> Fixed {
            Fixed(raw: Int64(Fixed.roundedQuotient(Int128(c.raw) << (32 + k), root)))
        }
        return Vec3(component(v.x), component(v.y), component(v.z))
    }

    /// The rotation by `angle` about the unit vector `axis` (right-handed), by Rodrigues' formula
    /// R = cos θ·I + sin θ·[k]× + (1 − cos θ)·k kᵀ. Each entry is accumulated exactly at 96 fraction
    /// bits and rounded once (half to even), so with sin and cos within 2^-32·(1/2 + 2^-20) the entries
    /// are within about 2·2^-32 of the exact rotation (for an exactly unit axis).
    /// `about(axis, 0)` is exactly the identity; the axis must have unit length (not checked).
    public static func about(axis k: Vec3, angle: Angle) -> Rot3 {
        let (s, c) = angle.sinCos
        let t = Fixed.one - c
        @inline(__always)
        func entry(_ diagonal: Bool, _ a: Fixed, _ b: Fixed, _ sk: Fixed, _ sign: Int128) -> Fixed {
            // c·δ + t·a·b + sign·s·k, all at 2^96 (each term < 2^98 in magnitude).
            var acc = Int128(t.raw) * Int128(a.raw) * Int128(b.raw)
            if diagonal { acc += Int128(c.raw) << 64 }
            acc += sign * ((Int128(s.raw) * Int128(sk.raw)) << 32)
            return Fixed(raw: Int64(Fixed.shiftRightRoundingHalfEven(acc, by: 64)))
        }
        let x = k.x, y = k.y, z = k.z
        return Rot3(
            c0: Vec3(entry(true, x, x, .zero, 0), entry(false, x, y, z, 1), entry(false, x, z, y, -1)),
            c1: Vec3(entry(false, x, y, z, -1), entry(true, y, y, .zero, 0), entry(false, y, z, x, 1)),
            c2: Vec3(entry(false, x, z, y, 1), entry(false, y, z, x, -1), entry(true, z, z, .zero, 0)))
    }
}
