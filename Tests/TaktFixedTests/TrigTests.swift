import Foundation
import Testing
import TaktFixed

private let samples = 1_000_000
private let twoPow32 = 4_294_967_296.0
/// Radians per binary-angle unit.
private let radPerUnit = Double.pi / 2_147_483_648.0

/// Counts failed checks in a hot loop (one `#expect` per test keeps debug runs fast) and keeps the first.
private struct Failures {
    var count = 0
    var first = ""
    mutating func check(_ ok: Bool, _ what: @autoclosure () -> String) {
        if !ok {
            if count == 0 { first = what() }
            count += 1
        }
    }
}

/// |angle - reference| in radians, with the difference wrapped into [-π, π].
private func angleError(_ a: Angle, _ reference: Double) -> Double {
    var d = Double(a.raw) * radPerUnit - reference
    if d > .pi { d -= 2 * .pi }
    if d < -.pi { d += 2 * .pi }
    return abs(d)
}

/// Worst |sin - ref|, |cos - ref| in units of 2^-32 for one raw angle, folded into `worst`.
private func foldSinCosError(_ raw: Int64, into worst: inout Double) {
    let (s, c) = Angle(raw: raw).sinCos
    let x = Double(Int32(truncatingIfNeeded: raw)) * radPerUnit
    worst = max(worst, abs(Double(s.raw) - Foundation.sin(x) * twoPow32), abs(Double(c.raw) - Foundation.cos(x) * twoPow32))
}

@Suite("Angle trigonometry")
struct TrigTests {
    @Test("sin/cos are within 2^-30 (measured: correctly rounded, ≤ 0.5 ulp) over 1M multi-turn angles")
    func sinCosRandom() {
        var rng = TestRNG(state: 0x5EED_0001)
        var worst = 0.0
        for _ in 0..<samples { foldSinCosError(Int64(bitPattern: rng.next()), into: &worst) }
        print("sinCos worst error over \(samples) samples: \(worst) × 2^-32")
        #expect(worst <= 4)          // the contract: 2^-30
        #expect(worst <= 0.5 + 1e-3) // what the Q62 kernel actually achieves
    }

    @Test("sin/cos near every octant boundary and table point are within 2^-30")
    func sinCosBoundaries() {
        var worst = 0.0
        for k in Int64(0)...2048 {              // every table point of every octant, ± a few units
            for d in Int64(-3)...3 { foldSinCosError(k << 21 + d, into: &worst) }
            foldSinCosError(k << 21 + (1 << 20), into: &worst)       // halfway between table points
            foldSinCosError(k << 21 + (1 << 20) - 1, into: &worst)
        }
        #expect(worst <= 0.5 + 1e-3)
    }

    @Test("sin/cos are exact at quarter turns, symmetric, and depend only on the low 32 bits")
    func sinCosExactAndSymmetric() {
        let one = Fixed.one.raw
        let expected: [(Int64, Int64, Int64)] = [(0, 0, one), (1 << 30, one, 0), (1 << 31, 0, -one), (3 << 30, -one, 0)]
        for (raw, s, c) in expected {
            for turns in Int64(-3)...3 {
                let a = Angle(raw: raw + turns << 32)
                #expect(a.sin.raw == s && a.cos.raw == c, "angle raw \(a.raw)")
            }
        }
        let eighth = Angle(raw: 1 << 29).sinCos
        #expect(eighth.sin == eighth.cos)
        #expect(eighth.sin.raw == 3_037_000_500)    // round(2^32 / √2)
        var rng = TestRNG(state: 0x5EED_0002)
        var f = Failures()
        for _ in 0..<20_000 {
            let a = Angle(raw: Int64(bitPattern: rng.next()) >> 2)
            let (s, c) = a.sinCos
            let (sn, cn) = (-a).sinCos
            let (sp, cp) = (Angle.halfTurn - a).sinCos
            let (sq, cq) = (a + Angle.quarterTurn).sinCos
            let (sw, cw) = Angle(raw: a.raw &+ (Int64(rng.next() % 1000) << 32)).sinCos
            f.check(sn == -s && cn == c, "sin(-a), a.raw = \(a.raw)")
            f.check(sp == s && cp == -c, "sin(π - a), a.raw = \(a.raw)")
            f.check(sq == c && cq == -s, "sin(a + π/2), a.raw = \(a.raw)")
            f.check(sw == s && cw == c, "multi-turn, a.raw = \(a.raw)")
            f.check(a.sin == s && a.cos == c, "sin/cos vs sinCos, a.raw = \(a.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
        #expect(Angle(raw: .max).sinCos == Angle(raw: 0xFFFF_FFFF).sinCos)
        #expect(Angle(raw: .min).sinCos == Angle(raw: 0).sinCos)
    }

    @Test("atan2 is within 2^-29 rad over 1M samples at all scales, in [-half, half)")
    func atan2Random() {
        var rng = TestRNG(state: 0x5EED_0003)
        var worst = 0.0
        var inRange = true
        for k in 0..<samples {
            let y: Int64, x: Int64
            if k & 1 == 0 {
                (y, x) = (rng.anyScale(), rng.anyScale())           // independent scales
            } else {
                let shift = Int64(rng.next() % 64)                  // a common scale
                (y, x) = (Int64(bitPattern: rng.next()) >> shift, Int64(bitPattern: rng.next()) >> shift)
            }
            let a = Angle.atan2(Fixed(raw: y), Fixed(raw: x))
            inRange = inRange && a.raw >= -(1 << 31) && a.raw < (1 << 31)
            worst = max(worst, angleError(a, Foundation.atan2(Double(y), Double(x))))
        }
        print("atan2 worst error over \(samples) samples: \(worst * twoPow32) × 2^-32 rad")
        #expect(inRange)
        #expect(worst <= 0x1p-29)
        #expect(worst <= 0.5 * radPerUnit + 0x1p-44)   // half a binary-angle unit (the final rounding) + series error
    }

    @Test("atan2 edge cases: axes, diagonals, ±π, 0/0, 1-ulp and extreme components")
    func atan2Edges() {
        let u = Fixed.ulp, one = Fixed.one, mx = Fixed.max, mn = Fixed.min, z = Fixed.zero
        let exact: [(Fixed, Fixed, Int64)] = [
            (z, z, 0), (z, one, 0), (z, u, 0), (z, mx, 0),
            (one, z, 1 << 30), (u, z, 1 << 30), (mx, z, 1 << 30),
            (-one, z, -(1 << 30)), (mn, z, -(1 << 30)), (-u, z, -(1 << 30)),
            (z, -one, -(1 << 31)), (z, -u, -(1 << 31)), (z, mn, -(1 << 31)),   // the negative x axis is −half turn
            (one, one, 1 << 29), (u, u, 1 << 29), (mx, mx, 1 << 29),
            (-one, one, -(1 << 29)), (one, -one, 3 << 29), (-one, -one, -(3 << 29)),
            (mn, mn, -(3 << 29)), (mx, mn, 3 << 29), (mn, mx, -(1 << 29)),
            (u, mx, 0), (mx, u, 1 << 30), (-u, mx, 0), (u, mn, -(1 << 31)), (-u, mn, -(1 << 31)),
            (u, -one, -(1 << 31)), (-u, -one, -(1 << 31)),                    // π - 2^-32 rad rounds to ±half
        ]
        for (y, x, raw) in exact {
            let a = Angle.atan2(y, x)
            #expect(a.raw == raw, "atan2(\(y.raw), \(x.raw)) = \(a.raw), expected \(raw)")
        }
        // Near-singular and extreme pairs against the reference.
        var f = Failures()
        let values: [Int64] = [0, 1, -1, 2, -2, 3, 1 << 32, -(1 << 32), .max, .min, .max - 1, .min + 1,
                               1 << 62, -(1 << 62), 0x7FFF_FFFF, 1 << 31, 12_345_678_901, -98_765_432_109]
        for y in values {
            for x in values where x != 0 || y != 0 {
                let a = Angle.atan2(Fixed(raw: y), Fixed(raw: x))
                f.check(a.raw >= -(1 << 31) && a.raw < (1 << 31), "range: atan2(\(y), \(x))")
                f.check(angleError(a, Foundation.atan2(Double(y), Double(x))) <= 0x1p-29, "atan2(\(y), \(x))")
            }
        }
        // Tiny y with negative x, on both sides of the cut.
        for y in Int64(-40)...40 where y != 0 {
            for x in [Int64(-1), -(1 << 32), .min, -(1 << 40), -3] {
                let a = Angle.atan2(Fixed(raw: y), Fixed(raw: x))
                f.check(angleError(a, Foundation.atan2(Double(y), Double(x))) <= 0x1p-29, "atan2(\(y), \(x))")
            }
        }
        // atan2 inverts sinCos to within the rounding of both.
        var rng = TestRNG(state: 0x5EED_0004)
        for _ in 0..<20_000 {
            let a = Angle(raw: Int64(Int32(truncatingIfNeeded: rng.next())))
            let (s, c) = a.sinCos
            let back = Angle.atan2(s, c)
            f.check(abs(back.shortestDifference(from: a).raw) <= 2, "atan2(sinCos(\(a.raw)))")
            f.check(Angle.atan2(-s, c).raw == -back.raw || back.raw == -(1 << 31), "odd symmetry at \(a.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }

    @Test("asin/acos are within 2^-29 rad over 1M samples, densely next to ±1 and 0")
    func asinAcosRandom() {
        var rng = TestRNG(state: 0x5EED_0005)
        var raws: [Int64] = []
        raws.reserveCapacity(samples)
        let one = Fixed.one.raw
        for k in Int64(0)..<20_000 { raws += [one - k, k - one, k, -k] }
        while raws.count < samples {
            raws.append(Int64(rng.next() % UInt64(2 * one + 1)) - one)
        }
        var worstAsin = 0.0, worstAcos = 0.0
        var inRange = true
        for raw in raws {
            let x = Double(raw) / twoPow32
            let s = Angle.asin(Fixed(raw: raw))!, c = Angle.acos(Fixed(raw: raw))!
            inRange = inRange && abs(s.raw) <= 1 << 30 && c.raw >= 0 && c.raw <= 1 << 31
            worstAsin = max(worstAsin, abs(Double(s.raw) * radPerUnit - Foundation.asin(x)))
            worstAcos = max(worstAcos, abs(Double(c.raw) * radPerUnit - Foundation.acos(x)))
        }
        print("asin worst error over \(raws.count) samples: \(worstAsin * twoPow32) × 2^-32 rad")
        print("acos worst error over \(raws.count) samples: \(worstAcos * twoPow32) × 2^-32 rad")
        #expect(inRange)
        #expect(worstAsin <= 0x1p-29 && worstAcos <= 0x1p-29)
        #expect(worstAsin <= 0.5 * radPerUnit + 0x1p-44 && worstAcos <= 0.5 * radPerUnit + 0x1p-44)
    }

    @Test("asin/acos: exact at 0, ±1/2, ±1; nil outside [-1, 1]; odd / reflected symmetry")
    func asinAcosEdges() {
        let one = Fixed.one, half = Fixed.half
        #expect(Angle.asin(.zero) == .zero)
        #expect(Angle.asin(one) == .quarterTurn)
        #expect(Angle.asin(-one) == -Angle.quarterTurn)
        #expect(Angle.acos(one) == .zero)
        #expect(Angle.acos(.zero) == .quarterTurn)
        #expect(Angle.acos(-one) == .halfTurn)               // +half turn: acos is in [0, half]
        #expect(Angle.asin(half)?.raw == 357_913_941)         // 2^32 / 12 rounded
        #expect(Angle.acos(half)?.raw == 715_827_883)         // 2^32 / 6 rounded
        #expect(Angle.acos(-half)?.raw == 1_431_655_765)      // 2^32 / 3 rounded
        for bad in [one + .ulp, -one - .ulp, Fixed.max, Fixed.min, Fixed(2), Fixed(-7)] {
            #expect(Angle.asin(bad) == nil && Angle.acos(bad) == nil)
        }
        var rng = TestRNG(state: 0x5EED_0006)
        var f = Failures()
        for _ in 0..<20_000 {
            let x = Fixed(raw: Int64(rng.next() % (1 << 33)) - (1 << 32))
            let s = Angle.asin(x)!, c = Angle.acos(x)!
            f.check(Angle.asin(-x)! == -s, "asin(-x), x.raw = \(x.raw)")
            f.check(abs((s + c - .quarterTurn).raw) <= 1, "asin + acos, x.raw = \(x.raw)")    // π/2 up to rounding
            f.check(abs((Angle.acos(-x)! - (.halfTurn - c)).raw) <= 1, "acos(-x), x.raw = \(x.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }
}
