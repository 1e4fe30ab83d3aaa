import TaktFixed

/// Kinematic limits of one axis, in the caller's unit: metres for prismatic axes, TURNS for
/// revolute joints (callers convert). Velocity is unit/s, acceleration unit/s², jerk unit/s³.
/// All must be positive; `jerk` is required by the S-curve profile and ignored by the trapezoid.
public struct MotionLimits: Sendable, Equatable {
    public var velocity: Fixed
    public var acceleration: Fixed
    public var jerk: Fixed?

    public init(velocity: Fixed, acceleration: Fixed, jerk: Fixed? = nil) {
        self.velocity = velocity
        self.acceleration = acceleration
        self.jerk = jerk
    }

    /// Throws when a limit is not positive, or when `kind` needs a jerk limit that is missing.
    public func validate(for kind: ProfileKind) throws(ProfileError) {
        guard velocity.raw > 0 else { throw .nonPositiveLimit(name: "velocity", value: velocity) }
        guard acceleration.raw > 0 else { throw .nonPositiveLimit(name: "acceleration", value: acceleration) }
        if let jerk, jerk.raw <= 0 { throw .nonPositiveLimit(name: "jerk", value: jerk) }
        if kind == .sCurve && jerk == nil { throw .missingJerkLimit }
    }
}

/// The shape of a rest-to-rest move.
public enum ProfileKind: String, Sendable, Equatable, CaseIterable {
    /// Piecewise-constant acceleration (bang–coast–bang): 3 phases, acceleration jumps.
    case trapezoidal
    /// Jerk-limited, piecewise-constant jerk: 7 phases, continuous acceleration.
    case sCurve
}

/// Why a motion profile could not be planned. Descriptions are one-line, user-facing.
public indirect enum ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A velocity, acceleration or jerk limit that is zero or negative.
    case nonPositiveLimit(name: String, value: Fixed)
    /// An S-curve was requested but the limits have no jerk.
    case missingJerkLimit
    /// The tick length must be at least 1 ns.
    case nonPositiveTick(nanoseconds: Int64)
    /// The distance is `Fixed.min`, whose magnitude is not representable.
    case distanceOutOfRange(Fixed)
    /// The move would take longer than the fixed-point time range (about 2^31 s) can hold.
    case durationOverflow(distance: Fixed)
    /// Start, target and limits of a synchronised move have different lengths.
    case axisCountMismatch(start: Int, target: Int, limits: Int)
    /// `target - start` of an axis does not fit in the fixed-point range.
    case displacementOverflow(axis: Int)
    /// An error about one axis of a synchronised move.
    case axis(Int, ProfileError)

    public var description: String {
        switch self {
        case let .nonPositiveLimit(name, value):
            "the \(name) limit must be positive, got \(value)"
        case .missingJerkLimit:
            "an S-curve profile needs a jerk limit; give one or use a trapezoidal profile"
        case let .nonPositiveTick(ns):
            "the tick length must be at least 1 ns, got \(ns) ns"
        case let .distanceOutOfRange(d):
            "the move distance \(d) is outside the fixed-point range"
        case let .durationOverflow(d):
            "a move of \(d) under these limits would last longer than the representable ~2^31 s; raise the limits or shorten the move"
        case let .axisCountMismatch(s, t, l):
            "a synchronised move needs as many start positions, targets and limits as axes (got \(s), \(t) and \(l))"
        case let .displacementOverflow(axis):
            "axis \(axis): target minus start leaves the fixed-point range ±2147483648"
        case let .axis(index, error):
            "axis \(index): \(error)"
        }
    }
}
