import TaktFixed

/// One inverse-kinematics solution: joint positions (turns or metres) and what is notable about it.
public struct IKSolution: Sendable, Equatable {
    /// Joint positions, each moved by whole turns to the representative nearest the
    /// reference joints that lies within the joint's limits (when one exists).
    public var joints: [Fixed]
    /// All joints lie within their limits.
    public var withinLimits: Bool
    /// The pose is at (or within 1e-6 of) a singularity; a free joint was held at its reference value.
    public var singular: Bool
    /// A name for the branch, e.g. "shoulder A, elbow up, wrist flip".
    public var branch: String
}

/// Why a pose has no inverse-kinematics solution.
public enum IKFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The position cannot be reached by the arm's geometry.
    case unreachable(String)
    /// Solutions exist, but each needs a joint beyond its limits.
    case outsideJointLimits(String)
    /// The robot type or DH layout has no analytic solver.
    case unsupported(String)

    public var description: String {
        switch self {
        case .unreachable(let why): "unreachable pose: \(why)"
        case .outsideJointLimits(let why): "pose needs joints beyond their limits: \(why)"
        case .unsupported(let why): "no inverse kinematics: \(why)"
        }
    }
}

/// Picks, among solutions within limits, the one nearest `reference` (sum of squared
/// joint differences, ties to the earlier branch, so the choice is deterministic).
public func nearestSolution(_ solutions: [IKSolution], to reference: [Fixed]) -> IKSolution? {
    var best: IKSolution?
    var bestCost: UInt128 = .max
    for s in solutions where s.withinLimits {
        var cost: UInt128 = 0
        for i in s.joints.indices {
            let d = (s.joints[i] - reference[i]).raw.magnitude
            cost += UInt128(d) * UInt128(d)
        }
        if cost < bestCost { best = s; bestCost = cost }
    }
    return best
}

/// Moves a revolute joint value by whole turns to the representative nearest `reference`
/// that lies within [min, max]; nil when no representative is within limits.
func representative(_ angle: Angle, near reference: Fixed, spec: JointSpec) -> Fixed? {
    let phase = angle.wrappedUnsigned.raw  // [0, 1 turn)
    let turn = Angle.unitsPerTurn
    // candidate k·turn + phase nearest to the reference
    let k0 = (reference.raw - phase + turn / 2) >> 32
    var best: Int64?
    for k in [k0, k0 - 1, k0 + 1, k0 - 2, k0 + 2] {
        let c = k &* turn &+ phase
        guard c >= spec.min.raw && c <= spec.max.raw else { continue }
        if best == nil || (c - reference.raw).magnitude < (best! - reference.raw).magnitude { best = c }
    }
    if let best { return Fixed(raw: best) }
    // Far-away limits: the lowest representative above min.
    var c = phase + ((spec.min.raw - phase + turn - 1) >> 32) * turn
    if c < spec.min.raw { c += turn }
    return c <= spec.max.raw ? Fixed(raw: c) : nil
}
