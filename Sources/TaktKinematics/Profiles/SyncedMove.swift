import TaktFixed

/// A synchronised multi-axis rest-to-rest move along the straight line in joint space: every axis
/// starts and arrives at the same ticks, `q_i(t) = q_i0 + Δq_i · s(t)` with one shared normalised
/// profile `s(t)` from 0 to 1.
///
/// **Limits and optimality.** Along the line, axis i's velocity, acceleration and jerk are
/// `Δq_i·ṡ`, `Δq_i·s̈`, `Δq_i·s⃛`, so the axis limits hold for every axis exactly when
///     |ṡ| ≤ v_s = min_i vmax_i/|Δq_i|,  |s̈| ≤ a_s = min_i amax_i/|Δq_i|,  |s⃛| ≤ j_s = min_i jmax_i/|Δq_i|
/// (minima over the moving axes). The feasible motions along the path are therefore exactly the 1-D
/// motions of s under (v_s, a_s, j_s), and the time-optimal 1-D profile of s (a `MotionProfile`) is the
/// time-optimal motion along the straight joint-space path; no axis ever exceeds its limits. (It can be
/// slower than the slowest axis moving alone, because different axes may bind different limits.)
///
/// **Fixed point.** For resolution, s is represented scaled by a power of two L ≥ max|Δq_i| (capped
/// at 2^30): the profile runs over the distance L with limits L·v_s, L·a_s, L·j_s, each rounded DOWN
/// (so rounding can only make the move slower, never exceed a limit), and
/// `q_i = q_i0 + round(Δq_i · σ / L)` with σ = L·s. At the last tick σ = L exactly, so every axis
/// lands bit-exactly on its target; positions are monotone per axis because σ is.
///
/// Planning allocates (the per-axis arrays); evaluation never does.
public struct SyncedMove: Sendable, Equatable {
    public let start: [Fixed]
    public let target: [Fixed]
    /// target − start, per axis.
    public let displacement: [Fixed]
    public let limits: [MotionLimits]
    /// The profile of σ = L·s over the distance L = `scale` (a power of two); its limits are the
    /// normalised limits times L (L·v_s, L·a_s, L·j_s).
    public let profile: MotionProfile
    /// log2 of L in raw units (L.raw = 2^scaleShift).
    let scaleShift: Int

    /// Plans the move. Axes with Δq = 0 stay put and do not constrain the timing.
    public init(from start: [Fixed], to target: [Fixed], limits: [MotionLimits], kind: ProfileKind,
                tickNanoseconds: Int64) throws(ProfileError) {
        guard start.count == target.count && start.count == limits.count else {
            throw .axisCountMismatch(start: start.count, target: target.count, limits: limits.count)
        }
        guard tickNanoseconds > 0 else { throw .nonPositiveTick(nanoseconds: tickNanoseconds) }
        var delta: [Fixed] = []
        delta.reserveCapacity(start.count)
        var maxMagnitude: UInt64 = 0
        for i in start.indices {
            do throws(ProfileError) { try limits[i].validate(for: kind) } catch { throw .axis(i, error) }
            let (d, o) = target[i].subtractingReportingOverflow(start[i])
            guard !o, d.raw != .min else { throw .displacementOverflow(axis: i) }
            delta.append(d)
            maxMagnitude = Swift.max(maxMagnitude, d.raw.magnitude)
        }
        self.start = start
        self.target = target
        self.displacement = delta
        self.limits = limits

        // L = the smallest power of two ≥ max|Δq| (raw), at most 2^62 raw (= 2^30 units).
        var shift = 0
        while shift < 62 && (UInt64(1) << shift) < maxMagnitude { shift += 1 }
        scaleShift = shift
        let scaleRaw = Int64(1) << shift

        guard maxMagnitude != 0 else {
            let unit = MotionLimits(velocity: .one, acceleration: .one, jerk: .one)
            profile = try MotionProfile(distance: .zero, limits: unit, kind: kind, tickNanoseconds: tickNanoseconds)
            return
        }
        // L·lim_i/|Δq_i|, rounded down, minimum over moving axes, saturating at Fixed.max.
        func normalised(_ limit: (MotionLimits) -> Fixed?) -> Int64 {
            var best = Int64.max
            for i in delta.indices where delta[i].raw != 0 {
                guard let l = limit(limits[i]) else { continue }
                let q = Int128(l.raw) * Int128(scaleRaw) / Int128(delta[i].raw.magnitude)
                best = Swift.min(best, Int64(clamping: q))
            }
            return best
        }
        let v = normalised { $0.velocity }
        let a = normalised { $0.acceleration }
        let j = kind == .sCurve ? normalised { $0.jerk } : Int64.max
        // A zero normalised limit means the move would take forever at this resolution; report
        // overflows in terms of the largest displacement rather than the internal distance L.
        let largest = Fixed(raw: Int64(maxMagnitude))
        guard v > 0, a > 0, j > 0 else { throw .durationOverflow(distance: largest) }
        let normalisedLimits = MotionLimits(velocity: Fixed(raw: v), acceleration: Fixed(raw: a),
                                            jerk: kind == .sCurve ? Fixed(raw: j) : nil)
        do {
            profile = try MotionProfile(distance: Fixed(raw: scaleRaw), limits: normalisedLimits, kind: kind,
                                        tickNanoseconds: tickNanoseconds)
        } catch .durationOverflow {
            throw .durationOverflow(distance: largest)
        }
    }

    public var axisCount: Int { start.count }
    public var durationTicks: Int64 { profile.durationTicks }
    /// The continuous time-optimal duration along the straight joint-space path, in seconds.
    public var optimalDurationSeconds: Fixed { profile.optimalDurationSeconds }
    /// L, the power of two that σ = L·s runs up to (the profile's distance).
    public var scale: Fixed { Fixed(raw: Int64(1) << scaleShift) }

    /// The path parameter s ∈ [0, 1] at tick n (exactly 0 at tick ≤ 0, exactly 1 at n ≥ durationTicks).
    public func progress(atTick n: Int64) -> Fixed {
        let sigma = profile.unsignedPosition(atTick: n)
        return Fixed(raw: Int64(Self.scaled(Int128(sigma) << 32, scaleShift)))
    }

    /// Axis `axis`'s position at tick n; exactly `start` at n ≤ 0 and exactly `target` at n ≥ durationTicks.
    public func position(axis: Int, atTick n: Int64) -> Fixed {
        position(axis: axis, sigma: profile.unsignedPosition(atTick: n))
    }

    /// Axis `axis`'s velocity at tick n (unit/s of that axis).
    public func velocity(axis: Int, atTick n: Int64) -> Fixed {
        let sv = profile.velocity(atTick: n).raw
        return Fixed(raw: Int64(Self.scaled(Int128(displacement[axis].raw) * Int128(sv), scaleShift)))
    }

    /// Writes every axis's position at tick n into `out`, which must already hold `axisCount` values.
    /// Evaluates the shared profile once; allocation-free.
    public func positions(atTick n: Int64, into out: inout [Fixed]) {
        precondition(out.count == axisCount, "positions(atTick:into:) needs an array of \(axisCount) values")
        let sigma = profile.unsignedPosition(atTick: n)
        for i in 0..<axisCount { out[i] = position(axis: i, sigma: sigma) }
    }

    /// Writes every axis's velocity at tick n into `out`, which must already hold `axisCount` values.
    public func velocities(atTick n: Int64, into out: inout [Fixed]) {
        precondition(out.count == axisCount, "velocities(atTick:into:) needs an array of \(axisCount) values")
        let sv = profile.velocity(atTick: n).raw
        for i in 0..<axisCount {
            out[i] = Fixed(raw: Int64(Self.scaled(Int128(displacement[i].raw) * Int128(sv), scaleShift)))
        }
    }

    // MARK: Internals

    func position(axis i: Int, sigma: Int64) -> Fixed {
        if sigma == Int64(1) << scaleShift { return target[i] }          // exact at the end
        let offset = Self.scaled(Int128(displacement[i].raw) * Int128(sigma), scaleShift)
        return Fixed(raw: start[i].raw + Int64(offset))
    }

    /// x / 2^shift, rounded half to even (exact when shift is 0).
    @inline(__always)
    static func scaled(_ x: Int128, _ shift: Int) -> Int128 {
        shift == 0 ? x : Fixed.shiftRightRoundingHalfEven(x, by: shift)
    }
}
