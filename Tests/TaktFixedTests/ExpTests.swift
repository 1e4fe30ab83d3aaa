import Foundation
import Testing
import TaktFixed

/// `Fixed.log`, `Fixed.exp`, `Fixed.pow` against Double references (tests only) and pinned
/// correctly rounded values computed with mpmath (300-bit) in a one-off script.
@Suite struct ExpTests {
    static let two32 = 4294967296.0

    // MARK: log

    @Test func logSampledWholeRange() {
        var g = TestRNG(state: 0x5EED_1061)
        var maxUlps = 0.0
        for i in 0..<200_000 {
            let raw: Int64
            switch i % 4 {
            case 0, 1:                                      // log-uniform over the whole positive range
                let bits = Int(g.next() % 63) + 1
                raw = Int64(bitPattern: (g.next() & ((1 << UInt64(bits)) - 1)) | (1 << UInt64(bits - 1)))
            case 2:                                         // near 1, where cancellation would show
                raw = g.raw((1 << 32) - (1 << 26), (1 << 32) + (1 << 26))
            default:                                        // uniform raw
                raw = g.raw(1, .max)
            }
            let got = Fixed(raw: raw).log()!
            let ref = Foundation.log(Double(raw) / Self.two32) * Self.two32
            let ulps = abs(Double(got.raw) - ref)
            maxUlps = max(maxUlps, ulps)
            // contract: 2^-29 = 8 ulps; measured: correctly rounded (≤ 0.5 ulp + Double's own error)
            #expect(ulps <= 0.5 + 1e-4, "log(raw \(raw)) = \(got.raw), reference \(ref)")
        }
        print("log: max error over 200k samples = \(maxUlps) ulp (2^-32)")
    }

    @Test func logEdges() {
        #expect(Fixed.zero.log() == nil)
        #expect(Fixed(-1).log() == nil)
        #expect(Fixed.min.log() == nil)
        #expect(Fixed.one.log() == .zero)
        #expect(Fixed.ulp.log()!.raw == -95_265_423_098)        // −32 ln 2
        #expect(Fixed.max.log()!.raw == 92_288_378_626)
        #expect(Fixed(2).log()!.raw == 2_977_044_472)
        #expect(Fixed(10).log()!.raw == 9_889_527_671)
        #expect(Fixed(raw: Fixed.oneRaw + 1).log()!.raw == 1)
        #expect(Fixed(raw: Fixed.oneRaw - 1).log()!.raw == -1)
        for e in -32...30 {                                     // exact powers of two: e · ln 2
            let p = Fixed(raw: 1 << Int64(e + 32))
            let ref = Double(e) * 0.6931471805599453 * Self.two32
            #expect(abs(Double(p.log()!.raw) - ref) <= 0.5 + 1e-4)
        }
    }

    @Test func logAtTheEndsOfTheTableIntervals() {
        // The kernel rounds the mantissa m in [1, 2) to the nearest table point 1 + i/256; the
        // remainder (and the series' truncation) is largest at the interval ends m = 1 + (2i + 1)/512.
        // Both sides of every end, at scales from 2^-23 to 2^30.
        var maxUlps = 0.0
        for n in [9, 20, 31, 32, 45, 62] {                      // raw in [2^n, 2^(n+1))
            for i in 0..<256 {
                let end = (Int64(1) << Int64(n)) + (Int64(2 * i + 1) << Int64(n - 9))
                for raw in [end - 1, end, end + 1] {
                    let got = Fixed(raw: raw).log()!
                    let ref = Foundation.log(Double(raw) / Self.two32) * Self.two32
                    let ulps = abs(Double(got.raw) - ref)
                    maxUlps = max(maxUlps, ulps)
                    #expect(ulps <= 0.5 + 1e-4, "log(raw \(raw)) = \(got.raw), reference \(ref)")
                }
            }
        }
        print("log: max error at the table interval ends = \(maxUlps) ulp (2^-32)")
    }

    // MARK: exp

    @Test func expSampled() {
        var g = TestRNG(state: 0x5EED_E4B)
        var maxRel = 0.0, maxAbsBelowOne = 0.0, maxUlps = 0.0
        let lo = Int64(-23) << 32, hi: Int64 = 92_288_378_626
        for i in 0..<200_000 {
            let raw: Int64
            switch i % 4 {
            case 0, 1: raw = g.raw(lo, hi)
            case 2: raw = g.raw(-(1 << 32), 1 << 32)
            default: raw = g.raw(hi - (1 << 32), hi)            // the top of the range, relative error matters
            }
            let x = Double(raw) / Self.two32
            let got = Double(Fixed.exp(Fixed(raw: raw))!.raw) / Self.two32
            let ref = Foundation.exp(x)
            let ulps = abs(got - ref) * Self.two32
            if ref >= 1 {
                let rel = abs(got - ref) / ref
                maxRel = max(maxRel, rel)
                #expect(rel <= 0x1p-28, "exp(\(x)) = \(got), reference \(ref)")
                // measured: within half an ulp plus 2^-58 relative (plus Double's own 2^-52)
                #expect(ulps <= 0.5 + ref * 0x1p-20, "exp(\(x)) = \(got), reference \(ref)")
            } else {
                maxAbsBelowOne = max(maxAbsBelowOne, abs(got - ref))
                maxUlps = max(maxUlps, ulps)
                #expect(abs(got - ref) <= 0x1p-30, "exp(\(x)) = \(got), reference \(ref)")
                #expect(ulps <= 0.5 + 1e-4, "exp(\(x)) = \(got), reference \(ref)")
            }
        }
        print("exp: max relative error (result ≥ 1) = 2^\(Foundation.log2(maxRel)); max absolute error (result < 1) = \(maxUlps) ulp")
    }

    @Test func expEdges() {
        #expect(Fixed.exp(.zero) == .one)
        #expect(Fixed.exp(.one)!.raw == 11_674_931_555)
        #expect(Fixed.exp(Fixed(-1))!.raw == 1_580_030_169)
        #expect(Fixed.exp(Fixed(10))!.raw == 94_602_950_235_157)
        #expect(Fixed.exp(.ulp)!.raw == Fixed.oneRaw + 1)
        #expect(Fixed.exp(Fixed(raw: -1))!.raw == Fixed.oneRaw - 1)
        // the largest argument whose exponential fits, and the next one
        // exact: 9223372035981320729.318 (raw); near 2^63 the internal 2^-60 relative error is a few raws
        #expect(abs(Fixed.exp(Fixed(raw: 92_288_378_626))!.raw - 9_223_372_035_981_320_729) <= 8)
        #expect(Fixed.exp(Fixed(raw: 92_288_378_627)) == nil)
        #expect(Fixed.exp(Fixed(22)) == nil)
        #expect(Fixed.exp(.max) == nil)
        // underflow: e^x rounds to 0 below ln(2^-33) ≈ −22.873
        #expect(Fixed.exp(Fixed(raw: -98_242_467_570))!.raw == 1)
        #expect(Fixed.exp(Fixed(raw: -98_242_467_571)) == .zero)
        #expect(Fixed.exp(Fixed(-30)) == .zero)
        #expect(Fixed.exp(.min) == .zero)
    }

    @Test func expOfLogRoundTrips() {
        var g = TestRNG(state: 77)
        for _ in 0..<2_000 {
            let x = Fixed(raw: g.raw(1 << 28, 1 << 40))          // 1/16 ... 256
            let y = Fixed.exp(x.log()!)!
            // log is within 2^-33 ⇒ e^(log x) within x · 2^-33 (+ half an ulp)
            #expect(abs(Double(y.raw - x.raw)) <= Double(x.raw) * 0x1p-33 + 1.5)
        }
    }

    // MARK: pow

    @Test func powSampled() {
        var g = TestRNG(state: 0x9047)
        for _ in 0..<20_000 {
            let x = Fixed(raw: g.raw(1 << 25, 100 << 32))         // (0.0078, 100]
            let y = Fixed(raw: g.raw(-(3 << 32), 3 << 32))
            let ref = Foundation.pow(Double(x.raw) / Self.two32, Double(y.raw) / Self.two32)
            guard ref < 2.1e9 else { continue }
            let got = Double(Fixed.pow(x, y)!.raw) / Self.two32
            if ref >= 1 {
                #expect(abs(got - ref) / ref <= 0x1p-28, "pow(\(x.raw), \(y.raw))")
            } else {
                #expect(abs(got - ref) <= 0x1p-30, "pow(\(x.raw), \(y.raw))")
            }
        }
    }

    @Test func powEdges() {
        #expect(Fixed.pow(.zero, Fixed(2)) == .zero)
        #expect(Fixed.pow(.zero, .zero) == .one)
        #expect(Fixed.pow(.zero, Fixed(-1)) == nil)
        #expect(Fixed.pow(Fixed(-2), Fixed(2)) == nil)
        #expect(Fixed.pow(Fixed(7, over: 3), .one) == Fixed(7, over: 3))
        #expect(Fixed.pow(Fixed(123), .zero) == .one)
        #expect(Fixed.pow(Fixed(2), Fixed(10)) == Fixed(1024))
        #expect(Fixed.pow(Fixed(4), .half) == Fixed(2))
        #expect(Fixed.pow(Fixed(2), Fixed(-1)) == .half)
        #expect(Fixed.pow(Fixed(2), Fixed(31)) == nil)
        #expect(Fixed.pow(Fixed(2), Fixed(-40)) == .zero)
        #expect(Fixed.pow(.max, .max) == nil)                     // y · ln x overflows Int128: reported, not trapped
        #expect(Fixed.pow(.ulp, .max) == .zero)
        #expect(Fixed.pow(.ulp, .min) == nil)
    }
}
