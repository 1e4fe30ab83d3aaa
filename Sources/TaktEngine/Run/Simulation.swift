import TaktFixed
import TaktRandom

/// A run of a compiled line: the mutable state, sized before tick 0, and the event loop.
///
/// Units move by **blocking after service**: a server that finishes a unit keeps it until the
/// unit's next element has room; meanwhile the server is blocked and takes no new work.
/// Buffers pass their head unit on the moment the next element has room (zero time). A holder
/// (source, buffer head, or server) that cannot pass its unit on waits in the target's FIFO
/// waiting list; when the target gains room it serves that list in order.
///
/// Within one tick, scheduled events are taken in the order (element rank, server, kind), and
/// each one's consequences cascade to completion before the next is taken.
public struct Simulation {
    public let model: LineModel
    public let options: RunOptions
    let tickNanoseconds: Int64
    /// `LineModel.wholeTicksPerSecond(tickNanoseconds:)`, for converting draws.
    let wholeTicksPerSecond: Int64
    /// The mutable tables (see `RunState`; reached through the forwarding properties in
    /// Simulation+State.swift).
    @usableFromInline var state: RunState
    /// `state.columns`, held here: a column's memory is one load away.
    @usableFromInline var columns: Columns
    /// Events of the ticks processed since the sink was last fed: `columns.pending[0 ..< pendingCount]`.
    @usableFromInline var pendingCount = 0
    /// While `run(into:)` runs with a `KPIRecorder` sink: the recorder's tables, fed each event as it happens
    /// (and then no event is kept for a sink, only counted in `unkeptEvents`).
    var kpiFeed: KPIRecorder.Feed?
    var unkeptEvents: Int64 = 0
    public internal(set) var now: Int64 = 0
    /// Number of events handed to the sink (or booked straight into a `KPIRecorder`).
    public var eventCount: Int64 { fedEvents + unkeptEvents }
    /// Counted per batch fed to the sink, not per event.
    @usableFromInline var fedEvents: Int64 = 0
    /// Units in the system.
    public internal(set) var wip: Int = 0

    // MARK: Element tables (index = element rank; the hottest are `Table`s, read unchecked in release)
    enum Kind: UInt8 { case source, buffer, station, sink }
    let kind: Table<Kind>
    /// First global server index of a station, and its server count.
    let firstServer: Table<Int>
    let serverCount: Table<Int>
    /// Holder id of a station server = elementCount + global server index.
    let elementCount: Int
    let serverElement: Table<Int32>

    // MARK: Buffers (ring storage in one column)
    let bufferOffset: Table<Int>
    let bufferCapacity: Table<Int>

    // MARK: Waiting lists: holders blocked on each element (ring storage)
    let waitOffset: Table<Int>
    let waitCapacity: Table<Int>

    // MARK: Units (a pool of slots, sized for the most units the line can hold)
    /// Free slots: `freeSlots[0 ..< freeCount]`, taken from the end.
    var freeCount = 0
    var nextUnitId: Int64 = 1

    // MARK: Hot per-element data, flattened from the model (no String or enum copies per event)
    var process: [Distribution]
    /// The mean of an exponential process time, raw (else 0): drawn inline, without copying the
    /// `Distribution` out of `process` (a call to copy and one to destroy the enum per draw).
    let processExponentialMean: Table<Int64>
    /// What a station does beyond taking a unit, processing it and passing it on (`Feature` bits,
    /// 0 for a plain station and for other elements): one load and one test on the hot path
    /// instead of one per feature.
    let features: Table<UInt16>
    var scrapProbability: [Fixed]
    /// 0 no breakdowns, 1 operating basis, 2 calendar basis.
    var failureBasis: [UInt8]
    var timeBetweenFailures: [Distribution]
    var timeToRepair: [Distribution]
    /// Routing: 0 none, 1 fixed, 2 by probability, 3 by unit type.
    let routeKind: Table<UInt8>
    let routeStart: Table<Int>
    let routeCount: Table<Int>
    let routeTargets: Table<Int>
    /// Cumulative probabilities for kind 2.
    var routeCumulative: [Fixed]
    var routeFallback: [Int]
    /// Sources: 0 interval, 1 random, 2 saturated, 3 schedule.
    let sourceKind: Table<UInt8>
    var sourceIntervalTicks: [Int64]
    var sourceDistribution: [Distribution]
    var sourceStartTicks: [Int64]
    let sourceLimit: Table<Int>
    let sourceType: Table<Int32>
    var scheduleStart: [Int]
    var scheduleTicks: [Int64]
    var scheduleCount: [Int]

    /// Shift calendars in ticks: period (0 = none) and off windows [start, end) within it.
    var calendarPeriod: [Int64]
    var calendarStart: [Int]
    var calendarCount: [Int]
    var calendarOffStart: [Int64]
    var calendarOffEnd: [Int64]

    // MARK: Merges and splits
    /// Number of unit types (the stride of per-type tables).
    let typeCount: Int
    /// 0 none, 1 merge, 2 split, per element.
    let transformKind: Table<UInt8>
    /// Per-type counts of a station's transform (needed by a merge, made by a split): element × type.
    var transformCounts: [Int]
    /// The type a merge makes.
    var mergeMakes: [Int32]
    /// Each merge server's kit: `kitFilled` units stored from `kitBase` (state: `kitHave`,
    /// units gathered so far per server × type, and `kitFilled`, `kitSlots`).
    var kitBase: [Int]
    /// Units a split server still has to pass on after `serverUnit`: `outSlots[outNext ..< outEnd]`.
    let outBase: [Int]
    /// Rework stations (state: `unitReworked`, units that passed one).
    var reworkStation: [Bool]

    // MARK: Cells (see Simulation+Program.swift)
    /// Stations whose servers run programs.
    let programStation: Table<Bool>
    /// Each server's program: `programSteps[programStart ..< +programCount]`, then its `after` steps.
    let programStart: Table<Int>
    let programCount: Table<Int>
    let afterStart: Table<Int>
    let afterCount: Table<Int>
    let programSteps: Table<FlatStep>
    let stepResources: Table<Int32>
    /// Servers waiting for resources: `resourceWaiting[0 ..< resourceWaitCount]`, oldest first.
    var resourceWaitCount = 0
    var servingResources = false
    var resourcesChanged = false
    /// Test stations and their outcome model; rework recovery (0: none).
    let testStation: Table<Bool>
    var defectProbability: [Fixed]
    var escapeProbability: [Fixed]
    var falseRejectProbability: [Fixed]
    var maxFails: [Int]
    var recoveryProbability: [Fixed]
    /// Conveyors: transit and least spacing in ticks.
    let isConveyor: Table<Bool>
    let conveyorTransit: Table<Int64>
    let conveyorSpacing: Table<Int64>
    /// Stations that give a unit to the first free server in a fixed preference order (a
    /// vehicle fleet: nearest home first) rather than the lowest-numbered one.
    let hasDispatchOrder: Table<Bool>
    let dispatchStart: Table<Int>
    let dispatchOrder: Table<Int>

    /// While placing a staggered warm-start unit: the share of its process still to go (else 1),
    /// and where its program starts.
    var warmShare: Fixed = .one
    var warmStep = 0
    let programWarmStep: [Int]

    var queue: EventQueue
    @usableFromInline var started = false
    /// Elements that became stuck during the tick being processed (checked for deadlock at its
    /// end): `deadlockCandidates[0 ..< candidateCount]`.
    var candidateCount = 0
    /// Elements from which a routing cycle can be reached: only they can be in a deadlock.
    let reachesCycle: Table<Bool>
    /// The line uses none of the optional features (breakdowns, shifts, cells, conveyors, tests,
    /// scrap, rework, merges, splits, dispatch orders): its events are handled by the flow code
    /// compiled without them (`PlainFlow`). Settable only so that tests can run such a line
    /// through the full code and compare.
    var isPlain: Bool
    var scratchGeneration: UInt32 = 0
    /// Set when the run stopped because units can never move again.
    public internal(set) var deadlock: Deadlock?
}

/// The bits of `Simulation.features`.
enum Feature {
    /// Breakdowns counted in operating time.
    static let operatingFailures: UInt16 = 1 << 0
    static let scrap: UInt16 = 1 << 1
    static let test: UInt16 = 1 << 2
    static let recovery: UInt16 = 1 << 3
    static let split: UInt16 = 1 << 4
    static let merge: UInt16 = 1 << 5
    static let rework: UInt16 = 1 << 6
    static let program: UInt16 = 1 << 7
    /// Servers taken in a dispatch order (a vehicle fleet).
    static let dispatchOrder: UInt16 = 1 << 8
    /// What `processEnd` looks at before passing the unit on.
    static let atProcessEnd: UInt16 = operatingFailures | scrap | test | recovery | split
}

/// Which flow code a run takes, as a type: the functions that move units are generic over it and
/// compiled twice. `FullFlow` checks every feature where it may apply; `PlainFlow`, taken by lines
/// that use none of them (`Simulation.isPlain`), has those checks as constants, so they vanish with
/// the code behind them: the same events (every check would fail on such a line), 9 % fewer
/// instructions on serial-5. Feature code outside the flow (breakdowns, shifts, cells, warm start)
/// calls in with `FullFlow`.
protocol FlowVariant {
    /// Whether the optional features may be in use.
    static var full: Bool { get }
}

enum FullFlow: FlowVariant { static var full: Bool { true } }

enum PlainFlow: FlowVariant { static var full: Bool { false } }

/// Units that can never move again while work remains.
public struct Deadlock: Sendable, Equatable {
    /// A cycle: the elements of one waiting cycle, each full and waiting on the next (by index).
    /// A stall: nothing is scheduled any more and units wait on elements that will never take
    /// them (a merge whose kit lacks a type that cannot arrive): the waiting elements and the
    /// elements they wait on, in index order.
    public var elements: [Int]
    /// The tick it was found.
    public var tick: Int64
    /// True for a waiting cycle, false for a stall.
    public var isCycle: Bool
    /// True when the cycle is among cells holding resources (interlock zones, loaders, route
    /// nodes and edges) that the others wait for, rather than among full elements.
    public var onResources: Bool = false
}
