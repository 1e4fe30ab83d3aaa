import TaktFixed
import TaktRandom

/// A cell's task program: what one server of a station does to each unit, step by step,
/// instead of a single process-time draw. Robot moves, tool actions, machine cycles and vehicle
/// legs are all timed steps; interlock zones, shared robots and route segments are resources
/// taken and given back by steps.
///
/// The engine knows no kinematics: a move's duration was computed by the line compiler from
/// the robot's motion profile, and reaches the engine as a constant `Distribution`. What a step
/// is (a move to "place" by "A1.arm", ending at these joints) is described by `StepInfo`, for
/// the trace.
///
/// A server runs `steps` on each unit it takes; when they are done the process ends as for a
/// plain station (scrap, test outcome, passing on). `after` steps run once the unit has left,
/// before the server takes the next one (a vehicle driving back to its home); unit −1 in their
/// events.
public struct Program: Sendable, Equatable {
    public var steps: [Step]
    public var after: [Step]
    /// Where a staggered warm-start unit starts in `steps` (e.g. a tending slot's machine cycle:
    /// the unit is already loaded); its first timed step there takes the remaining share.
    public var warmStep: Int

    public init(steps: [Step], after: [Step] = [], warmStep: Int = 0) { self.steps = steps; self.after = after; self.warmStep = warmStep }

    /// One step of a program.
    public enum Step: Sendable, Equatable {
        /// Takes time drawn from the distribution (seconds); `info` indexes `LineModel.steps`.
        case hold(Distribution, info: Int)
        /// Takes every listed resource (indices into `LineModel.resources`) at once, waiting
        /// until all are free. Waiting servers are served first come, first served; a later
        /// request whose resources are all free goes ahead of an earlier one that must still wait.
        case acquire([Int])
        /// Gives the listed resources back.
        case release([Int])
    }
}

/// What a timed step is, for the trace and for checks made from it.
public struct StepInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A robot moves to a target.
        case move
        /// A tool works (screw driving, dispensing, pressing, gripping).
        case tool
        /// A machine or test cycle, or any other timed wait.
        case cycle
        /// A vehicle drives one leg of a trip along a route-graph edge.
        case leg
    }

    public var kind: Kind
    /// The robot, vehicle, tool or machine doing it ("A1.arm", "A0.amr3", "A6.slot12").
    public var actor: String
    /// What it does: a move's target, a tool action's name ("screw x40"), an edge's end node.
    public var label: String
    /// A move's start target or a leg's start node ("" when not a move or leg).
    public var from: String
    /// A move's end joints (degrees for revolute joints, metres for prismatic ones); a leg's end
    /// position (x, y, z in metres).
    public var joints: [Fixed]
    /// A leg's distance (metres), zero for other steps.
    public var distance: Fixed
    /// The index of the resource this step occupies while it runs (a leg's edge), or −1.
    public var occupies: Int

    public init(kind: Kind, actor: String, label: String, from: String = "", joints: [Fixed] = [], distance: Fixed = .zero, occupies: Int = -1) {
        self.kind = kind; self.actor = actor; self.label = label; self.from = from
        self.joints = joints; self.distance = distance; self.occupies = occupies
    }
}

/// A test station's outcome model: a unit is truly defective with a probability per unit type
/// (drawn on its first visit to this station; a retest keeps what rework left); a defective unit
/// escapes (passes) with probability `escape`, a good one is falsely rejected with probability
/// `falseReject`. Where the unit goes is the station's `Routing.outcome`; a unit failing for the
/// `maxFails`-th time (counting every test it failed; 0: no limit) takes its `giveUp` target.
public struct Inspection: Sendable, Equatable {
    /// Probability of a true defect, per unit type.
    public var defective: [Fixed]
    public var falseReject: Fixed
    public var escape: Fixed
    public var maxFails: Int

    public init(defective: [Fixed], falseReject: Fixed = .zero, escape: Fixed = .zero, maxFails: Int = 0) {
        self.defective = defective; self.falseReject = falseReject; self.escape = escape; self.maxFails = maxFails
    }
}
