import TaktFixed

/// One joint of a robot: its kind, travel limits and motion limits.
///
/// Units: revolute joints in **turns** (so a position's raw value is its `Angle` raw
/// value, 2^32 per turn), prismatic joints in metres; speeds per second, accelerations
/// per second², jerk per second³ in the same unit.
public struct JointSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case revolute, prismatic }

    public var name: String
    public var kind: Kind
    /// Lowest and highest position (turns or metres).
    public var min: Fixed
    public var max: Fixed
    public var maxSpeed: Fixed
    public var maxAcceleration: Fixed
    public var maxJerk: Fixed

    public init(name: String, kind: Kind, min: Fixed, max: Fixed, maxSpeed: Fixed, maxAcceleration: Fixed, maxJerk: Fixed) {
        self.name = name; self.kind = kind; self.min = min; self.max = max
        self.maxSpeed = maxSpeed; self.maxAcceleration = maxAcceleration; self.maxJerk = maxJerk
    }

    @inlinable public func contains(_ q: Fixed) -> Bool { q >= min && q <= max }
}
