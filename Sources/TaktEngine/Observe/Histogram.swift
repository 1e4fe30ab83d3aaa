/// A bounded-memory log-linear histogram of non-negative `Int64` values (durations in ticks).
///
/// Buckets (2^7 = 128 sub-buckets per power of two):
/// - values 0 ... 255 each have their own bucket (exact);
/// - a value v ≥ 128 with e = ⌊log2 v⌋ and g = e − 7 falls in the bucket
///   `[(v >> g) << g, ((v >> g) + 1) << g)`, of width 2^g; its index is `128·(g + 1) + (v >> g) − 128`.
///
/// 7 296 buckets cover all of 0 ... Int64.max (57 KiB of counts, allocated once in `init`);
/// `record` never allocates. Negative values are recorded as 0.
///
/// Quantile rule (`quantile(numerator:denominator:)`, q = numerator/denominator in (0, 1]):
/// let n be the number of values and k = max(1, ⌈q·n⌉) (exact integer arithmetic). k = 1 gives the
/// exact minimum and k = n the exact maximum; otherwise the result is the REPRESENTATIVE of the
/// bucket holding the k-th smallest value: `lower + ⌊width/2⌋` (the midpoint, rounded up; `lower`
/// itself for width-1 buckets), clamped into [min, max] (clamping never moves it away from the
/// true k-th value).
///
/// Error bound: the k-th value v and the representative lie in the same bucket, so
/// |representative − v| ≤ width/2 = 2^(g−1) ≤ v/256: relative error ≤ 1/256 ≈ 0.39 % (< 1 %),
/// and exact for v < 256.
public struct Histogram: Sendable, Equatable {
    /// Sub-buckets per power of two: 2^subBucketBits.
    public static let subBucketBits = 7
    public static let subBuckets = 1 << subBucketBits
    /// 128 unit buckets below 128, then one group of 128 for each exponent 7 ... 62.
    public static let bucketCount = subBuckets * (63 - subBucketBits + 1)

    /// Count per bucket.
    public private(set) var counts: [Int64]
    /// Number of values recorded.
    public private(set) var count: Int64 = 0
    /// Smallest and largest value recorded (0 when empty).
    public private(set) var min: Int64 = 0
    public private(set) var max: Int64 = 0

    public init() {
        counts = Array(repeating: 0, count: Histogram.bucketCount)
    }

    /// The index of the bucket holding `value` (negative values count as 0).
    @inlinable
    public static func bucketIndex(of value: Int64) -> Int {
        let v = value < 0 ? 0 : value
        if v < Int64(subBuckets) { return Int(v) }
        let e = 63 - v.leadingZeroBitCount                      // ⌊log2 v⌋ ≥ 7
        let g = e - subBucketBits
        return subBuckets * (g + 1) + Int(v >> g) - subBuckets
    }

    /// The smallest value of bucket `index` and its width (values lower ..< lower + width).
    public static func bucketBounds(_ index: Int) -> (lower: Int64, width: Int64) {
        precondition(index >= 0 && index < bucketCount, "histogram bucket \(index) out of range")
        if index < subBuckets { return (Int64(index), 1) }
        let g = index / subBuckets - 1
        let sub = Int64(index % subBuckets)
        return ((Int64(subBuckets) + sub) << g, Int64(1) << g)
    }

    /// The value reported for bucket `index` before clamping: `lower + ⌊width/2⌋`.
    public static func representative(_ index: Int) -> Int64 {
        let (lower, width) = bucketBounds(index)
        return lower + width / 2
    }

    /// Adds one value. Never allocates.
    public mutating func record(_ value: Int64) {
        let v = value < 0 ? 0 : value
        let i = Histogram.bucketIndex(of: v)      // in 0 ..< bucketCount for every Int64
        counts.withUnsafeMutableBufferPointer { $0[i] &+= 1 }
        if count == 0 {
            min = v; max = v
        } else {
            if v < min { min = v }
            if v > max { max = v }
        }
        count += 1
    }

    /// The q-quantile (q = numerator/denominator, 0 ≤ q ≤ 1) by the rule in the type's documentation;
    /// nil when no value was recorded.
    public func quantile(numerator: Int64, denominator: Int64) -> Int64? {
        precondition(denominator > 0 && numerator >= 0 && numerator <= denominator, "quantile \(numerator)/\(denominator) is not in [0, 1]")
        guard count > 0 else { return nil }
        let product = Int128(numerator) * Int128(count)
        let k = Int64((product + Int128(denominator) - 1) / Int128(denominator))     // ⌈q·n⌉
        if k <= 1 { return min }
        if k >= count { return max }
        var cumulative: Int64 = 0
        for index in counts.indices {
            cumulative += counts[index]
            if cumulative >= k {
                let r = Histogram.representative(index)
                return r < min ? min : (r > max ? max : r)
            }
        }
        return max                                               // unreachable: cumulative reaches count
    }
}
