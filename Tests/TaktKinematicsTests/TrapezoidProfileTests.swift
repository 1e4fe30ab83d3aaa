import Testing
@testable import TaktFixed
@testable import TaktKinematics

// MARK: - Shared support for the profile tests (Double is allowed in tests, as a reference only)

enum ProfileTestSupport {
    static let ulp = 1.0 / 4_294_967_296.0

    static func fixed(_ x: Double) -> Fixed { Fixed(raw: Int64((x * 4_294_967_296.0).rounded())) }
    static func double(_ f: Fixed) -> Double { Double(f.raw) / 4_294_967_296.0 }

    /// Textbook trapezoid: T = D/v + v/a when vmax is reached (D ≥ v²/a), else 2√(D/a).
    static func trapezoidDuration(_ d: Double, _ v: Double, _ a: Double) -> Double {
        d >= v * v / a ? d / v + v / a : 2 * (d / a).squareRoot()
    }

    /// Textbook S-curve rest to rest (Biagiotti & Melchiorri §3.4 with v0 = v1 = 0, symmetric limits):
    /// assume vmax is reached; if the cruise time comes out negative, drop the cruise and use the Δ formula
    /// for the acceleration time; if that leaves no constant-acceleration phase (Ta < 2Tj), lower amax
    /// until Ta = 2Tj (the book's iterative reduction, done here by bisection).
    static func sCurveDuration(_ d: Double, _ vmax: Double, _ amax: Double, _ jmax: Double)
        -> (seconds: Double, reachesVelocity: Bool, reachesAcceleration: Bool) {
        var tj: Double, ta: Double
        if vmax * jmax < amax * amax {
            tj = (vmax / jmax).squareRoot(); ta = 2 * tj
        } else {
            tj = amax / jmax; ta = tj + vmax / amax
        }
        let tv = d / vmax - ta
        if tv >= 0 { return (tv + 2 * ta, true, ta > 2 * tj * (1 + 1e-12)) }
        func accelTime(_ a: Double) -> Double {
            let delta = a * a * a * a / (jmax * jmax) + 4 * a * d
            return (a * a / jmax + delta.squareRoot()) / (2 * a)
        }
        tj = amax / jmax
        ta = accelTime(amax)
        if ta >= 2 * tj { return (2 * ta, false, true) }
        var lo = 0.0, hi = amax
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if accelTime(mid) - 2 * mid / jmax > 0 { lo = mid } else { hi = mid }
        }
        return (2 * accelTime(lo), false, false)
    }

    static func ceilTicks(_ seconds: Double, tickNanoseconds: Int64) -> Int64 {
        Int64((seconds * 1e9 / Double(tickNanoseconds)).rounded(.up))
    }

    /// Every-tick checks on one profile; returns the worst finite-difference excesses over the limits
    /// beyond the tolerance (≤ 0 means within it).
    ///
    /// Tolerance. (1) Position noise: each sampled position is the exact value of a piecewise-polynomial
    /// trajectory, rounded once (≤ ½ ulp), evaluated at a profile time rounded to 2^-32 s (≤ ½·vmax ulp),
    /// with at most one seam at the middle / cruise ends where the rounded phase durations leave the
    /// acceleration phase a few ulps short of D/2 (≤ (1 + vmax) ulp). So ε = (2 + 2·vmax)·ulp and a k-th
    /// difference over a step h can exceed the true derivative by 2^k·ε/h^k. (2) Limit slack of the
    /// rounded parameters: each duration is off by ≤ ½·2^-32 s, so the peak velocity may exceed vmax by
    /// ~2·amax·ulp and the peak acceleration J·tj may exceed amax by ~jmax·ulp; jerk is exact.
    static func checkEveryTick(_ p: MotionProfile, jerkStride: Int64 = 8) -> EveryTickReport {
        let n = p.durationTicks
        var positions = [Int64](repeating: 0, count: Int(n) + 1)
        for k in 0...n { positions[Int(k)] = p.position(atTick: k).raw }
        let dt = Double(p.tickNanoseconds) / 1e9
        let vmax = double(p.limits.velocity), amax = double(p.limits.acceleration)
        let jmaxOrZero = p.kind == .sCurve ? double(p.limits.jerk!) : 0
        let eps = (2 + 2 * vmax) * ulp
        let vTol = vmax * 1e-12 + 2 * amax * ulp, aTol = amax * 1e-12 + jmaxOrZero * ulp
        var report = EveryTickReport()
        report.startsAtZero = positions[0] == 0
        report.endsAtTarget = positions[Int(n)] == p.distance.raw
        let sign: Int64 = p.distance.raw < 0 ? -1 : 1
        for k in 0..<Int(n) where sign * (positions[k + 1] - positions[k]) < 0 { report.monotone = false }
        func x(_ k: Int) -> Double { Double(positions[k]) * ulp }
        // velocity, first differences
        for k in 0..<Int(n) {
            let v = abs(x(k + 1) - x(k)) / dt
            report.velocityExcess = max(report.velocityExcess, v - vmax - vTol - 2 * eps / dt)
        }
        // acceleration, second differences
        if n >= 2 {
            for k in 1..<Int(n) {
                let a = abs(x(k + 1) - 2 * x(k) + x(k - 1)) / (dt * dt)
                report.accelerationExcess = max(report.accelerationExcess, a - amax - aTol - 4 * eps / (dt * dt))
            }
        }
        // jerk, third differences over a stride (extends past the ends with the constant end positions)
        if let jerk = p.limits.jerk, p.kind == .sCurve {
            let jmax = double(jerk)
            let h = Double(jerkStride) * dt
            func y(_ k: Int64) -> Double { x(Int(min(max(k, 0), n))) }
            var k: Int64 = -3 * jerkStride
            while k <= n {
                let j3 = abs(y(k + 3 * jerkStride) - 3 * y(k + 2 * jerkStride) + 3 * y(k + jerkStride) - y(k)) / (h * h * h)
                report.jerkExcess = max(report.jerkExcess, j3 - jmax * (1 + 1e-12) - 8 * eps / (h * h * h))
                k += 1
            }
        }
        // the reported (scaled) velocity and acceleration stay within the limits too
        for k in 0...n {
            report.velocityExcess = max(report.velocityExcess, abs(double(p.velocity(atTick: k))) - vmax - vTol - 2 * ulp)
            report.accelerationExcess = max(report.accelerationExcess, abs(double(p.acceleration(atTick: k))) - amax - aTol - 2 * ulp)
        }
        return report
    }
}

struct EveryTickReport {
    var startsAtZero = true
    var endsAtTarget = true
    var monotone = true
    var velocityExcess = -Double.infinity
    var accelerationExcess = -Double.infinity
    var jerkExcess = -Double.infinity
    var ok: Bool { startsAtZero && endsAtTarget && monotone && velocityExcess <= 0 && accelerationExcess <= 0 && jerkExcess <= 0 }
}

// MARK: - Trapezoid

@Suite("Trapezoidal profile")
struct TrapezoidProfileTests {
    typealias S = ProfileTestSupport

    @Test("public check: D = 1 m, vmax = 1 m/s, amax = 2 m/s² takes exactly 1.5 s = 1500 ticks of 1 ms")
    func publicCheck() throws {
        let p = try MotionProfile(distance: .one, limits: MotionLimits(velocity: .one, acceleration: Fixed(2)),
                                  kind: .trapezoidal, tickNanoseconds: 1_000_000)
        #expect(p.optimalDurationSeconds == Fixed(3, over: 2))
        #expect(p.durationTicks == 1500)
        #expect(p.reachesVelocityLimit)
        #expect(p.position(atTick: 750) == Fixed(1, over: 2))               // symmetric: halfway at T/2
        #expect(p.velocity(atTick: 750) == .one)
        #expect(p.position(atTick: 250) == Fixed(1, over: 16))              // a·t²/2 = 2·0.25²/2
        #expect(p.phases.map(\.seconds) == [Fixed(1, over: 2), Fixed(1, over: 2), Fixed(1, over: 2)])
    }

    @Test("triangular move (vmax not reached) takes 2·√(D/a)")
    func triangular() throws {
        let p = try MotionProfile(distance: Fixed(1, over: 4), limits: MotionLimits(velocity: .one, acceleration: .one),
                                  kind: .trapezoidal, tickNanoseconds: 1_000_000)
        #expect(!p.reachesVelocityLimit)
        #expect(p.optimalDurationSeconds == .one)                          // 2·√0.25
        #expect(p.durationTicks == 1000)
        #expect(p.peakVelocity == Fixed(1, over: 2))
    }

    @Test("duration equals the textbook time-optimum rounded up to ticks (within one tick) over 2000 random moves")
    func durationMatchesAnalytic() throws {
        var rng = SeededRNG(state: 0x7AB_0001)
        var triangular = 0, trapezoid = 0
        for _ in 0..<2000 {
            let d = S.logUniform(&rng, 1e-6, 50), v = S.logUniform(&rng, 0.01, 10), a = S.logUniform(&rng, 0.05, 100)
            let tick = Int64(rng.int(1...4)) * 250_000
            let (fd, fv, fa) = (S.fixed(d), S.fixed(v), S.fixed(a))
            let p = try MotionProfile(distance: fd, limits: MotionLimits(velocity: fv, acceleration: fa), kind: .trapezoidal, tickNanoseconds: tick)
            let ref = S.trapezoidDuration(S.double(fd), S.double(fv), S.double(fa))
            #expect(abs(S.double(p.optimalDurationSeconds) - ref) <= 1e-9 * ref + 4 * S.ulp)
            #expect(abs(p.durationTicks - S.ceilTicks(ref, tickNanoseconds: tick)) <= 1)
            if p.reachesVelocityLimit { trapezoid += 1 } else { triangular += 1 }
        }
        #expect(triangular > 200 && trapezoid > 200)
    }

    @Test("every tick: starts at 0, ends exactly at the target, monotone, finite-difference v and a within the limits")
    func everyTick() throws {
        var rng = SeededRNG(state: 0x7AB_0002)
        for i in 0..<60 {
            let d = S.logUniform(&rng, 1e-5, 10) * (i % 3 == 0 ? -1 : 1)
            let v = S.logUniform(&rng, 0.02, 4), a = S.logUniform(&rng, 0.1, 40)
            let limits = MotionLimits(velocity: S.fixed(v), acceleration: S.fixed(a))
            var p = try MotionProfile(distance: S.fixed(d), limits: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
            if p.durationTicks > 3000 {                                    // keep the run short: coarser ticks
                let tick = (Int64(S.double(p.optimalDurationSeconds) * 1e9) / 3000 / 1000 + 1) * 1000
                p = try MotionProfile(distance: S.fixed(d), limits: limits, kind: .trapezoidal, tickNanoseconds: tick)
            }
            let r = S.checkEveryTick(p)
            #expect(r.ok, "D=\(d) v=\(v) a=\(a) ticks=\(p.durationTicks): \(r)")
        }
    }

    @Test("a negative distance is the exact mirror image; zero distance takes 0 ticks")
    func signAndZero() throws {
        let limits = MotionLimits(velocity: Fixed(3, over: 4), acceleration: Fixed(5, over: 2))
        let pos = try MotionProfile(distance: Fixed(7, over: 5), limits: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
        let neg = try MotionProfile(distance: -Fixed(7, over: 5), limits: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
        #expect(pos.durationTicks == neg.durationTicks)
        #expect((0...pos.durationTicks).allSatisfy {
            neg.position(atTick: $0) == -pos.position(atTick: $0) && neg.velocity(atTick: $0) == -pos.velocity(atTick: $0)
        })
        let zero = try MotionProfile(distance: .zero, limits: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
        #expect(zero.durationTicks == 0)
        #expect(zero.optimalDurationSeconds == .zero)
        #expect(zero.position(atTick: 0) == .zero && zero.position(atTick: 5) == .zero && zero.velocity(atTick: 0) == .zero)
    }

    @Test("a tiny move still takes one tick and lands exactly; positions are clamped outside [0, N]")
    func tinyAndClamped() throws {
        let p = try MotionProfile(distance: Fixed(raw: 3), limits: MotionLimits(velocity: .one, acceleration: .one),
                                  kind: .trapezoidal, tickNanoseconds: 1_000_000)
        #expect(p.durationTicks == 1)
        #expect(p.position(atTick: -5) == .zero && p.position(atTick: 1) == Fixed(raw: 3) && p.position(atTick: 99) == Fixed(raw: 3))
    }

    @Test("limits and tick length are validated with one-line messages; an overlong move throws")
    func errors() {
        let ok = MotionLimits(velocity: .one, acceleration: .one)
        #expect(throws: ProfileError.nonPositiveLimit(name: "velocity", value: .zero)) {
            try MotionProfile(distance: .one, limits: MotionLimits(velocity: .zero, acceleration: .one), kind: .trapezoidal, tickNanoseconds: 1000)
        }
        #expect(throws: ProfileError.nonPositiveLimit(name: "acceleration", value: -.one)) {
            try MotionProfile(distance: .one, limits: MotionLimits(velocity: .one, acceleration: -.one), kind: .trapezoidal, tickNanoseconds: 1000)
        }
        #expect(throws: ProfileError.nonPositiveTick(nanoseconds: 0)) {
            try MotionProfile(distance: .one, limits: ok, kind: .trapezoidal, tickNanoseconds: 0)
        }
        #expect(throws: ProfileError.missingJerkLimit) {
            try MotionProfile(distance: .one, limits: ok, kind: .sCurve, tickNanoseconds: 1000)
        }
        #expect(throws: ProfileError.distanceOutOfRange(.min)) {
            try MotionProfile(distance: .min, limits: ok, kind: .trapezoidal, tickNanoseconds: 1000)
        }
        // 2^30 m at 2^-32 m/s would take 2^62 s
        let slow = MotionLimits(velocity: .ulp, acceleration: .one, jerk: .one)
        for kind in ProfileKind.allCases {
            #expect(throws: ProfileError.durationOverflow(distance: Fixed(1 << 30))) {
                try MotionProfile(distance: Fixed(1 << 30), limits: slow, kind: kind, tickNanoseconds: 1000)
            }
        }
        let message = ProfileError.nonPositiveLimit(name: "velocity", value: .zero).description
        #expect(!message.contains("\n") && message.contains("velocity"))
    }

    @Test("extreme but valid limits plan without trapping")
    func extremes() throws {
        let big = Fixed(raw: Int64.max)
        for kind in ProfileKind.allCases {
            for (d, l) in [(big, MotionLimits(velocity: big, acceleration: big, jerk: big)),
                           (Fixed.ulp, MotionLimits(velocity: big, acceleration: big, jerk: big)),
                           (Fixed(1000), MotionLimits(velocity: Fixed(1000), acceleration: .ulp, jerk: big)),
                           (Fixed.ulp, MotionLimits(velocity: .ulp, acceleration: .ulp, jerk: .ulp)),
                           (Fixed(1, over: 1000), MotionLimits(velocity: big, acceleration: Fixed(1, over: 1000), jerk: .ulp))] {
                do {
                    let p = try MotionProfile(distance: d, limits: l, kind: kind, tickNanoseconds: 1_000_000)
                    #expect(p.position(atTick: p.durationTicks) == d)
                    #expect(p.position(atTick: p.durationTicks / 2) <= d)
                } catch .durationOverflow {
                    // acceptable: the move is longer than 2^31 s
                }
            }
        }
    }
}

extension ProfileTestSupport {
    static func logUniform(_ rng: inout SeededRNG, _ lo: Double, _ hi: Double) -> Double { rng.logUniform(lo, hi) }
}
