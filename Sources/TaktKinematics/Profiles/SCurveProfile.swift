import TaktFixed

/// Jerk-limited 7-segment S-curve planning, rest to rest, distance D > 0, limits v, a, j
/// (Biagiotti & Melchiorri, "Trajectory Planning for Automatic Machines and Robots", §3.4, with
/// v₀ = v₁ = 0 and symmetric limits, where the reduced-acceleration case has a closed form).
///
/// The acceleration phase from rest to a peak velocity V lasts
///   Ta(V) = V/a + a/j   with constant-acceleration part, when V ≥ a²/j (amax reached), or
///   Ta(V) = 2√(V/j)     pure jerk up / jerk down, when V < a²/j (amax not reached),
/// and covers V·Ta(V)/2 (its velocity is point-symmetric about its midpoint). The deceleration
/// mirrors it, so a move peaking at V without cruise covers V·Ta(V); this is increasing in V, so the
/// time-optimal profile peaks at V = vmax when D ≥ vmax·Ta(vmax), else at the V with V·Ta(V) = D.
/// The four cases (all comparisons exact, in 256-bit integers):
///
/// | case | condition | tj (jerk phase) | tc (const. acc.) | tv (cruise) |
/// |---|---|---|---|---|
/// | A: vmax and amax reached | v·j ≥ a², D·a·j ≥ v²·j + v·a² | a/j | v/a − a/j | D/v − v/a − a/j |
/// | B: vmax reached, amax not | v·j < a², D²·j ≥ 4v³ | √(v/j) | 0 | D/v − 2√(v/j) |
/// | C: amax reached, vmax not | not A/B, D·j² ≥ 2a³ | a/j | √(a²/4j² + D/a) − 3a/2j | 0 |
/// | D: neither reached | not A/B, D·j² < 2a³ | ∛(D/2j) | 0 | 0 |
///
/// T = 4·tj + 2·tc + tv. In B and D the peak acceleration is exactly j·tj (< amax, kept unrounded). In C, Ta solves
/// a(Ta − a/j)·Ta = D; in D, D = 2·j·tj³. Each duration is rounded once (roots correctly rounded);
/// where a duration is a difference of two rounded terms it is clamped at 0.
extension PlannedShape {
    /// nil when a duration does not fit in Q32.32.
    static func sCurve(distance d: Int64, velocity v: Int64, acceleration a: Int64, jerk j: Int64) -> PlannedShape? {
        typealias W = ProfileUInt256
        let aa = W.product(a, a)
        let vj = W.product(v, j)
        let amaxReachedAtVmax = vj >= aa
        let vmaxReached: Bool
        if amaxReachedAtVmax {
            vmaxReached = W.product(d, a, j) >= W.product(v, v, j) + W.product(v, a, a)
        } else {
            vmaxReached = W.product(d, d, j) >= W.product(v, v, v).multiplied(by: 4)!
        }

        if vmaxReached && amaxReachedAtVmax {                                       // case A
            let num = W.product(d, a, j) - W.product(v, v, j) - W.product(v, a, a)
            guard let tj = ProfileRational.rounded(W(a), shift: 32, W(j)),
                  let tc = ProfileRational.rounded(vj - aa, shift: 32, W.product(a, j)),
                  let tv = ProfileRational.rounded(num, shift: 32, W.product(v, a, j))
            else { return nil }
            return PlannedShape(tj: tj, tc: tc, cruise: tv, jerk: j, accelScaled: UInt128(a) << 32, reachesVelocity: true, reachesAcceleration: true)
        }
        if vmaxReached {                                                            // case B
            // √(v/j)·2^32 = √(v_raw·2^64 / j_raw); D/v rounded once.
            guard let tj = ProfileRational.sqrtRounded(W(v), shift: 64, W(j)),
                  let dv = ProfileRational.rounded(W(d), shift: 32, W(v))
            else { return nil }
            let (twoTj, o) = tj.multipliedReportingOverflow(by: 2)
            guard !o else { return nil }
            let peak = Swift.min(UInt128(j) * UInt128(tj), UInt128(a) << 32)   // exactly J·tj (< amax)
            return PlannedShape(tj: tj, tc: 0, cruise: Swift.max(0, dv - twoTj), jerk: j, accelScaled: peak,
                                reachesVelocity: true, reachesAcceleration: false)
        }
        if W.product(d, j, j) >= W.product(a, a, a).multiplied(by: 2)! {              // case C
            // S = √((a³ + 4·D·j²) / (4·a·j²)), both sides at scale 2^96; S·2^32 = √(ratio·2^64).
            let radicandNum = W.product(a, a, a) + W.product(d, j, j).multiplied(by: 4)!
            let radicandDen = W.product(a, j, j).multiplied(by: 4)!
            guard let tj = ProfileRational.rounded(W(a), shift: 32, W(j)),
                  let s = ProfileRational.sqrtRounded(radicandNum, shift: 64, radicandDen),
                  let threeHalves = ProfileRational.rounded(W(3 * UInt128(a)), shift: 32, W(2 * UInt128(j)))
            else { return nil }
            return PlannedShape(tj: tj, tc: Swift.max(0, s - threeHalves), cruise: 0, jerk: j, accelScaled: UInt128(a) << 32,
                                reachesVelocity: false, reachesAcceleration: true)
        }
        // case D: ∛(D/2j)·2^32 = ∛(D_raw·2^96 / (2·j_raw))
        guard let tj = ProfileRational.cbrtRounded(W(d), shift: 96, W(2 * UInt128(j))) else { return nil }
        let peak = Swift.min(UInt128(j) * UInt128(tj), UInt128(a) << 32)   // exactly J·tj (< amax)
        return PlannedShape(tj: tj, tc: 0, cruise: 0, jerk: j, accelScaled: peak, reachesVelocity: false, reachesAcceleration: false)
    }
}
