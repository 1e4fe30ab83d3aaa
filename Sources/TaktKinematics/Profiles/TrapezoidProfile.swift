import TaktFixed

/// Trapezoidal (piecewise-constant acceleration) planning, rest to rest, distance D > 0.
///
/// Time-optimal bang–coast–bang:
/// - vmax reached iff D ≥ vmax²/amax (exact: D·a ≥ v²): accelerate for Ta = v/a, cruise for
///   Tv = D/v − v/a, decelerate for Ta. T = D/v + v/a.
/// - otherwise triangular: Ta = √(D/a), no cruise, peak velocity √(D·a) < vmax. T = 2√(D/a).
/// Each duration is the correctly rounded value of its exact expression (one rounding).
/// Public check: D = 1 m, vmax = 1 m/s, amax = 2 m/s² gives T = 1 + 0.5 = 1.5 s.
extension PlannedShape {
    /// nil when a duration does not fit in Q32.32.
    static func trapezoid(distance d: Int64, velocity v: Int64, acceleration a: Int64) -> PlannedShape? {
        typealias W = ProfileUInt256
        let reachesVelocity = UInt128(d) * UInt128(a) >= UInt128(v) * UInt128(v)
        if reachesVelocity {
            guard let ta = ProfileRational.rounded(W(v), shift: 32, W(a)),
                  let tv = ProfileRational.rounded(W(UInt128(d) * UInt128(a) - UInt128(v) * UInt128(v)), shift: 32, W.product(v, a))
            else { return nil }
            return PlannedShape(tj: 0, tc: ta, cruise: tv, jerk: 0, accelScaled: UInt128(a) << 32, reachesVelocity: true, reachesAcceleration: true)
        }
        // √(D/a) · 2^32 = √(D_raw · 2^64 / a_raw)
        guard let ta = ProfileRational.sqrtRounded(W(d), shift: 64, W(a)) else { return nil }
        return PlannedShape(tj: 0, tc: ta, cruise: 0, jerk: 0, accelScaled: UInt128(a) << 32, reachesVelocity: false, reachesAcceleration: true)
    }
}
