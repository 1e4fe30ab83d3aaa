import Foundation
import TaktFixed
import TaktKinematics

/// Loads the shipped robot files from `cells/robots/` of this checkout.
enum RobotFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ name: String) throws -> Robot {
        let url = root.appendingPathComponent("cells/robots/\(name).json")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try Robot.load(text: text, file: "cells/robots/\(name).json")
    }

    static let arms = ["ur5", "ur10", "fanuc-m20ia", "kr210", "puma560"]
}

/// SplitMix64: the one seeded generator for test inputs in this target, so every run draws the same samples.
struct SeededRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value uniformly in [lo, hi] in raw units.
    mutating func between(_ lo: Fixed, _ hi: Fixed) -> Fixed {
        let span = UInt64(bitPattern: hi.raw &- lo.raw)
        return Fixed(raw: lo.raw &+ Int64(bitPattern: next() % (span &+ 1)))
    }

    /// Random joint values within each joint's limits.
    mutating func joints(_ robot: Robot) -> [Fixed] { robot.joints.map { between($0.min, $0.max) } }

    /// A Double uniformly in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A Double uniformly in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// lo·(hi/lo)^u for uniform u, computed as a product of repeated square roots (no libm needed).
    mutating func logUniform(_ lo: Double, _ hi: Double) -> Double {
        var u = next(), root = hi / lo, result = lo
        for _ in 0..<40 {
            root = root.squareRoot()
            if u >> 63 == 1 { result *= root }
            u <<= 1
        }
        return result
    }

    /// An Int uniformly in `range` (modulo reduction).
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
}

extension Fixed {
    var double: Double { Double(raw) / 4294967296.0 }
}
