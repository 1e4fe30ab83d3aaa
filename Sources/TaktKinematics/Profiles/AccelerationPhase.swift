import TaktFixed

/// The acceleration half of a symmetric rest-to-rest profile: from rest up to the peak velocity,
/// as three constant-jerk segments (all quantities Q32.32 raw, non-negative):
///
///     segment 1: jerk +J for tj    (acceleration 0 → J·tj)
///     segment 2: jerk 0  for tc    (acceleration ap)
///     segment 3: jerk −J for tj    (acceleration ap → ap − J·tj ≈ 0)
///
/// The peak acceleration ap is held exactly as `ap·2^64` (`accelScaled`): it is either the limit amax
/// (whenever amax is reached) or exactly J·tj (when it is not). Rounding it to Q32.32 instead would
/// move the end of the phase by ap-error·tj²/2, tens of ulps for long jerk phases.
///
/// A trapezoid is the special case J = 0, tj = 0. The deceleration half is the mirror image
/// (`MotionProfile` evaluates it as `D − p(T − t)`), which rest-to-rest with symmetric limits is
/// exactly what the time-optimal profile looks like.
///
/// **Exactness and monotonicity.** With the Q32.32 parameters (J, ap, tj, tc) fixed, position is an
/// exact piecewise polynomial in t whose coefficients are polynomials in those parameters. Positions are
/// computed as the exact integer `X = 6·2^96 · p_raw` (velocities as `Y = 2^65 · v_raw`) in 256-bit
/// arithmetic — including the segment start states, which are NOT rounded — and rounded once at the
/// end (to nearest, ties to even). The exact function is continuous and non-decreasing (every
/// segment's velocity is ≥ 0; segment 3's is a concave quadratic whose end value is ≥ its start value
/// because ap ≥ J·tj/2), and rounding is a monotone map, so the evaluated position is non-decreasing
/// in t, with no seams between segments. (An earlier design rounded the start states; a velocity
/// rounded to 2^-32 unit/s then drifts by 2^-32·tc in position, tens of ulps over a long segment.)
///
/// Bounds: J·tj ≤ ap + J·2^-33 ≤ 2^31 (planning guarantees ap ≈ J·tj), so every term stays below 2^228.
struct AccelerationPhase: Sendable, Equatable {
    var tj: Int64
    var tc: Int64
    var jerk: Int64
    /// The peak acceleration times 2^64 (i.e. its raw value times 2^32), exact; < 2^96.
    var accelScaled: UInt128
    /// The peak acceleration rounded to Q32.32 (raw), for reporting.
    var accel: Int64 { Int64(Fixed.shiftRightRoundingHalfEven(Int128(accelScaled), by: 32)) }
    /// Exact scaled states: X1 = J·T³, K1 = 3·J·T² (segment 2 position: X1 + K1·u + 3·A·2^32·u²);
    /// X2, K2 likewise for segment 3 (minus J·u³); Y1 = J·T², Y2 = J·T² + 2·A·C·2^32 (velocities).
    var x1: ProfileUInt256 = .zero, k1: ProfileUInt256 = .zero
    var x2: ProfileUInt256 = .zero, k2: ProfileUInt256 = .zero
    var y1: ProfileUInt256 = .zero, y2: ProfileUInt256 = .zero
    /// Rounded end state of the phase.
    var p3: Int64 = 0, v3: Int64 = 0

    init(tj: Int64, tc: Int64, jerk: Int64, accelScaled: UInt128) {
        self.tj = tj; self.tc = tc; self.jerk = jerk; self.accelScaled = accelScaled
        typealias W = ProfileUInt256
        let jt = UInt128(jerk) * UInt128(tj)                          // J·T < 2^126
        let jtt = W.product(jt, UInt128(tj))                          // J·T²
        let a32 = W(accelScaled)                                      // A·2^32 < 2^96
        x1 = jtt.multiplied(by: UInt128(tj))!                         // J·T³
        k1 = jtt.multiplied(by: 3)!
        y1 = jtt
        let c = UInt128(tc)
        // X2 = J·T³ + 3·J·T²·C + 3·A·2^32·C²
        x2 = x1 + k1.multiplied(by: c)! + a32.multiplied(by: 3 * c)!.multiplied(by: c)!
        // K2 = 3·J·T² + 6·A·2^32·C
        k2 = k1 + a32.multiplied(by: 6 * c)!
        y2 = jtt + a32.multiplied(by: 2 * c)!
        p3 = position(at: duration)
        v3 = velocity(at: duration)
    }

    /// Duration of the phase, 2·tj + tc (raw seconds).
    var duration: Int64 { 2 * tj + tc }

    /// Position at phase time t in [0, duration] (raw), exact then rounded once.
    @inline(__always)
    func position(at t: Int64) -> Int64 {
        typealias W = ProfileUInt256
        if t <= 0 { return 0 }
        if t < tj {
            return Self.roundPosition(W.product(UInt128(jerk) * UInt128(t), UInt128(t) * UInt128(t)))
        }
        let a3 = accelScaled * 3                                      // 3·A·2^32 < 2^98
        let t2 = t - tj
        if t2 < tc {
            let u = UInt128(t2)
            return Self.roundPosition(x1 + k1.multiplied(by: u)! + W.product(a3, u * u))
        }
        let u = UInt128(Swift.min(t2 - tc, tj))
        let uu = u * u
        let plus = x2 + k2.multiplied(by: u)! + W.product(a3, uu)
        let minus = W.product(UInt128(jerk) * u, uu)
        return minus <= plus ? Self.roundPosition(plus - minus) : 0
    }

    @inline(__always)
    func velocity(at t: Int64) -> Int64 {
        typealias W = ProfileUInt256
        if t <= 0 { return 0 }
        if t < tj { return Self.roundVelocity(W.product(UInt128(jerk) * UInt128(t), UInt128(t))) }
        let a2 = accelScaled * 2
        let t2 = t - tj
        if t2 < tc { return Self.roundVelocity(y1 + W.product(a2, UInt128(t2))) }
        let u = UInt128(Swift.min(t2 - tc, tj))
        let plus = y2 + W.product(a2, u)
        let minus = W.product(UInt128(jerk) * u, u)
        return minus <= plus ? Self.roundVelocity(plus - minus) : 0
    }

    @inline(__always)
    func acceleration(at t: Int64) -> Int64 {
        if t < tj { return Self.acceleration(aScaled: 0, j: jerk, tau: Swift.max(t, 0)) }
        let t2 = t - tj
        if t2 < tc { return accel }
        return Self.acceleration(aScaled: Int128(accelScaled), j: -jerk, tau: Swift.min(t2 - tc, tj))
    }

    // MARK: Rounding the exact scaled values

    /// round(X / (6·2^96)), ties to even, saturating at Int64.max.
    @inline(__always)
    static func roundPosition(_ x: ProfileUInt256) -> Int64 {
        let q0 = x.shiftedRight(96)                                   // ⌊X/2^96⌋ = 6q + r6
        guard q0.hi == 0 else { return Int64.max }
        let rest = x.lo & ((UInt128(1) << 96) - 1)
        let q = q0.lo / 6
        let r6 = q0.lo % 6
        var result = q
        if r6 > 3 || (r6 == 3 && (rest != 0 || q & 1 == 1)) { result += 1 }
        return result <= UInt128(Int64.max) ? Int64(result) : Int64.max
    }

    /// round(Y / 2^65), ties to even, saturating at Int64.max.
    @inline(__always)
    static func roundVelocity(_ y: ProfileUInt256) -> Int64 {
        let r = y.shiftedRightRoundingHalfEven(65) ?? UInt128(Int64.max)
        return r <= UInt128(Int64.max) ? Int64(r) : Int64.max
    }

    /// round(a + j·τ) from the exact scaled a·2^64; j signed.
    @inline(__always)
    static func acceleration(aScaled: Int128, j: Int64, tau u: Int64) -> Int64 {
        let wide = aScaled + Int128(j) * Int128(u)
        let r = Fixed.shiftRightRoundingHalfEven(wide, by: 32)
        return Int64(clamping: r)
    }
}
