import TaktFixed
import TaktRandom

/// A compiled, validated line: immutable during a run.
///
/// Elements are sorted by name; an element's index is its rank, the fixed key that orders
/// simultaneous events. All durations are in seconds (as `Fixed`) and are converted to
/// ticks with `ticks(seconds:)`.
public struct LineModel: Sendable {
    public var name: String
    /// Length of one tick in nanoseconds (default 1 ms).
    public var tickNanoseconds: Int64
    /// Elements sorted by name.
    public var elements: [Element]
    /// Product type names; a unit's type is an index into this.
    public var unitTypes: [String]
    /// Things programs take turns at (interlock zones, shared robots, route nodes and edges),
    /// by name; a program's `acquire` and `release` steps index this.
    public var resources: [String]
    /// What each timed program step is (`Program.Step.hold`'s `info` indexes this).
    public var steps: [StepInfo]

    public init(name: String, tickNanoseconds: Int64, elements: [Element], unitTypes: [String], resources: [String] = [], steps: [StepInfo] = []) {
        self.name = name
        self.tickNanoseconds = tickNanoseconds
        self.elements = elements
        self.unitTypes = unitTypes
        self.resources = resources
        self.steps = steps
    }

    /// The index of the element named `name`.
    public func index(of name: String) -> Int? { elements.firstIndex { $0.name == name } }

    /// Seconds to ticks, rounded to nearest (ties to even), never negative.
    @inlinable
    public func ticks(seconds: Fixed) -> Int64 { LineModel.ticks(seconds: seconds, tickNanoseconds: tickNanoseconds) }

    /// Seconds to ticks of `tickNanoseconds`, rounded to nearest (ties to even), never negative;
    /// saturates at 2^61 ticks.
    @inlinable
    public static func ticks(seconds: Fixed, tickNanoseconds: Int64) -> Int64 {
        ticks(seconds: seconds, tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond(tickNanoseconds: tickNanoseconds))
    }

    /// Ticks in a second when a tick divides a second exactly (1 ms, 10 ms, 1 µs …), else 0:
    /// computed once, it spares `ticks(seconds:…)` a division per call.
    @inlinable
    public static func wholeTicksPerSecond(tickNanoseconds: Int64) -> Int64 {
        1_000_000_000 % tickNanoseconds == 0 ? 1_000_000_000 / tickNanoseconds : 0
    }

    /// `ticks(seconds:tickNanoseconds:)` with `wholeTicksPerSecond(tickNanoseconds:)` given.
    /// Inlined (it converts every draw of the engine); the division, for ticks that do not divide
    /// a second, stays out of line.
    @inlinable @inline(__always)
    public static func ticks(seconds: Fixed, tickNanoseconds: Int64, wholeTicksPerSecond: Int64) -> Int64 {
        guard seconds.raw > 0 else { return 0 }
        // seconds·10^9 / tickNs, with seconds = raw/2^32: one rounding.
        if wholeTicksPerSecond > 0 {
            // Whole ticks per second: a multiply and a rounding shift, same result (both factors
            // positive: on unsigned words).
            let product = UInt64(truncatingIfNeeded: seconds.raw).multipliedFullWidth(by: UInt64(truncatingIfNeeded: wholeTicksPerSecond))
            return Int64(truncatingIfNeeded: Fixed.shiftRightRoundingHalfEven32(product, atMost: UInt64(Int64.max / 4)))
        }
        return ticksByDivision(seconds: seconds, tickNanoseconds: tickNanoseconds)
    }

    /// `ticks(seconds:tickNanoseconds:)` for positive `seconds`, by a rounded division.
    @usableFromInline
    static func ticksByDivision(seconds: Fixed, tickNanoseconds: Int64) -> Int64 {
        let n = Fixed.wideProduct(seconds.raw, 1_000_000_000)
        let d = Int128(tickNanoseconds) << 32
        let q = Fixed.roundedQuotient(n, d)
        return q > Int128(Int64.max / 4) ? Int64.max / 4 : Int64(q)
    }

    /// Ticks to seconds (for reporting).
    public func seconds(ticks: Int64) -> Fixed {
        Fixed(raw: Int64(Fixed.roundedQuotient(Int128(ticks) * Int128(tickNanoseconds) << 32, 1_000_000_000)))
    }
}

/// One named element of a line.
public struct Element: Sendable {
    public enum Kind: Sendable {
        case source(Source)
        case buffer(Buffer)
        case station(Station)
        case sink
    }

    public var name: String
    public var kind: Kind
    /// Where units leave to (sources, buffers, stations); `.none` for sinks.
    public var routing: Routing

    public init(name: String, kind: Kind, routing: Routing) {
        self.name = name; self.kind = kind; self.routing = routing
    }

    public var kindName: String {
        switch kind {
        case .source: "source"
        case .buffer: "buffer"
        case .station: "station"
        case .sink: "sink"
        }
    }
}

/// Where a unit goes when it leaves an element. Decided when the unit is ready to leave;
/// a blocked unit waits for the target it drew (no re-routing).
public enum Routing: Sendable, Equatable {
    case none
    /// Always to this element.
    case fixed(Int)
    /// To one of several elements with the given probabilities (summing to 1).
    case probability(targets: [Int], probabilities: [Fixed])
    /// By unit type: `targets[type]`, or `fallback` for types not listed (-1 = none: an error at compile time).
    case byType(targets: [Int], fallback: Int)
    /// By a test station's result (see `Inspection`): passed, failed, or failed once too often
    /// (`giveUp`, −1 when there is no limit).
    case outcome(pass: Int, fail: Int, giveUp: Int)

    /// Every element a unit may be sent to (shares of 0 % left out), in routing order.
    public var successors: [Int] {
        switch self {
        case .none: []
        case .fixed(let t): [t]
        case .probability(let ts, let ps): zip(ts, ps).filter { $0.1 > .zero }.map(\.0)
        case .byType(let ts, let fallback): ts.filter { $0 >= 0 } + (fallback >= 0 ? [fallback] : [])
        case .outcome(let p, let f, let g): [p, f] + (g >= 0 ? [g] : [])
        }
    }
}

/// A source of new units.
public struct Source: Sendable {
    public enum Arrivals: Sendable {
        /// A unit every so many seconds after the first at `start`.
        case interval(Fixed)
        /// Times between arrivals drawn from a distribution (seconds).
        case random(Distribution)
        /// Always a unit waiting: a new one is created the moment the previous leaves.
        case saturated
        /// Arrivals at listed times (seconds from the start), in order.
        case schedule([Fixed])
    }

    public var arrivals: Arrivals
    /// Type index of the units created.
    public var unitType: Int
    /// First arrival time (seconds); for `.random` the first arrival is `start` + a draw.
    public var start: Fixed
    /// Stop after this many units (nil: no limit).
    public var limit: Int?

    public init(arrivals: Arrivals, unitType: Int, start: Fixed = .zero, limit: Int? = nil) {
        self.arrivals = arrivals; self.unitType = unitType; self.start = start; self.limit = limit
    }
}

/// A finite FIFO buffer.
///
/// An accumulating conveyor is a buffer whose units take `transit` seconds from entry to the
/// discharge end and leave at least `spacing` seconds apart (pitch / speed); they keep their order.
public struct Buffer: Sendable {
    public var capacity: Int
    /// Warm start: units of these types in the buffer at tick 0, head first.
    public var initial: [Int]
    /// Conveyors: seconds from entry to the discharge end (zero for a plain buffer).
    public var transit: Fixed
    /// Conveyors: least seconds between two units leaving.
    public var spacing: Fixed

    public init(capacity: Int, initial: [Int] = [], transit: Fixed = .zero, spacing: Fixed = .zero) {
        self.capacity = capacity; self.initial = initial; self.transit = transit; self.spacing = spacing
    }
}

/// A station with parallel identical servers.
public struct Station: Sendable {
    public var servers: Int
    /// Process time per unit, seconds.
    public var process: Distribution
    /// Probability that a processed unit is scrapped (1 − yield) instead of moving on.
    public var scrap: Fixed
    public var reliability: Reliability?
    /// Warm start: the unit types in process on servers 0, 1, … at tick 0 (each starts a fresh
    /// process time, unless `staggered`).
    public var initial: [Int]
    /// Warm start part-way through: of n initial units, unit k has (k + 1) / n of its process
    /// time still to go, so they finish evenly spread over one process time (as in a line that
    /// has been running). For a program, the part left is of its `warmStep` and the steps after.
    public var staggered = false
    /// Planned downtime (shifts and breaks), or nil when the station always works.
    public var calendar: ShiftCalendar?
    /// What the station does to units besides taking time: pass them on, assemble a kit into a
    /// new unit, or split one unit into several.
    public var transform: Transform
    /// A rework station: units that pass through it no longer count as first-pass good.
    public var rework: Bool
    /// A rework station's chance of repairing a truly defective unit (nil: no repair; a falsely
    /// rejected good unit stays good either way).
    public var recovery: Fixed?
    /// A cell's task program, one per server (empty: each unit takes one `process` draw).
    public var programs: [Program]
    /// A test station's outcome model (its routing is `.outcome`).
    public var inspection: Inspection?
    /// The order in which free servers take an arriving unit (server indices, each once), e.g.
    /// a fleet's vehicles nearest to the pickup first; empty: lowest-numbered first.
    public var dispatchOrder: [Int] = []

    /// What a station makes of the units it processes.
    public enum Transform: Sendable, Equatable {
        /// The unit is processed and moves on unchanged.
        case none
        /// Assembly by a bill of materials: each server gathers a kit of `needs[type]` units of
        /// each type (a count per unit type, 0 for types not needed); a complete kit is consumed
        /// and one new unit of type `makes` is processed in its place.
        case merge(needs: [Int], makes: Int)
        /// After processing, the unit is consumed and `makes[type]` new units of each type take
        /// its place; the server passes them on one by one, in type order.
        case split(makes: [Int])
    }

    public init(servers: Int, process: Distribution, scrap: Fixed = .zero, reliability: Reliability? = nil, initial: [Int] = [], calendar: ShiftCalendar? = nil,
                transform: Transform = .none, rework: Bool = false, recovery: Fixed? = nil, programs: [Program] = [], inspection: Inspection? = nil) {
        self.servers = servers; self.process = process; self.scrap = scrap; self.reliability = reliability; self.initial = initial
        self.calendar = calendar; self.transform = transform; self.rework = rework
        self.recovery = recovery; self.programs = programs; self.inspection = inspection
    }
}

/// Planned downtime repeating every `period`: off windows given by their start within the
/// period and their length (seconds), sorted, not overlapping, inside the period.
public struct ShiftCalendar: Sendable, Equatable {
    public var period: Fixed
    public var off: [OffWindow]

    public struct OffWindow: Sendable, Equatable {
        public var start: Fixed
        public var length: Fixed
        public init(start: Fixed, length: Fixed) { self.start = start; self.length = length }
    }

    public init(period: Fixed, off: [OffWindow]) { self.period = period; self.off = off }

    /// A problem with the windows (overlap, outside the period, empty), or nil.
    public func problem() -> String? {
        guard period > .zero else { return "the period must be longer than 0 s" }
        var end = Fixed.zero
        for (i, w) in off.enumerated() {
            if w.length <= .zero { return "off window \(i + 1) must last longer than 0 s" }
            if w.start < end { return "off window \(i + 1) starts before the previous one ends; list windows in order without overlap" }
            end = w.start + w.length
            if end > period { return "off window \(i + 1) ends after the period of \(period) s" }
        }
        if off.count == 1 && off[0].start.isZero && off[0].length == period { return "the station would never work: the off windows cover the whole period" }
        return nil
    }
}

/// Breakdowns of each server of a station.
public struct Reliability: Sendable {
    public enum Basis: Sendable, Equatable {
        /// Time between failures counts only while the server is busy.
        case operating
        /// Time between failures counts on the wall clock, whatever the server does.
        case calendar
    }

    public var timeBetweenFailures: Distribution
    public var timeToRepair: Distribution
    public var basis: Basis

    public init(timeBetweenFailures: Distribution, timeToRepair: Distribution, basis: Basis) {
        self.timeBetweenFailures = timeBetweenFailures; self.timeToRepair = timeToRepair; self.basis = basis
    }
}
