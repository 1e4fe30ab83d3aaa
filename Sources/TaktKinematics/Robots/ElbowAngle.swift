import TaktFixed

/// The elbow angle of a two-link chain, well conditioned everywhere.
///
/// For links l1, l2 and a target at distance r from the shoulder, the elbow angle θ
/// satisfies r² = l1² + l2² + 2·l1·l2·cos θ. Instead of `acos` of a rounded cosine
/// (which loses half the digits near full stretch), θ = atan2(√(A·B), r² − l1² − l2²)
/// with A = (l1+l2)² − r² and B = r² − (l1−l2)², all formed exactly in 128-bit integers.
/// Returns |θ| in [0, half turn], or nil when r is outside [|l1−l2|, l1+l2] by more than `tolerance`.
func elbowAngle(x: Fixed, y: Fixed, l1: Fixed, l2: Fixed, tolerance: Fixed) -> Angle? {
    let X = Int128(x.raw), Y = Int128(y.raw), L1 = Int128(l1.raw.magnitude), L2 = Int128(l2.raw.magnitude)
    let r2 = X * X + Y * Y                            // scale 2^64
    var a = (L1 + L2) * (L1 + L2) - r2                // ≥ 0 inside the outer reach
    var b = r2 - (L1 - L2) * (L1 - L2)                // ≥ 0 outside the inner reach
    // A miss of up to `tolerance` in r counts as rounding: Δ(r²) ≈ 2·r·Δr at each boundary radius.
    let t = Int128(tolerance.raw)
    let tolA = 2 * t * (L1 + L2) + t * t, tolB = 2 * t * (L1 - L2).magnitude.asInt128 + t * t
    if a < -tolA || b < -tolB { return nil }
    a = Swift.max(a, 0); b = Swift.max(b, 0)
    // √A·√B at scale 2^96 (each root at 2^48), and the cosine term at the same scale.
    let sa = Int128(Fixed.isqrtRounded(UInt128(a) << 32)), sb = Int128(Fixed.isqrtRounded(UInt128(b) << 32))
    var s = sa * sb
    var c = (r2 - L1 * L1 - L2 * L2) << 32
    // atan2 is scale-free: shift both down until they fit Fixed's raw range.
    while s.magnitude >= 1 << 62 || c.magnitude >= 1 << 62 { s >>= 1; c >>= 1 }
    return Angle.atan2(Fixed(raw: Int64(s)), Fixed(raw: Int64(c)))
}

extension UInt128 {
    fileprivate var asInt128: Int128 { Int128(self) }
}
