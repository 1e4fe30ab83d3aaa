import TaktEngine
import TaktFixed
import TaktKinematics

/// Where every robot and vehicle of a line is at any tick, from the motions its program steps
/// were planned with: what `--sample` writes to a trace. Built by the line compiler beside the
/// model (the engine knows only a step's duration).
public struct CellMotions: Sendable {
    /// A robot (joints: degrees for revolute joints, metres for prismatic ones) or a vehicle
    /// (x, y in metres and heading in degrees), with where it starts.
    public struct Actor: Sendable {
        public var name: String
        public var start: [Fixed]
    }

    /// How a timed step moves its actor.
    public enum Motion: Sendable {
        /// A joint move; `revolute` says which joints to show in degrees.
        case joint(SyncedMove, revolute: [Bool])
        /// A straight tool path, joints planned per tick.
        case cartesian(CartesianMove, revolute: [Bool])
        /// One leg of a trip: the trip's profile along its polyline `points` (cumulative lengths
        /// `offsets`), this leg starting `startTick` ticks into it.
        case leg(MotionProfile, startTick: Int64, points: [Vec3], offsets: [Fixed])
    }

    /// Robots and vehicles, sorted by name.
    public var actors: [Actor] = []
    /// Per step (index of `LineModel.steps`): its actor's index in `actors` (−1 for steps that
    /// move nothing) and its motion (nil: the actor stays where it is).
    public var stepActor: [Int] = []
    public var stepMotion: [Motion?] = []
    /// Per step: where its actor is when it ends (see `Actor`).
    public var stepEnd: [[Fixed]] = []

    public init() {}

    public var isEmpty: Bool { actors.isEmpty }

    /// Where the actor of `step` is `elapsed` ticks after the step began.
    public func position(step: Int, elapsed: Int64) -> [Fixed] {
        switch stepMotion[step] {
        case .none:
            return stepEnd[step]
        case .joint(let m, let revolute)?:
            var q = [Fixed](repeating: .zero, count: m.axisCount)
            m.positions(atTick: elapsed, into: &q)
            return zip(q, revolute).map { $1 ? $0 * 360 : $0 }
        case .cartesian(let m, let revolute)?:
            return zip(m.joints(atTick: elapsed), revolute).map { $1 ? $0 * 360 : $0 }
        case .leg(let profile, let start, let points, let offsets)?:
            let d = profile.position(atTick: start + elapsed)
            var i = 0
            while i < offsets.count - 1 && d > offsets[i] { i += 1 }
            let a = points[i], b = points[i + 1]
            let before = i == 0 ? Fixed.zero : offsets[i - 1]
            let length = offsets[i] - before
            let f = length > .zero ? min(max((d - before) / length, .zero), .one) : .one
            let p = a + (b - a) * f
            let heading = Angle.atan2(b.y - a.y, b.x - a.x)
            return [p.x, p.y, Fixed(raw: heading.raw) * 360]
        }
    }
}
