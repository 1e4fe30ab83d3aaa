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

/// SplitMix64 for seeded test inputs.
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
}

extension Fixed {
    var double: Double { Double(raw) / 4294967296.0 }
}
