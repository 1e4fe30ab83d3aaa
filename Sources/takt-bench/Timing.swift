import TaktLine
import Foundation

/// Wall-clock timing with a monotonic clock; results are medians of repeated runs.
enum Timing {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Runs `body` `repeats` times and returns the median duration in seconds.
    static func median(repeats: Int, _ body: () -> Void) -> Double {
        quartiles(repeats: repeats, body).median
    }

    /// Runs `body` `repeats` times: the median duration in seconds and the quartiles around it
    /// (on a shared machine, a wide spread says the run was disturbed, not the code slower).
    static func quartiles(repeats: Int, _ body: () -> Void) -> Quartiles {
        var samples: [Double] = []
        for _ in 0..<max(repeats, 1) {
            let t0 = now()
            body()
            samples.append(Double(now() - t0) / 1e9)
        }
        samples.sort()
        let n = samples.count
        return Quartiles(low: samples[n / 4], median: samples[n / 2], high: samples[(3 * n) / 4])
    }

    struct Quartiles {
        var low: Double
        var median: Double
        var high: Double

        /// "quartiles 54.9–56.3 ms".
        var text: String { String(format: "quartiles %.1f–%.1f ms", low * 1000, high * 1000) }
    }
}

/// Keeps the optimiser from discarding a result: the call is compiled without optimisation.
@_optimize(none) @inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
func rate(_ perSecond: Double) -> String { String(format: "%.2f M/s", perSecond / 1e6) }

/// Hides a value's origin from the optimiser, so a benchmark cannot be folded at compile time.
@_optimize(none) @inline(never) func opaque<T>(_ x: T) -> T { x }

/// Robot models for a line file, found as `takt run` finds them.
func benchRobots(forLine file: String) -> RobotLibrary {
    .directories(RobotLibrary.searchPath(forLine: file),
                 read: { p in try? String(contentsOfFile: p, encoding: .utf8) },
                 list: { d in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] })
}
