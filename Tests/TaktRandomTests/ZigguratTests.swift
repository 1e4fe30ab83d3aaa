import Foundation
import Testing
import TaktFixed
@testable import TaktRandom

/// The exponential ziggurat (`Distribution.standardExponential`): its generated tables satisfy the
/// equations that define them (checked here in Double, independently of the mpmath generator), and its
/// samples follow e^−x, the tail beyond r and the slow paths included.
///
/// Statistical bounds, as in DistributionTests: deterministic seeds, and each check allows 5 standard
/// errors (or, for χ², 5 standard deviations above its mean), which a correct sampler passes with
/// probability above 1 − 1e-6 for any seed. The quick test (2·10⁶ samples) fails, tried by hand, when
/// the wedge test always accepts (χ² = 809 against a bound of 540, variance z = 13.4) or always rejects
/// (χ² = 850, z = −13.8), when the wedge's height is drawn over half the strip (variance z = 5.4), and
/// when the tail is returned as r without the added exponential (excess z ≈ −30). The release test
/// (10⁸ samples, TAKT_LONG) has 50 times the χ² power.
@Suite struct ZigguratTests {
    static let two32 = 4_294_967_296.0
    static let two56 = 72_057_594_037_927_936.0
    static let two63 = 9_223_372_036_854_775_808.0
    static let r = Double(ZigguratTables.tailStartRaw) / two32

    static func x(_ i: Int) -> Double { i == 256 ? 0 : Double(ZigguratTables.strips[2 * i]) / two56 }
    static func f(_ i: Int) -> Double { Double(ZigguratTables.density[i]) / two63 }

    @Test("the tables: 256 strips of equal area under e^-x, the base strip standing for the tail")
    func tablesDefineTheZiggurat() {
        #expect(abs(Self.r - 7.697_117_470_131_05) < 1e-9)                       // Marsaglia & Tsang's r for 256 strips
        #expect(ZigguratTables.strips.count == 512 && ZigguratTables.density.count == 257)
        let r = Self.x(1)                                                        // r in Q56 (tailStartRaw is Q32)
        #expect(abs(r - Self.r) <= 1 / (2 * Self.two32))
        let v = r * exp(-r) + exp(-r)                                            // the area of each strip
        #expect(abs(Self.x(0) * exp(-r) - v) < 1e-15)                           // the base strip as a rectangle
        for i in 0...256 {
            #expect(abs(Self.f(i) - exp(-Self.x(i))) < 1e-15, "f(x_\(i))")
        }
        for i in 1..<256 {
            let area = Self.x(i) * (Self.f(i + 1) - Self.f(i))
            #expect(abs(area - v) < 1e-15, "strip \(i): area \(area) vs \(v)")
        }
        for i in 0..<256 {
            let k = Double(ZigguratTables.strips[2 * i + 1])
            #expect(Self.x(i) > Self.x(i + 1))
            #expect(abs(k / Self.two56 - Self.x(i + 1) / Self.x(i)) < 1e-15, "K_\(i)")
        }
        #expect(ZigguratTables.density[256] == 1 << 63)
    }

    /// χ² over `bins` cells of equal probability under Exp(1), the last one being the tail beyond its
    /// start; plus mean, variance, the share beyond r, and the share of samples that took one draw.
    static func check(samples n: Int, bins: Int, seed: UInt64) {
        var stream = RandomStream(seed: seed, key: "ziggurat")
        var counts = [Int](repeating: 0, count: bins)
        var sum = 0.0, sumSq = 0.0, beyondR = 0, beyondRExcess = 0.0, oneDraw = 0
        for _ in 0..<n {
            var probe = stream
            _ = probe.next()
            let e = Distribution.standardExponential(&stream)
            if stream == probe { oneDraw += 1 }
            #expect(e.raw >= 0)
            let x = Double(e.raw) / two32
            sum += x; sumSq += x * x
            if x >= r { beyondR += 1; beyondRExcess += x - r }
            counts[min(bins - 1, Int(Double(bins) * -expm1(-x)))] += 1
        }
        let expected = Double(n) / Double(bins)
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        let df = Double(bins - 1)
        #expect(chi2 < df + 5 * (2 * df).squareRoot(), "χ² = \(chi2) over \(bins - 1) degrees of freedom")
        let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
        let zMean = (mean - 1) / (1 / Double(n)).squareRoot()                    // σ² = 1
        let zVar = (variance - 1) / (8 / Double(n)).squareRoot()                 // μ₄ − σ⁴ = 9 − 1
        #expect(abs(zMean) <= 5, "mean \(mean), z = \(zMean)")
        #expect(abs(zVar) <= 5, "variance \(variance), z = \(zVar)")
        // the tail: P(X ≥ r) = e^−r ≈ 4.5e-4, a binomial count
        let p = exp(-r), zTail = (Double(beyondR) - Double(n) * p) / (Double(n) * p * (1 - p)).squareRoot()
        #expect(abs(zTail) <= 5, "beyond r: \(beyondR) of \(n), z = \(zTail)")
        // ...and has no memory: X − r given X ≥ r is again Exp(1), mean 1 and σ 1
        let zExcess = (beyondRExcess / Double(max(beyondR, 1)) - 1) * Double(beyondR).squareRoot()
        #expect(abs(zExcess) <= 5, "mean excess beyond r: \(beyondRExcess / Double(max(beyondR, 1))), z = \(zExcess)")
        // the documented fast path: one draw in 97.8 % of samples (the fast test's share, 0.97778)
        let share = Double(oneDraw) / Double(n), zShare = (share - 0.977_78) / (0.977_78 * 0.022_22 / Double(n)).squareRoot()
        #expect(abs(zShare) <= 5, "one draw in \(share) of samples, z = \(zShare)")
        print("ziggurat, \(n) samples: χ² = \(chi2) (df \(bins - 1)), z(mean) = \(zMean), z(var) = \(zVar), beyond r z = \(zTail), excess z = \(zExcess), one draw \(share)")
    }

    @Test("samples follow e^-x: χ² over 400 equal cells, moments, the tail and its excess, the fast path's share")
    func samplesFollowTheExponential() {
        Self.check(samples: 2_000_000, bins: 400, seed: 11)
    }

    @Test("the same over 10^8 samples and 10^4 cells (TAKT_LONG, release)",
          .enabled(if: ProcessInfo.processInfo.environment["TAKT_LONG"] != nil))
    func samplesFollowTheExponentialLong() {
        Self.check(samples: 100_000_000, bins: 10_000, seed: 12)
    }

    @Test("scaled, not redrawn: exponential(mean m) is m times the standard sample, draw for draw")
    func meanScalesTheStandardSample() {
        var a = RandomStream(seed: 3, key: "scale"), b = a
        for _ in 0..<5_000 {
            let e = Distribution.standardExponential(&a)
            let m = Distribution.exponential(mean: Fixed(7, over: 2)).sample(&b)
            #expect(abs(m.raw - e.raw * 7 / 2) <= 1)                             // up to the product's rounding
        }
        #expect(a == b)
    }
}
