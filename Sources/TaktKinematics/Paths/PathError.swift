import TaktFixed

/// Why a Cartesian move or a vehicle path could not be planned. Descriptions are one line and
/// user-facing; indices in them count from 1 (the stored indices count from 0).
public enum PathError: Error, Sendable, Equatable, CustomStringConvertible {
    // MARK: Cartesian moves

    /// The robot type has no pose inverse kinematics (AGVs, conveyors).
    case noPoseKinematics(robot: String, type: String)
    /// The start joints are unusable (wrong count or beyond limits).
    case invalidStart(String)
    /// At tick `tick` of `ticks` (path fraction `progress` ∈ [0, 1]) the pose has no IK solution within limits.
    case leavesWorkspace(tick: Int64, ticks: Int64, progress: Fixed, reason: String)
    /// Between ticks `tick − 1` and `tick`, joint `joint` (0-based) would have to move at `speed`
    /// (turns/s or m/s) while its limit is `limit`.
    case jointTooFast(joint: Int, name: String, revolute: Bool, tick: Int64, ticks: Int64, progress: Fixed,
                      speed: Fixed, limit: Fixed)
    /// The move lasts more ticks than a Cartesian move stores.
    case tooManyTicks(Int64, limit: Int64)
    /// The timing profile could not be planned (bad limits, tick or overflow).
    case profile(ProfileError)

    // MARK: Vehicle paths

    /// A path needs at least one segment.
    case emptyPath
    /// Segment `index` (0-based) has zero length, a non-positive radius or no sweep.
    case degenerateSegment(index: Int, reason: String)
    /// Segment `segment` (0-based) starts `gap` metres away from where the previous one ends.
    case gap(segment: Int, distance: Fixed)
    /// Segment `segment` (0-based) starts with a heading `turn` away from the previous one's end heading.
    case kink(segment: Int, turn: Angle)
    /// The total length leaves the fixed-point range.
    case pathTooLong
    /// A path speed limit that is zero or negative.
    case nonPositiveSpeedLimit(Fixed)

    public var description: String {
        switch self {
        case let .noPoseKinematics(robot, type):
            return "\(robot) (\(type)) has no pose inverse kinematics; a Cartesian move needs an arm6, scara or gantry"
        case let .invalidStart(why):
            return "invalid start joints: \(why)"
        case let .leavesWorkspace(tick, ticks, progress, reason):
            return "the straight line leaves the workspace at \(Self.percent(progress)) of the path (tick \(tick) of \(ticks)): \(reason)"
        case let .jointTooFast(joint, name, revolute, tick, ticks, progress, speed, limit):
            let unit = revolute ? "°/s" : " m/s"
            let v = revolute ? speed * 360 : speed, l = revolute ? limit * 360 : limit
            return "joint \(joint + 1) (\(name)) would have to move at \(v.formatted(decimals: 3))\(unit), beyond its limit of \(l.formatted(decimals: 3))\(unit), at \(Self.percent(progress)) of the path (tick \(tick) of \(ticks)): the line passes through or near a singularity, or the Cartesian speed is too high there"
        case let .tooManyTicks(n, limit):
            return "the move lasts \(n) ticks; a Cartesian move stores at most \(limit): use a longer tick or a shorter move"
        case let .profile(error):
            return "cannot time the move: \(error)"
        case .emptyPath:
            return "a vehicle path needs at least one segment"
        case let .degenerateSegment(index, reason):
            return "segment \(index + 1) is degenerate: \(reason)"
        case let .gap(segment, distance):
            return "segment \(segment + 1) starts \(distance.formatted(decimals: 6)) m from the end of segment \(segment) (more than 1 µm)"
        case let .kink(segment, turn):
            return "segment \(segment + 1) starts with a heading \(turn.degrees.formatted(decimals: 3))° off the end of segment \(segment); the path must be tangent-continuous"
        case .pathTooLong:
            return "the path length leaves the fixed-point range ±2147483648 m"
        case let .nonPositiveSpeedLimit(v):
            return "the path speed limit must be positive, got \(v) m/s"
        }
    }

    /// A fraction in [0, 1] as a percentage with one decimal.
    static func percent(_ f: Fixed) -> String { "\((f * 100).formatted(decimals: 1))%" }
}
