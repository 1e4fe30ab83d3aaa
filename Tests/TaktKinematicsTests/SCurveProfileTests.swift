import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("S-curve profile")
struct SCurveProfileTests {
    typealias S = ProfileTestSupport

    /// Draws limits and distances spread so that all four cases occur often.
    static func randomMove(_ rng: inout SeededRNG) -> (d: Double, v: Double, a: Double, j: Double) {
        (rng.logUniform(1e-5, 20), rng.logUniform(0.01, 5), rng.logUniform(0.05, 50), rng.logUniform(0.5, 5000))
    }

    @Test("duration equals the textbook (Biagiotti–Melchiorri) time-optimum within one tick over 2000 random moves, all four cases")
    func durationMatchesAnalytic() throws {
        var rng = SeededRNG(state: 0x5C_0001)
        var cases = [String: Int]()
        for _ in 0..<2000 {
            let m = Self.randomMove(&rng)
            let tick = Int64(rng.int(1...8)) * 125_000
            let (fd, fv, fa, fj) = (S.fixed(m.d), S.fixed(m.v), S.fixed(m.a), S.fixed(m.j))
            let p = try MotionProfile(distance: fd, limits: MotionLimits(velocity: fv, acceleration: fa, jerk: fj),
                                      kind: .sCurve, tickNanoseconds: tick)
            let ref = S.sCurveDuration(S.double(fd), S.double(fv), S.double(fa), S.double(fj))
            #expect(abs(S.double(p.optimalDurationSeconds) - ref.seconds) <= 1e-8 * ref.seconds + 16 * S.ulp,
                    "D=\(m.d) v=\(m.v) a=\(m.a) j=\(m.j)")
            #expect(abs(p.durationTicks - S.ceilTicks(ref.seconds, tickNanoseconds: tick)) <= 1)
            #expect(p.reachesVelocityLimit == ref.reachesVelocity, "D=\(m.d) v=\(m.v) a=\(m.a) j=\(m.j)")
            #expect(p.reachesAccelerationLimit == ref.reachesAcceleration, "D=\(m.d) v=\(m.v) a=\(m.a) j=\(m.j)")
            cases["v\(p.reachesVelocityLimit) a\(p.reachesAccelerationLimit)", default: 0] += 1
        }
        #expect(cases.count == 4 && cases.values.allSatisfy { $0 >= 100 }, "\(cases)")
    }

    @Test("hand-checked cases: exact dyadic durations for all four cases")
    func handChecked() throws {
        func plan(_ d: Fixed, _ v: Fixed, _ a: Fixed, _ j: Fixed) throws -> MotionProfile {
            try MotionProfile(distance: d, limits: MotionLimits(velocity: v, acceleration: a, jerk: j), kind: .sCurve, tickNanoseconds: 1_000_000)
        }
        // A: v=1, a=2, j=8: tj = 1/4, tc = 1/2 − 1/4, Ta = 3/4; D = 1 → tv = 1 − 3/4; T = 7/4.
        let a = try plan(.one, .one, Fixed(2), Fixed(8))
        #expect(a.reachesVelocityLimit && a.reachesAccelerationLimit)
        #expect(a.optimalDurationSeconds == Fixed(7, over: 4) && a.durationTicks == 1750)
        #expect(a.phases.map(\.seconds) == [Fixed(1, over: 4), Fixed(1, over: 4), Fixed(1, over: 4), Fixed(1, over: 4),
                                            Fixed(1, over: 4), Fixed(1, over: 4), Fixed(1, over: 4)])
        #expect(a.position(atTick: 875) == Fixed(1, over: 2) && a.velocity(atTick: 875) == .one)
        // B: v=1, a=4, j=4: √(v/j) = 1/2 < a/j; D = 2 → tv = 2 − 1 = 1; T = 3; peak acceleration √(v·j) = 2.
        let b = try plan(Fixed(2), .one, Fixed(4), Fixed(4))
        #expect(b.reachesVelocityLimit && !b.reachesAccelerationLimit)
        #expect(b.optimalDurationSeconds == Fixed(3) && b.peakAcceleration == Fixed(2))
        // C: a=1, j=2 (tj = 1/2), vmax = 10; D = 3 ≥ 2a³/j² = 1/2: S = √(1/16 + 3) = 7/4, tc = 7/4 − 3/4 = 1, T = 2(1+1) = 4.
        let c = try plan(Fixed(3), Fixed(10), .one, Fixed(2))
        #expect(!c.reachesVelocityLimit && c.reachesAccelerationLimit)
        #expect(c.optimalDurationSeconds == Fixed(4) && c.peakVelocity == Fixed(3, over: 2))
        // D: j = 1/4, D = 4: tj = ∛(4/(1/2)) = 2, T = 8, peak acceleration j·tj = 1/2 < amax = 1.
        let d = try plan(Fixed(4), Fixed(10), .one, Fixed(1, over: 4))
        #expect(!d.reachesVelocityLimit && !d.reachesAccelerationLimit)
        #expect(d.optimalDurationSeconds == Fixed(8) && d.peakAcceleration == Fixed(1, over: 2))
        #expect(d.position(atTick: 4000) == Fixed(2) && d.velocity(atTick: 4000) == Fixed(1))
    }

    @Test("every tick: starts at 0, ends exactly at the target, monotone; finite-difference v, a and jerk within the limits")
    func everyTick() throws {
        var rng = SeededRNG(state: 0x5C_0002)
        var cases = Set<String>()
        for i in 0..<50 {
            let m = Self.randomMove(&rng)
            let d = m.d * (i % 4 == 1 ? -1 : 1)
            let limits = MotionLimits(velocity: S.fixed(m.v), acceleration: S.fixed(m.a), jerk: S.fixed(m.j))
            var p = try MotionProfile(distance: S.fixed(d), limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000)
            if p.durationTicks > 2000 {
                let tick = (Int64(S.double(p.optimalDurationSeconds) * 1e9) / 2000 / 1000 + 1) * 1000
                p = try MotionProfile(distance: S.fixed(d), limits: limits, kind: .sCurve, tickNanoseconds: tick)
            }
            let r = S.checkEveryTick(p)
            #expect(r.ok, "D=\(d) v=\(m.v) a=\(m.a) j=\(m.j) ticks=\(p.durationTicks): \(r)")
            cases.insert("v\(p.reachesVelocityLimit) a\(p.reachesAccelerationLimit)")
        }
        #expect(cases.count == 4)
    }

    @Test("jumping to random ticks gives exactly the every-tick sequence")
    func jumpEqualsStep() throws {
        var rng = SeededRNG(state: 0x5C_0003)
        for kind in ProfileKind.allCases {
            for _ in 0..<10 {
                let m = Self.randomMove(&rng)
                let p = try MotionProfile(distance: S.fixed(m.d), limits: MotionLimits(velocity: S.fixed(m.v), acceleration: S.fixed(m.a), jerk: S.fixed(m.j)),
                                          kind: kind, tickNanoseconds: max(1_000_000, Int64(m.d / m.v * 1e6)))
                let n = p.durationTicks
                let stepped = (0...n).map { (p.position(atTick: $0), p.velocity(atTick: $0), p.acceleration(atTick: $0)) }
                var mismatches = 0
                for _ in 0..<300 {
                    let k = Int64(rng.next() % UInt64(n + 1))
                    if p.position(atTick: k) != stepped[Int(k)].0 || p.velocity(atTick: k) != stepped[Int(k)].1
                        || p.acceleration(atTick: k) != stepped[Int(k)].2 { mismatches += 1 }
                }
                #expect(mismatches == 0)
            }
        }
    }

    @Test("the continuous optimal profile is C1 at the phase seams and reaches exactly D at T_opt")
    func continuousProfile() throws {
        let p = try MotionProfile(distance: Fixed(3), limits: MotionLimits(velocity: Fixed(1), acceleration: Fixed(2), jerk: Fixed(8)),
                                  kind: .sCurve, tickNanoseconds: 1_000_000)
        #expect(p.position(atOptimalTime: p.optimalDurationSeconds) == Fixed(3))
        #expect(p.position(atOptimalTime: .zero) == .zero)
        var t = Fixed.zero
        for phase in p.phases {
            t += phase.seconds
            let before = p.velocity(atOptimalTime: t - .ulp), after = p.velocity(atOptimalTime: t)
            #expect((before - after).magnitude <= Fixed(raw: 64))
        }
    }

    @Test("a negative S-curve move is the exact mirror image; zero distance takes 0 ticks")
    func signAndZero() throws {
        let limits = MotionLimits(velocity: Fixed(3, over: 4), acceleration: Fixed(5, over: 2), jerk: Fixed(11))
        let pos = try MotionProfile(distance: Fixed(7, over: 5), limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000)
        let neg = try MotionProfile(distance: -Fixed(7, over: 5), limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000)
        #expect((0...pos.durationTicks).allSatisfy { neg.position(atTick: $0) == -pos.position(atTick: $0) })
        let zero = try MotionProfile(distance: .zero, limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000)
        #expect(zero.durationTicks == 0 && zero.position(atTick: 0) == .zero)
        #expect(zero.phases.count == 7)
    }
}
