import Foundation
import Testing
import TaktFixed

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

/// The largest |raw| whose radians fit in Fixed: ⌊(2^63 - 1/2) / 2π⌋.
private let maxRadiansRaw: Int64 = 1_467_945_251_641_000_613

@Suite("Angles: wrapping and conversions")
struct AngleTests {
    // MARK: Wrapping

    @Test("phase, wrappedSigned, wrappedUnsigned keep only the low 32 bits")
    func wrapping() {
        let turn = Angle.unitsPerTurn
        #expect(Angle(raw: 3 * turn + 5).phase == 5)
        #expect(Angle(raw: -1).phase == UInt32.max)
        #expect(Angle(raw: -1).wrappedUnsigned.raw == turn - 1)
        #expect(Angle(raw: -1).wrappedSigned.raw == -1)
        #expect(Angle.halfTurn.wrappedSigned.raw == -(1 << 31))            // [-half, half)
        #expect((-Angle.halfTurn).wrappedSigned.raw == -(1 << 31))
        #expect(Angle(raw: (1 << 31) - 1).wrappedSigned.raw == (1 << 31) - 1)
        #expect(Angle.fullTurn.wrappedSigned == .zero && Angle.fullTurn.wrappedUnsigned == .zero)
        #expect(Angle(raw: .min).wrappedUnsigned == .zero)
        #expect(Angle(raw: .max).wrappedSigned.raw == -1)
        var rng = TestRNG(state: 0x5EED_2001)
        var f = Failures()
        for _ in 0..<100_000 {
            let a = Angle(raw: Int64(bitPattern: rng.next()))
            let s = a.wrappedSigned.raw, u = a.wrappedUnsigned.raw
            f.check(s >= -(1 << 31) && s < (1 << 31) && u >= 0 && u < turn, "range at \(a.raw)")
            f.check((a.raw &- s) % turn == 0 && (a.raw &- u) % turn == 0, "whole turns at \(a.raw)")
            f.check(UInt32(truncatingIfNeeded: u) == a.phase, "phase at \(a.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }

    @Test("shortestDifference is the signed difference in [-half, half)")
    func shortestDifference() {
        let deg = { (d: Int) in Angle(degrees: Fixed(d)) }
        #expect(deg(10).shortestDifference(from: deg(350)) == deg(20))
        #expect(deg(350).shortestDifference(from: deg(10)) == deg(-20))
        #expect(deg(190).shortestDifference(from: deg(0)) == deg(-170))
        #expect(deg(180).shortestDifference(from: deg(0)).raw == -(1 << 31))    // exactly half: −half
        #expect(deg(0).shortestDifference(from: deg(180)).raw == -(1 << 31))
        #expect(Angle(raw: 7 << 32 + 5).shortestDifference(from: Angle(raw: -(3 << 32) + 2)).raw == 3)
        var rng = TestRNG(state: 0x5EED_2002)
        var f = Failures()
        for _ in 0..<100_000 {
            let a = Angle(raw: Int64(bitPattern: rng.next()) >> 8), b = Angle(raw: Int64(bitPattern: rng.next()) >> 8)
            let d = a.shortestDifference(from: b)
            f.check(d.raw >= -(1 << 31) && d.raw < (1 << 31) && (b + d).phase == a.phase, "\(a.raw) - \(b.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }

    // MARK: Degrees and turns

    @Test("degrees are exact: 90° is the quarter turn, 45° is 2^29, angle → degrees → angle is the identity")
    func degreesExact() {
        #expect(Angle(degrees: Fixed(90)) == .quarterTurn)
        #expect(Angle(degrees: Fixed(45)).raw == 1 << 29)
        #expect(Angle(degrees: Fixed(180)) == .halfTurn)
        #expect(Angle(degrees: Fixed(360)) == .fullTurn)
        #expect(Angle(degrees: Fixed(-90)) == -Angle.quarterTurn)
        #expect(Angle(degrees: Fixed(720)).raw == 2 << 32)
        #expect(Angle(degrees: Fixed(45, over: 4)).raw == 1 << 27)           // 11.25°
        #expect(Angle(degrees: Fixed(1)).raw == 11_930_465)                  // 2^32/360 = 11930464.71
        #expect(Angle.quarterTurn.degrees == Fixed(90))
        #expect(Angle.halfTurn.degrees == Fixed(180))
        #expect((-Angle.fullTurn).degrees == Fixed(-360))
        #expect(Angle(raw: 1).degrees.raw == 360)                            // 360 / 2^32 degrees
        // Half-even on exact ties: raw = degrees.raw / 360, so degrees.raw = 360k + 180 is a tie.
        #expect(Angle(degrees: Fixed(raw: 180)).raw == 0)
        #expect(Angle(degrees: Fixed(raw: 540)).raw == 2)
        #expect(Angle(degrees: Fixed(raw: -540)).raw == -2)
        var rng = TestRNG(state: 0x5EED_2003)
        var f = Failures()
        let limit = Int64.max / 360
        for _ in 0..<200_000 {
            let a = Angle(raw: Int64(bitPattern: rng.next()) % limit)
            f.check(Angle(degrees: a.degrees) == a, "round trip at \(a.raw)")
            let d = Fixed(raw: Int64(bitPattern: rng.next()))
            let q = Angle(degrees: d).raw
            // one rounding: |360·q - d.raw| ≤ 180
            let err = Int128(q) * 360 - Int128(d.raw)
            f.check(err >= -180 && err <= 180, "degrees raw \(d.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }

    @Test("turns are free: the same raw number")
    func turns() {
        #expect(Angle.turns(.half) == .halfTurn)
        #expect(Angle.turns(Fixed(1, over: 4)) == .quarterTurn)
        #expect(Angle.turns(Fixed(-3)).raw == -3 << 32)
        #expect(Angle.fullTurn.turns == .one)
        #expect(Angle(raw: 12_345).turns.raw == 12_345)
    }

    // MARK: Radians

    @Test("π, 2π, π/2 are correctly rounded and map to the exact half, full and quarter turns")
    func piConstants() {
        #expect(Fixed.pi.raw == 13_493_037_705)          // π·2^32 = 13493037704.52
        #expect(Fixed.halfPi.raw == 6_746_518_852)       // π·2^31 = 6746518852.26
        #expect(Fixed.twoPi.raw == 26_986_075_409)       // π·2^33 = 26986075409.04
        #expect(abs(Double(Fixed.pi.raw) - Double.pi * 0x1p32) <= 0.5)
        #expect(Angle(radians: .pi) == .halfTurn)
        #expect(Angle(radians: .halfPi) == .quarterTurn)
        #expect(Angle(radians: .twoPi) == .fullTurn)
        #expect(Angle(radians: -Fixed.pi) == -Angle.halfTurn)
        #expect(Angle.halfTurn.radians == .pi)
        #expect(Angle.quarterTurn.radians == .halfPi)
        #expect(Angle.fullTurn.radians == .twoPi)
        #expect(Angle(radians: .one).raw == 683_565_276)  // 2^32 / 2π = 683565275.58
        #expect(Angle(raw: 1).radians.raw == 6)           // 2π·2^-32 rad = 6.28 ulp
    }

    @Test("radian conversions are correctly rounded, even at the hardest near-ties of the Int64 range")
    func radiansCorrectlyRounded() {
        // (radians.raw, expected Angle raw): radians.raw / 2π within 2e-21 ... 6e-19 of a half
        // integer (from the continued fraction of π; expected values from mpmath at 500 bits).
        // A 128-bit 1/(2π) (error up to 2^-65 ≈ 2.7e-20 here) would round the first one wrong.
        let toAngle: [(Int64, Int64)] = [
            (2_646_693_125_139_304_345, 421_234_293_713_256_603),
            (8_370_090_322_008_982_278, 1_332_141_248_873_363_481),
            (3_076_704_071_730_373_588, 489_672_661_446_850_274),
            (2_216_682_178_548_235_102, 352_795_925_979_662_933),
            (3_506_715_018_321_442_831, 558_111_029_180_443_944),
            (1_786_671_231_957_165_859, 284_357_558_246_069_263),
            (8_261_657_684_473_197_624, 1_314_883_658_617_051_560),
            (2_784_249_659_845_191_438, 443_127_096_166_290_389),
            (-8_531_699_129_511_414_324, -1_357_862_089_434_562_121),
            (-1_509_457_273_540_090_022, -240_237_586_469_920_519),
            (.max, 1_467_945_251_641_000_613),
            (.min, -1_467_945_251_641_000_613),
        ]
        for (r, expected) in toAngle {
            #expect(Angle(radians: Fixed(raw: r)).raw == expected, "radians raw \(r)")
            if r != .min { #expect(Angle(radians: Fixed(raw: -r)).raw == -expected) }
        }
        // (angle raw, expected radians raw): angle.raw · 2π within 6e-19 of a half integer.
        let toRadians: [(Int64, Int64)] = [
            (876_687_771_293_310_042, 5_508_391_723_574_143_311),
            (34_219_183_866_796_835, 215_005_473_295_534_621),
            (55_427_358_490_186_002, 348_260_364_481_312_396),
            (-938_096_808_698_523_248, -5_894_236_085_126_620_565),
            (182_665_599_620_988_589, 1_147_721_811_665_744_543),
            (-487_662_366_082_944_446, -3_064_073_013_436_789_253),
            (269_699_819_514_586_712, 1_694_573_943_323_037_541),
            (maxRadiansRaw, 9_223_372_036_854_775_806),
        ]
        for (a, expected) in toRadians {
            #expect(Angle(raw: a).radians.raw == expected, "angle raw \(a)")
            #expect(Angle(raw: -a).radians.raw == -expected)
        }
        // Small magnitudes, where Double is exact enough to check the rounding directly.
        var rng = TestRNG(state: 0x5EED_2004)
        var f = Failures()
        for _ in 0..<100_000 {
            let v = Int64(bitPattern: rng.next()) >> 24                       // |v| < 2^40
            let q = Double(Angle(radians: Fixed(raw: v)).raw)
            f.check(abs(q - Double(v) / (2 * Double.pi)) <= 0.5 + 0x1p-10, "Angle(radians: raw \(v))")
            let r = Double(Angle(raw: v).radians.raw)
            f.check(abs(r - Double(v) * (2 * Double.pi)) <= 0.5 + 0x1p-8, "Angle(raw: \(v)).radians")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }

    @Test("radian round trips: angle → radians → angle is the identity; radians → angle → radians within π + 1/2 ulp")
    func radiansRoundTrip() {
        var rng = TestRNG(state: 0x5EED_2005)
        var f = Failures()
        for k in 0..<200_000 {
            let raw = Int64(bitPattern: rng.next()) >> Int64(k % 4 == 0 ? 3 : 30)
            let a = Angle(raw: max(-maxRadiansRaw, min(maxRadiansRaw, raw)))
            f.check(Angle(radians: a.radians) == a, "angle raw \(a.raw)")
            let r = Fixed(raw: Int64(bitPattern: rng.next()) >> Int64(k % 4 == 0 ? 0 : 28))
            let back = Angle(radians: r).radiansReportingOverflow
            // 2π·(1/2) + 1/2 = 3.64 ulp
            f.check(!back.overflow && abs(Int128(back.partialValue.raw) - Int128(r.raw)) <= 4, "radians raw \(r.raw)")
        }
        #expect(f.count == 0, "\(f.count) failures, first: \(f.first)")
    }

    @Test("radians report overflow beyond the Fixed range (≈ 3.4e8 turns)")
    func radiansOverflow() {
        #expect(!Angle(raw: maxRadiansRaw).radiansReportingOverflow.overflow)
        #expect(!Angle(raw: -maxRadiansRaw).radiansReportingOverflow.overflow)
        #expect(Angle(raw: maxRadiansRaw + 1).radiansReportingOverflow.overflow)
        #expect(Angle(raw: -maxRadiansRaw - 1).radiansReportingOverflow.overflow)
        #expect(Angle(raw: .max).radiansReportingOverflow.overflow)
        #expect(Angle(raw: .min).radiansReportingOverflow.overflow)
    }
}
