import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("Synchronised multi-axis moves")
struct SyncedMoveTests {
    typealias S = ProfileTestSupport

    struct RandomMove {
        var start: [Fixed], target: [Fixed], limits: [MotionLimits], kind: ProfileKind, tick: Int64
    }

    static func randomMove(_ rng: inout SeededRNG, kind: ProfileKind) -> RandomMove {
        let axes = rng.int(1...6)
        var start: [Fixed] = [], target: [Fixed] = [], limits: [MotionLimits] = []
        for _ in 0..<axes {
            let q0 = rng.uniform(-3, 3)
            let dq = rng.int(0...5) == 0 ? 0 : rng.logUniform(1e-4, 4) * (rng.int(0...1) == 0 ? -1 : 1)
            start.append(S.fixed(q0))
            target.append(S.fixed(q0 + dq))
            limits.append(MotionLimits(velocity: S.fixed(rng.logUniform(0.05, 5)), acceleration: S.fixed(rng.logUniform(0.2, 40)),
                                       jerk: S.fixed(rng.logUniform(2, 3000))))
        }
        return RandomMove(start: start, target: target, limits: limits, kind: kind, tick: 1_000_000)
    }

    static func plan(_ m: RandomMove) throws -> SyncedMove {
        try SyncedMove(from: m.start, to: m.target, limits: m.limits, kind: m.kind, tickNanoseconds: m.tick)
    }

    /// The 1-D reference duration of the normalised move: limits min_i lim_i/|Δq_i|, distance 1.
    static func referenceDuration(_ m: RandomMove) -> Double? {
        var v = Double.infinity, a = Double.infinity, j = Double.infinity
        for i in m.start.indices {
            let dq = abs(S.double(m.target[i]) - S.double(m.start[i]))
            guard dq > 0 else { continue }
            v = min(v, S.double(m.limits[i].velocity) / dq)
            a = min(a, S.double(m.limits[i].acceleration) / dq)
            j = min(j, S.double(m.limits[i].jerk!) / dq)
        }
        guard v.isFinite else { return nil }
        return m.kind == .trapezoidal ? S.trapezoidDuration(1, v, a) : S.sCurveDuration(1, v, a, j).seconds
    }

    @Test("duration equals the 1-D optimum of the normalised limits (within one tick) and is never shorter than any axis alone")
    func durationIsTheSlowestNormalisedRequirement() throws {
        var rng = SeededRNG(state: 0x5_0001)
        for kind in ProfileKind.allCases {
            for _ in 0..<250 {
                let m = Self.randomMove(&rng, kind: kind)
                let move = try Self.plan(m)
                guard let ref = Self.referenceDuration(m) else {
                    #expect(move.durationTicks == 0)
                    continue
                }
                #expect(abs(S.double(move.optimalDurationSeconds) - ref) <= 1e-8 * ref + 1e-8)
                #expect(abs(move.durationTicks - S.ceilTicks(ref, tickNanoseconds: m.tick)) <= 1)
                for i in m.start.indices {
                    let alone = try MotionProfile(distance: m.target[i] - m.start[i], limits: m.limits[i], kind: kind, tickNanoseconds: m.tick)
                    #expect(move.durationTicks >= alone.durationTicks - 1)
                }
            }
        }
    }

    @Test("with limits proportional to the displacements every axis binds at once: the duration is each axis's own")
    func proportionalLimits() throws {
        let start = [Fixed.zero, Fixed(1), Fixed(-2)]
        let target = [Fixed(2), Fixed(0), Fixed(-1, over: 1)]
        // |Δq| = 2, 1, 1: limits scaled by |Δq|
        let limits = [MotionLimits(velocity: Fixed(2), acceleration: Fixed(4), jerk: Fixed(16)),
                      MotionLimits(velocity: Fixed(1), acceleration: Fixed(2), jerk: Fixed(8)),
                      MotionLimits(velocity: Fixed(1), acceleration: Fixed(2), jerk: Fixed(8))]
        for kind in ProfileKind.allCases {
            let move = try SyncedMove(from: start, to: target, limits: limits, kind: kind, tickNanoseconds: 1_000_000)
            for i in 0..<3 {
                let alone = try MotionProfile(distance: target[i] - start[i], limits: limits[i], kind: kind, tickNanoseconds: 1_000_000)
                #expect(alone.optimalDurationSeconds == move.optimalDurationSeconds)
                #expect(alone.durationTicks == move.durationTicks)
            }
        }
    }

    @Test("every tick: all axes start exactly at start, finish together exactly on target, move monotonically and stay within their limits")
    func everyTick() throws {
        var rng = SeededRNG(state: 0x5_0002)
        for kind in ProfileKind.allCases {
            for _ in 0..<14 {
                var m = Self.randomMove(&rng, kind: kind)
                var move = try Self.plan(m)
                if move.durationTicks > 2000 {
                    m.tick = (Int64(S.double(move.optimalDurationSeconds) * 1e9) / 2000 / 1000 + 1) * 1000
                    move = try Self.plan(m)
                }
                let n = move.durationTicks
                let axes = move.axisCount
                var q = [Fixed](repeating: .zero, count: axes)
                var trace: [[Fixed]] = []
                for k in 0...max(n, 0) {
                    move.positions(atTick: k, into: &q)
                    trace.append(q)
                }
                #expect(trace.first! == m.start)
                #expect(trace.last! == m.target)
                move.positions(atTick: n + 10, into: &q)
                #expect(q == m.target)
                let dt = Double(m.tick) / 1e9
                var vel = [Fixed](repeating: .zero, count: axes)
                var monotone = true, velocityExcess = -Double.infinity, accelerationExcess = -Double.infinity
                for i in 0..<axes {
                    let dq = S.double(m.target[i]) - S.double(m.start[i])
                    let vmax = S.double(m.limits[i].velocity), amax = S.double(m.limits[i].acceleration)
                    let jmaxOrZero = kind == .sCurve ? S.double(m.limits[i].jerk!) : 0
                    // Axis position = start + round(Δq·σ/L), with |Δq|/L ≤ 1: σ's position noise and limit
                    // slack (see checkEveryTick) scale onto the axis by |Δq|/L, giving the same bounds in
                    // axis units, plus ½ ulp for this second rounding.
                    let eps = (2 + 2 * vmax) * S.ulp + S.ulp
                    let vTol = vmax * 1e-12 + 2 * amax * S.ulp, aTol = amax * 1e-12 + jmaxOrZero * S.ulp
                    for k in 0..<Int(n) {
                        let step = S.double(trace[k + 1][i]) - S.double(trace[k][i])
                        if step * dq < 0 { monotone = false }
                        velocityExcess = max(velocityExcess, abs(step) / dt - vmax - vTol - 2 * eps / dt)
                        if k >= 1 {
                            let a = abs(S.double(trace[k + 1][i]) - 2 * S.double(trace[k][i]) + S.double(trace[k - 1][i])) / (dt * dt)
                            accelerationExcess = max(accelerationExcess, a - amax - aTol - 4 * eps / (dt * dt))
                        }
                    }
                }
                var reportedMatches = true
                for k in 0...max(n, 0) {
                    move.velocities(atTick: k, into: &vel)
                    for i in 0..<axes {
                        if k % 16 == 0 && vel[i] != move.velocity(axis: i, atTick: k) { reportedMatches = false }
                        velocityExcess = max(velocityExcess, abs(S.double(vel[i])) - S.double(m.limits[i].velocity) * (1 + 1e-12) - 2 * S.double(m.limits[i].acceleration) * S.ulp - 3 * S.ulp)
                    }
                }
                #expect(monotone && reportedMatches)
                #expect(velocityExcess <= 0 && accelerationExcess <= 0, "v excess \(velocityExcess), a excess \(accelerationExcess)")
            }
        }
    }

    @Test("jumping to random ticks gives exactly the every-tick positions")
    func jumpEqualsStep() throws {
        var rng = SeededRNG(state: 0x5_0003)
        for kind in ProfileKind.allCases {
            for _ in 0..<6 {
                let m = Self.randomMove(&rng, kind: kind)
                let move = try Self.plan(m)
                let n = move.durationTicks
                var q = [Fixed](repeating: .zero, count: move.axisCount)
                var trace: [[Fixed]] = []
                for k in 0...n { move.positions(atTick: k, into: &q); trace.append(q) }
                var mismatches = 0
                for _ in 0..<200 {
                    let k = Int64(rng.next() % UInt64(n + 1))
                    let axis = rng.int(0...(move.axisCount - 1))
                    if move.position(axis: axis, atTick: k) != trace[Int(k)][axis] { mismatches += 1 }
                }
                #expect(mismatches == 0)
            }
        }
    }

    @Test("errors: mismatched lengths, a bad limit names the axis, overflowing displacement; all-zero move takes 0 ticks")
    func errors() throws {
        let l = MotionLimits(velocity: .one, acceleration: .one, jerk: .one)
        #expect(throws: ProfileError.axisCountMismatch(start: 2, target: 1, limits: 2)) {
            try SyncedMove(from: [.zero, .zero], to: [.one], limits: [l, l], kind: .sCurve, tickNanoseconds: 1000)
        }
        #expect(throws: ProfileError.axis(1, .missingJerkLimit)) {
            try SyncedMove(from: [.zero, .zero], to: [.one, .one], limits: [l, MotionLimits(velocity: .one, acceleration: .one)],
                           kind: .sCurve, tickNanoseconds: 1000)
        }
        #expect(throws: ProfileError.displacementOverflow(axis: 0)) {
            try SyncedMove(from: [Fixed(-2_000_000_000)], to: [Fixed(2_000_000_000)], limits: [l], kind: .sCurve, tickNanoseconds: 1000)
        }
        #expect(ProfileError.axis(1, .missingJerkLimit).description.hasPrefix("axis 1: "))
        let still = try SyncedMove(from: [.one, .zero], to: [.one, .zero], limits: [l, l], kind: .sCurve, tickNanoseconds: 1000)
        #expect(still.durationTicks == 0)
        var q = [Fixed.zero, Fixed.zero]
        still.positions(atTick: 0, into: &q)
        #expect(q == [.one, .zero])
        #expect(still.progress(atTick: 0) == .zero)
    }
}
