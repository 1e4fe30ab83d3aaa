import TaktFixed

/// A differential-drive AGV/AMR: two driven wheels on one axle.
///
/// Forward kinematics maps wheel speeds to the body twist: v = r(ωr + ωl)/2, ω = r(ωr − ωl)/b,
/// with wheel radius r, track width b, wheel speeds in turns/s converted to rad/s.
public struct DifferentialDriveModel: Sendable, Equatable {
    /// Wheel radius and track width, metres.
    public var wheelRadius: Fixed
    public var trackWidth: Fixed
    /// Limits of the body along its path.
    public var maxSpeed: Fixed
    public var maxAcceleration: Fixed
    public var maxJerk: Fixed?

    public init(wheelRadius: Fixed, trackWidth: Fixed, maxSpeed: Fixed, maxAcceleration: Fixed, maxJerk: Fixed?) {
        self.wheelRadius = wheelRadius; self.trackWidth = trackWidth
        self.maxSpeed = maxSpeed; self.maxAcceleration = maxAcceleration; self.maxJerk = maxJerk
    }

    /// Body speed (m/s) and yaw rate (turns/s) from wheel speeds (turns/s).
    public func twist(leftWheel: Fixed, rightWheel: Fixed) -> (speed: Fixed, yawRate: Fixed) {
        // a wheel turning 1 turn/s moves its contact point 2πr m/s
        let circumference = wheelRadius * Fixed.twoPi
        let vl = leftWheel * circumference, vr = rightWheel * circumference
        let v = (vl + vr) / 2
        // ω [rad/s] = (vr − vl)/b; in turns/s divide by 2π
        let yaw = (vr - vl) / (trackWidth * Fixed.twoPi)
        return (v, yaw)
    }

    /// Wheel speeds (turns/s) for a body speed (m/s) and yaw rate (turns/s).
    public func wheelSpeeds(speed: Fixed, yawRate: Fixed) -> (left: Fixed, right: Fixed) {
        let circumference = wheelRadius * Fixed.twoPi
        let half = (yawRate * Fixed.twoPi * trackWidth) / 2   // m/s difference to each side
        return ((speed - half) / circumference, (speed + half) / circumference)
    }
}

/// A one-dimensional conveyor from `start` to `end`: its single joint is the travel of a
/// point on the belt, metres from `start`.
public struct ConveyorModel: Sendable, Equatable {
    public var start: Vec3
    public var end: Vec3
    /// Belt length |end − start|, metres.
    public var length: Fixed { (end - start).length }

    public init(start: Vec3, end: Vec3) { self.start = start; self.end = end }

    /// Position of a belt point `travel` metres from the start (clamped to the belt).
    public func forward(_ q: [Fixed]) -> Pose {
        let len = length
        guard !len.isZero else { return Pose(rotation: .identity, position: start) }
        let t = Swift.min(Swift.max(q[0], .zero), len)
        let d = end - start
        let heading = Angle.atan2(d.y, d.x)
        let (s, c) = heading.sinCos
        return Pose(rotation: .aboutZ(sin: s, cos: c), position: start + d * (t / len))
    }
}
