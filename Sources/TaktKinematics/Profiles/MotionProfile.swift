import TaktFixed

/// A time-optimal rest-to-rest move of one axis over a signed distance, sampled on integer ticks.
///
/// **Planning.** The continuous time-optimal profile under |v| ≤ vmax, |a| ≤ amax (and |j| ≤ jmax
/// for the S-curve) is symmetric: an acceleration phase, an optional cruise at vmax, and the mirrored
/// deceleration phase. The case (which limits are reached) is decided by exact integer comparisons,
/// and every phase duration is the correctly rounded Q32.32 value of its exact closed form (rational,
/// square root or cube root of a rational, evaluated in 256-bit integers), so the continuous optimum
/// `optimalDurationSeconds` is within a few 2^-32 s of the exact one. See `TrapezoidProfile.swift` and
/// `SCurveProfile.swift` for the cases.
///
/// **Ticks.** `durationTicks` = ⌈T_opt / tick⌉ with T_opt the Q32.32 duration (within a few 2^-32 s
/// of the exact optimum, so the count can differ from the exact ceiling only when the exact optimum
/// lies within ~1 ns of a tick boundary). To land exactly on that tick boundary the optimal
/// profile is time-scaled: tick n (time t = n·tick) is evaluated at profile time
/// `t' = t · T_opt / T_ticks = T_opt · n / durationTicks` (one rounding). The scaled trajectory
/// `p(t) = p_opt(t·r)` with `r = T_opt / T_ticks ≤ 1` has velocity `r·v_opt`, acceleration `r²·a_opt`
/// and jerk `r³·j_opt`, so slowing down can only lower every magnitude: the limits still hold.
///
/// **Evaluation** at tick n is direct (no integration): O(1), allocation-free, and the same whether
/// one steps every tick or jumps. Position at tick 0 is exactly 0, at `durationTicks` exactly the
/// distance, and it is monotone in the direction of travel (see `AccelerationPhase` for why).
public struct MotionProfile: Sendable, Equatable {
    /// The signed distance to travel.
    public let distance: Fixed
    public let limits: MotionLimits
    public let kind: ProfileKind
    /// The tick length in nanoseconds.
    public let tickNanoseconds: Int64
    /// ⌈optimalDurationSeconds / tick⌉; 0 only for a zero distance.
    public let durationTicks: Int64
    /// Whether the cruise velocity equals the velocity limit (otherwise the profile peaks below it).
    public let reachesVelocityLimit: Bool
    /// Whether the peak acceleration equals the acceleration limit (always true for a non-zero trapezoid).
    public let reachesAccelerationLimit: Bool

    // Unsigned internals (raw Q32.32): magnitude of the distance, direction, phases.
    let magnitude: Int64
    let negative: Bool
    let phase: AccelerationPhase
    /// Cruise duration (raw seconds).
    let cruise: Int64
    /// Reported cruise velocity (raw): the cruise's actual slope (D − 2A)/tv, capped at vmax.
    let cruiseVelocity: Int64
    /// End position of the acceleration phase, clamped to ⌊D/2⌋ so that the cruise never runs backwards.
    let accelEnd: Int64
    /// Total continuous duration T_opt (raw seconds).
    let total: Int64
    /// r = T_opt / (durationTicks · tick) as a Q32.32 raw (≤ 2^32).
    let timeScale: Int64

    public init(distance: Fixed, limits: MotionLimits, kind: ProfileKind, tickNanoseconds: Int64) throws(ProfileError) {
        try limits.validate(for: kind)
        guard tickNanoseconds > 0 else { throw .nonPositiveTick(nanoseconds: tickNanoseconds) }
        guard distance.raw != .min else { throw .distanceOutOfRange(distance) }
        self.distance = distance
        self.limits = limits
        self.kind = kind
        self.tickNanoseconds = tickNanoseconds
        negative = distance.raw < 0
        magnitude = distance.raw.magnitude <= UInt64(Int64.max) ? Int64(distance.raw.magnitude) : 0

        let shape: PlannedShape?
        if magnitude == 0 {
            shape = PlannedShape(tj: 0, tc: 0, cruise: 0, jerk: 0, accelScaled: 0, reachesVelocity: false, reachesAcceleration: false)
        } else {
            switch kind {
            case .trapezoidal:
                shape = PlannedShape.trapezoid(distance: magnitude, velocity: limits.velocity.raw, acceleration: limits.acceleration.raw)
            case .sCurve:
                shape = PlannedShape.sCurve(distance: magnitude, velocity: limits.velocity.raw,
                                            acceleration: limits.acceleration.raw, jerk: limits.jerk!.raw)
            }
        }
        guard let shape else { throw .durationOverflow(distance: distance) }
        // T = 2(2·tj + tc) + tv must fit.
        let (a1, o1) = shape.tj.multipliedReportingOverflow(by: 4)
        let (a2, o2) = shape.tc.multipliedReportingOverflow(by: 2)
        let (a3, o3) = a1.addingReportingOverflow(a2)
        let (t, o4) = a3.addingReportingOverflow(shape.cruise)
        guard !(o1 || o2 || o3 || o4) else { throw .durationOverflow(distance: distance) }

        phase = AccelerationPhase(tj: shape.tj, tc: shape.tc, jerk: shape.jerk, accelScaled: shape.accelScaled)
        cruise = shape.cruise
        total = t
        reachesVelocityLimit = shape.reachesVelocity
        reachesAccelerationLimit = shape.reachesAcceleration
        let a = Swift.min(phase.p3, magnitude / 2)
        accelEnd = a
        if shape.cruise > 0 {
            let slope = Fixed.roundedQuotient(Int128(magnitude - 2 * a) << 32, Int128(shape.cruise))
            cruiseVelocity = Int64(Swift.min(slope, Int128(limits.velocity.raw)))
        } else {
            cruiseVelocity = phase.v3
        }

        // Ticks: ⌈T · 10^9 / (ns · 2^32)⌉, at least 1 for a real move. T < 2^63 so this is < 2^61.
        let numerator = Int128(t) * 1_000_000_000
        let denominator = Int128(tickNanoseconds) << 32
        var n = (numerator + denominator - 1) / denominator
        if magnitude != 0 && n == 0 { n = 1 }
        durationTicks = Int64(n)
        // r = T / (N · tick) = T·10^9 / (N · ns) as raw: T·10^9·2^32 / (N·ns · 2^32)  (< 2^125, fits)
        if n == 0 {
            timeScale = Fixed.oneRaw
        } else {
            let r = Fixed.roundedQuotient(numerator, n * Int128(tickNanoseconds))
            timeScale = Int64(Swift.min(r, Int128(Fixed.oneRaw)))
        }
    }

    // MARK: Public read-outs

    /// The continuous time-optimal duration (before rounding up to ticks), in seconds.
    public var optimalDurationSeconds: Fixed { Fixed(raw: total) }

    /// The tick-rounded duration in seconds, `durationTicks · tick` (rounded to Q32.32).
    public var durationSeconds: Fixed {
        Fixed(raw: Int64(clamping: Fixed.roundedQuotient(Int128(durationTicks) * Int128(tickNanoseconds) << 32, 1_000_000_000)))
    }

    /// r = T_opt / T_ticks ≤ 1, the time-scaling factor applied to land on the tick boundary.
    public var timeScaleFactor: Fixed { Fixed(raw: timeScale) }

    /// The peak speed of the continuous optimal profile (before time-scaling), ≥ 0.
    public var peakVelocity: Fixed { Fixed(raw: cruise > 0 ? cruiseVelocity : phase.v3) }

    /// The peak acceleration magnitude of the continuous optimal profile (before time-scaling).
    public var peakAcceleration: Fixed { Fixed(raw: phase.accel) }

    /// The phases of the continuous optimal profile, in order, with their durations in seconds.
    /// Trapezoid: accelerate, cruise, decelerate. S-curve: seven phases (some may last 0 s).
    public var phases: [(name: String, seconds: Fixed)] {
        let tj = Fixed(raw: phase.tj), tc = Fixed(raw: phase.tc), tv = Fixed(raw: cruise)
        switch kind {
        case .trapezoidal:
            return [("accelerate", tc), ("cruise", tv), ("decelerate", tc)]
        case .sCurve:
            return [("jerk up", tj), ("accelerate", tc), ("jerk down", tj), ("cruise", tv),
                    ("jerk down", tj), ("decelerate", tc), ("jerk up", tj)]
        }
    }

    // MARK: Evaluation at ticks

    /// Position relative to the start at tick n; 0 for n ≤ 0, exactly `distance` for n ≥ durationTicks.
    public func position(atTick n: Int64) -> Fixed {
        Fixed(raw: signed(unsignedPosition(atTick: n)))
    }

    /// Velocity at tick n (of the time-scaled trajectory); 0 outside (0, durationTicks).
    public func velocity(atTick n: Int64) -> Fixed {
        guard n > 0 && n < durationTicks else { return .zero }
        let v = unsignedVelocity(atTime: profileTime(atTick: n))
        return Fixed(raw: signed(Self.scale(v, timeScale)))
    }

    /// Acceleration at tick n (of the time-scaled trajectory); 0 outside (0, durationTicks).
    /// At a phase boundary the value of the later phase is returned.
    public func acceleration(atTick n: Int64) -> Fixed {
        guard n > 0 && n < durationTicks else { return .zero }
        let a = signedAcceleration(atTime: profileTime(atTick: n))
        return Fixed(raw: signed(Self.scale(Self.scale(a, timeScale), timeScale)))
    }

    /// Position of the continuous optimal profile (no time-scaling) at `seconds` ∈ [0, T_opt], clamped.
    public func position(atOptimalTime seconds: Fixed) -> Fixed {
        Fixed(raw: signed(unsignedPosition(atTime: seconds.raw)))
    }

    /// Velocity of the continuous optimal profile (no time-scaling) at `seconds`, clamped to [0, T_opt].
    public func velocity(atOptimalTime seconds: Fixed) -> Fixed {
        Fixed(raw: signed(unsignedVelocity(atTime: seconds.raw)))
    }

    // MARK: Internals

    func signed(_ raw: Int64) -> Int64 { negative ? -raw : raw }

    /// |position| at tick n, exact at both ends.
    func unsignedPosition(atTick n: Int64) -> Int64 {
        if n <= 0 { return 0 }
        if n >= durationTicks { return magnitude }
        return unsignedPosition(atTime: profileTime(atTick: n))
    }

    /// t' = T_opt · n / N, rounded once; monotone in n, t'(0) = 0, t'(N) = T_opt.
    @inline(__always)
    func profileTime(atTick n: Int64) -> Int64 {
        Int64(Fixed.roundedQuotient(Int128(total) * Int128(n), Int128(durationTicks)))
    }

    /// |position| of the continuous optimal profile at raw time t. Non-decreasing in t, 0 at t ≤ 0,
    /// exactly D at t ≥ T: the acceleration phase is clamped to ≤ A = min(p_acc(end), ⌊D/2⌋), the cruise
    /// interpolates linearly from A to D − A (exact rational, one rounding, so the few-ulp mismatch of
    /// the rounded phase durations is spread over the cruise instead of showing as a jump), and the
    /// deceleration is D − (acceleration phase mirrored in time).
    func unsignedPosition(atTime t: Int64) -> Int64 {
        if t <= 0 { return 0 }
        if t >= total { return magnitude }
        let ta = phase.duration
        if t < ta { return Swift.min(phase.position(at: t), accelEnd) }
        if t < ta + cruise {
            let run = Fixed.roundedQuotient(Int128(magnitude - 2 * accelEnd) * Int128(t - ta), Int128(cruise))
            return accelEnd + Int64(run)
        }
        return magnitude - Swift.min(phase.position(at: total - t), accelEnd)
    }

    func unsignedVelocity(atTime t: Int64) -> Int64 {
        if t <= 0 || t >= total { return 0 }
        let ta = phase.duration
        if t < ta { return phase.velocity(at: t) }
        if t < ta + cruise { return cruiseVelocity }
        return phase.velocity(at: total - t)
    }

    /// Acceleration in the direction of travel (negative while decelerating).
    func signedAcceleration(atTime t: Int64) -> Int64 {
        if t <= 0 || t >= total { return 0 }
        let ta = phase.duration
        if t < ta { return phase.acceleration(at: t) }
        if t < ta + cruise { return 0 }
        return -phase.acceleration(at: total - t)
    }

    @inline(__always)
    static func scale(_ x: Int64, _ r: Int64) -> Int64 {
        Int64(clamping: Fixed.shiftRightRoundingHalfEven(Int128(x) * Int128(r), by: 32))
    }
}

/// The planned phase durations of the acceleration half (raw Q32.32) and which limits are reached.
struct PlannedShape: Sendable {
    var tj: Int64
    var tc: Int64
    var cruise: Int64
    var jerk: Int64
    /// The peak acceleration times 2^64 (raw · 2^32), exact: amax·2^32 or J·tj.
    var accelScaled: UInt128
    var reachesVelocity: Bool
    var reachesAcceleration: Bool
}
