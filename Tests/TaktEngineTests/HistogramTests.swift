import Testing
import TaktEngine

@Suite struct HistogramTests {
    /// Buckets tile 0 ... Int64.max without gaps, and every bucket's ends map back to it.
    @Test func bucketsTileTheRange() {
        var next: Int64 = 0
        for i in 0..<Histogram.bucketCount {
            let (lower, width) = Histogram.bucketBounds(i)
            #expect(lower == next, "bucket \(i)")
            #expect(Histogram.bucketIndex(of: lower) == i && Histogram.bucketIndex(of: lower + (width - 1)) == i)
            // Width ≤ lower / 128: the relative-error bound.
            #expect(width == 1 || width * 128 <= lower)
            next = lower &+ width
        }
        #expect(next == Int64.min)                                     // wrapped: the last bucket ends at Int64.max
        #expect(Histogram.bucketIndex(of: .max) == Histogram.bucketCount - 1)
        #expect(Histogram.bucketIndex(of: -5) == 0)
    }

    @Test func smallValuesAreExact() {
        var h = Histogram()
        #expect(h.quantile(numerator: 1, denominator: 2) == nil)
        for v in [Int64(7), 3, 255, 100, 42] { h.record(v) }
        // sorted 3 7 42 100 255
        #expect(h.quantile(numerator: 0, denominator: 1) == 3)        // k = max(1, 0)
        #expect(h.quantile(numerator: 1, denominator: 5) == 3)        // k = 1
        #expect(h.quantile(numerator: 21, denominator: 100) == 7)     // k = ⌈1.05⌉ = 2
        #expect(h.quantile(numerator: 1, denominator: 2) == 42)       // k = 3
        #expect(h.quantile(numerator: 19, denominator: 20) == 255)    // k = 5
        #expect(h.count == 5 && h.min == 3 && h.max == 255)
    }

    @Test func representativeIsTheClampedMidpoint() {
        var h = Histogram()
        h.record(1000)                                                 // bucket [1000, 1004)
        #expect(Histogram.bucketBounds(Histogram.bucketIndex(of: 1000)) == (1000, 4))
        #expect(Histogram.representative(Histogram.bucketIndex(of: 1000)) == 1002)
        #expect(h.quantile(numerator: 1, denominator: 2) == 1000)     // k = 1 = n: exact
        h.record(1001)
        h.record(1003)
        #expect(h.quantile(numerator: 1, denominator: 2) == 1002)     // k = 2: the midpoint lower + 4/2
        #expect(h.quantile(numerator: 1, denominator: 3) == 1000)     // k = 1: exact minimum
        #expect(h.quantile(numerator: 1, denominator: 1) == 1003)     // k = n: exact maximum
        var clamped = Histogram()
        for v in [Int64(1000), 1000, 1000] { clamped.record(v) }
        #expect(clamped.quantile(numerator: 1, denominator: 2) == 1000) // 1002 clamped to the maximum
        h.record(-3)                                                   // counts as 0
        #expect(h.min == 0 && h.quantile(numerator: 1, denominator: 4) == 0)
    }

    /// Against an exact sort of seeded data spanning 1 … 2^40: |reported − exact| ≤ exact / 256.
    @Test func quantilesWithinTheDocumentedError() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {                                        // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var h = Histogram()
        var values: [Int64] = []
        for _ in 0..<20_000 {
            let r = next()
            let v = Int64(r >> (24 + r % 40))                          // log-spread magnitudes
            values.append(v)
            h.record(v)
        }
        values.sort()
        let n = Int64(values.count)
        for (num, den) in [(Int64(1), Int64(1000)), (1, 100), (1, 4), (1, 2), (3, 4), (9, 10), (19, 20), (99, 100), (999, 1000), (1, 1)] {
            let k = max(1, (num * n + den - 1) / den)
            let exact = values[Int(k - 1)]
            let reported = h.quantile(numerator: num, denominator: den)!
            #expect(abs(reported - exact) * 256 <= exact, "q = \(num)/\(den): \(reported) vs \(exact)")
            if exact < 256 { #expect(reported == exact) }
        }
    }
}
