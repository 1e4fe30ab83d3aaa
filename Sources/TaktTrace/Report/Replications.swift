import TaktEngine
import TaktFixed
import TaktRandom

/// Independent replications of one run: each KPI's mean, standard deviation and 95 % confidence
/// interval (Student t with n − 1 degrees of freedom) over the replications.
///
/// Replication k (0, 1, …) runs with `seed(base:replication:)`, which depends only on the base
/// seed and k, so the replications of two parameter values share their random streams (common
/// random numbers): differences between them are not noise from reseeding.
///
/// The runs themselves are integer and fixed point; the statistics over them are presentation,
/// computed in `Double` in a fixed order and printed with fixed decimals, so they are the same
/// bytes on every machine.
public struct ReplicationSummary: Sendable {
    public struct Statistic: Sendable, Equatable {
        public var name: String
        /// Replications where the KPI is defined (e.g. a lead time needs a completed unit).
        public var n: Int
        public var mean: Double
        public var sd: Double
        public var low: Double
        public var high: Double
        /// Decimals to print with.
        public var decimals: Int
    }

    public var line: String
    public var baseSeed: UInt64
    public var seeds: [UInt64]
    public var windowSeconds: Fixed
    public var statistics: [Statistic]

    /// The seed of replication `k`: SplitMix64 of the base seed and k, so replication 0 is not the
    /// plain `--seed` run and every replication's seed is fixed by (base, k) alone.
    public static func seed(base: UInt64, replication k: Int) -> UInt64 {
        var g = SplitMix64(state: base ^ (0x5EED_0000_0000_0000 &+ UInt64(k)))
        return g.next()
    }

    /// The KPIs summarised, with how each is read from a run and its decimals.
    static let kpis: [(name: String, decimals: Int, value: @Sendable (LineSummary) -> Fixed?)] = [
        ("completed", 3, { Fixed(Int($0.completed)) }),
        ("throughput_per_h", 3, { $0.throughputPerHour }),
        ("lead_time_mean_s", 3, { $0.leadTime.meanSeconds }),
        ("lead_time_p50_s", 3, { $0.leadTime.p50Seconds }),
        ("lead_time_p95_s", 3, { $0.leadTime.p95Seconds }),
        ("wip_mean", 6, { $0.wipMean }),
        ("fpy", 6, { $0.firstPassYield }),
    ]

    public init(runs: [LineSummary], baseSeed: UInt64) {
        line = runs.first?.line ?? ""
        self.baseSeed = baseSeed
        seeds = runs.map(\.seed)
        windowSeconds = runs.first?.windowSeconds ?? .zero
        statistics = Self.kpis.map { kpi in
            let xs = runs.compactMap { kpi.value($0) }.map { Double($0.raw) / 4_294_967_296 }
            return Self.statistic(kpi.name, xs, decimals: kpi.decimals)
        }
    }

    public static func statistic(_ name: String, _ xs: [Double], decimals: Int) -> Statistic {
        let n = xs.count
        guard n > 0 else { return Statistic(name: name, n: 0, mean: .nan, sd: .nan, low: .nan, high: .nan, decimals: decimals) }
        var sum = 0.0
        for x in xs { sum += x }
        let mean = sum / Double(n)
        var ss = 0.0
        for x in xs { ss += (x - mean) * (x - mean) }
        let sd = n > 1 ? (ss / Double(n - 1)).squareRoot() : .nan
        let half = n > 1 ? studentT975(degreesOfFreedom: n - 1) * sd / Double(n).squareRoot() : .nan
        return Statistic(name: name, n: n, mean: mean, sd: sd, low: mean - half, high: mean + half, decimals: decimals)
    }

    /// The 0.975 quantile of Student's t with `v` degrees of freedom: tabulated to 3 decimals up to
    /// 30, beyond by the Cornish–Fisher expansion about the normal quantile (error < 1e-5 there).
    public static func studentT975(degreesOfFreedom v: Int) -> Double {
        let table: [Double] = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
                               2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
                               2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272]
        precondition(v >= 1, "Student t needs at least one degree of freedom")
        if v <= table.count { return table[v - 1] }
        let z = 1.959963984540054, n = Double(v)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n)
    }
}

extension ReplicationSummary {
    public static func number(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "" }
        // Fixed decimals without Foundation: round half away from zero at `decimals` places.
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard r < 9e15 else { return String(x) }
        let digits = String(Int64(r))
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -decimals)
        let text = decimals == 0 ? padded : padded[..<cut] + "." + padded[cut...]
        return (x < 0 && r != 0 ? "-" : "") + text
    }

    /// TSV: line, seed, replications, then mean, sd and the interval's ends of each KPI.
    public static var tsvColumns: [String] {
        ["line", "seed", "replications", "duration_s"] + kpis.flatMap { ["\($0.name)_mean", "\($0.name)_sd", "\($0.name)_ci95_low", "\($0.name)_ci95_high"] }
    }

    public func tsv(noHeader: Bool) -> String {
        var fields = [line, String(baseSeed), String(seeds.count), windowSeconds.formatted(decimals: 3)]
        for s in statistics { fields += [s.mean, s.sd, s.low, s.high].map { Self.number($0, s.decimals) } }
        return (noHeader ? "" : Self.tsvColumns.joined(separator: "\t") + "\n") + fields.joined(separator: "\t") + "\n"
    }

    /// One JSON object, keys in a fixed order, one KPI per line.
    public func json() -> String {
        var out = "{\n  \"line\": \(JSONText.quoted(line)),\n  \"seed\": \(baseSeed),\n  \"replications\": \(seeds.count),\n"
        out += "  \"seeds\": [" + seeds.map(String.init).joined(separator: ", ") + "],\n"
        out += "  \"duration_s\": \(windowSeconds.formatted(decimals: 3)),\n  \"kpis\": {\n"
        for (i, s) in statistics.enumerated() {
            func v(_ x: Double) -> String { x.isFinite ? Self.number(x, s.decimals) : "null" }
            out += "    \"\(s.name)\": {\"n\": \(s.n), \"mean\": \(v(s.mean)), \"sd\": \(v(s.sd)), \"ci95\": [\(v(s.low)), \(v(s.high))]}"
            out += i < statistics.count - 1 ? ",\n" : "\n"
        }
        return out + "  }\n}\n"
    }

    public func text() -> String {
        var out = "line              \(line)\nreplications      \(seeds.count) (seeds derived from \(baseSeed))\nwindow            \(windowSeconds.formatted(decimals: 3)) s each\n\n"
        let rows = [["kpi", "n", "mean", "sd", "95% CI"]] + statistics.map { s in
            [s.name, String(s.n), Self.number(s.mean, s.decimals), Self.number(s.sd, s.decimals),
             s.n > 1 ? "\(Self.number(s.low, s.decimals)) … \(Self.number(s.high, s.decimals))" : "-"]
        }
        var widths = [Int](repeating: 0, count: 5)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        for r in rows {
            out += r.enumerated().map { i, c in
                i == 0 ? c + String(repeating: " ", count: widths[i] - c.count) : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ") + "\n"
        }
        return out
    }
}
