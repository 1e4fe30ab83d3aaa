/// One thing that happened in a run. Plain data: the engine hands each event to its
/// observers by value, without allocating.
@frozen
public struct EngineEvent: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// A source created `unit` (of type `a`).
        case created
        /// `unit` entered element `element` (a buffer, a station's server `server`, or a sink).
        case arrived
        /// Server `server` of station `element` started processing `unit`.
        case operationStart
        /// Server finished processing `unit`; `a` = 1 if it will be scrapped.
        case operationEnd
        /// `unit` left element `element` (buffer or station server) for element `a`.
        case departed
        /// Server (or source, server 0) holds a finished `unit` it cannot pass on; `a` = target.
        case blocked
        case unblocked
        /// A station server has nothing to take; `unit` = -1.
        case starved
        case unstarved
        /// A server broke down (`a` = 0 failure) or came back.
        case down
        case up
        /// `unit` was scrapped on server `server` of station `element`; `a` = its creation tick.
        case scrapped
        /// `unit` reached sink `element` and left the system; `a` = its creation tick (the earliest
        /// of its components' for an assembled unit); `server` = 1 if it passed a rework station.
        case shipped
        /// Planned downtime of a station server begins / ends (shifts and breaks).
        case offShift
        case onShift
        /// Server `server` of a merging or splitting station used up `unit`: for a merge `a` is
        /// the assembled unit's id, for a split the id of the first unit made from it (the units
        /// made by one split have consecutive ids).
        case consumed
        /// A merge or split made `unit` (of type `a`) on server `server`, after the `consumed`
        /// events of what it was made from.
        case made
        /// Server `server` of a cell began / ended a timed program step (a robot move, a tool
        /// action, a machine cycle, a vehicle leg); `a` indexes `LineModel.steps`. `unit` is −1
        /// for steps run after the unit left (a vehicle driving home).
        case stepStart
        case stepEnd
        /// A cell's program took / gave back resource `a` (an interlock zone, a shared robot, a
        /// route node or edge; index into `LineModel.resources`).
        case acquired
        case released
        /// A test station judged `unit`: bit 0 of `a` set when it failed, bit 1 when the unit was
        /// truly defective (failed and good: a false reject; passed and defective: an escape).
        case tested
    }

    /// The tick at which it happened.
    public var tick: Int64
    public var kind: Kind
    /// Element index (rank by name).
    public var element: Int32
    /// Server index within the element, 0 for elements without servers.
    public var server: Int32
    /// Unit id (1, 2, … in creation order), or -1.
    public var unit: Int64
    /// A kind-specific argument (see each kind).
    public var a: Int64

    @inlinable
    public init(tick: Int64, kind: Kind, element: Int32, server: Int32 = 0, unit: Int64 = -1, a: Int64 = 0) {
        self.tick = tick; self.kind = kind; self.element = element; self.server = server; self.unit = unit; self.a = a
    }
}

/// Receives the event stream. Observers are generic parameters of the simulation,
/// so each call is statically dispatched (no existential, no allocation per event).
public protocol EventSink {
    mutating func record(_ event: EngineEvent)
    /// Records events in order, as `record` one by one (the default); a sink may do it faster
    /// for a whole batch.
    mutating func record(contentsOf events: UnsafeBufferPointer<EngineEvent>)
    /// Called once when the run stops at `tick`.
    mutating func finish(atTick tick: Int64)
    /// Asked at the end of each tick, with `pending` events of it (and earlier ticks) not yet
    /// recorded: whether a checkpoint is due once they are. If so, the simulation records them
    /// and calls `checkpoint`.
    func checkpointDue(afterPending pending: Int) -> Bool
    /// The state at the end of the tick just recorded (a trace writes a checkpoint from it).
    mutating func checkpoint(_ simulation: Simulation)
}

extension EventSink {
    public mutating func finish(atTick tick: Int64) {}
    @inlinable public func checkpointDue(afterPending pending: Int) -> Bool { false }
    public mutating func checkpoint(_ simulation: Simulation) {}

    @inlinable
    public mutating func record(contentsOf events: UnsafeBufferPointer<EngineEvent>) {
        for e in events { record(e) }
    }
}

/// Two observers fed in turn: each event to the first, then to the second; a batch
/// (`record(contentsOf:)`) wholly to the first, then to the second. Each sees every event in
/// order; observers that share state through a reference would see the interleaving change.
public struct PairSink<A: EventSink, B: EventSink>: EventSink {
    public var first: A
    public var second: B
    public init(_ a: A, _ b: B) { first = a; second = b }
    @inlinable public mutating func record(_ event: EngineEvent) { first.record(event); second.record(event) }
    @inlinable public mutating func record(contentsOf events: UnsafeBufferPointer<EngineEvent>) {
        first.record(contentsOf: events); second.record(contentsOf: events)
    }
    public mutating func finish(atTick tick: Int64) { first.finish(atTick: tick); second.finish(atTick: tick) }
    @inlinable public func checkpointDue(afterPending pending: Int) -> Bool {
        first.checkpointDue(afterPending: pending) || second.checkpointDue(afterPending: pending)
    }
    public mutating func checkpoint(_ simulation: Simulation) {
        if first.checkpointDue(afterPending: 0) { first.checkpoint(simulation) }
        if second.checkpointDue(afterPending: 0) { second.checkpoint(simulation) }
    }
}

/// Discards events.
public struct NullSink: EventSink {
    public init() {}
    @inlinable public mutating func record(_ event: EngineEvent) {}
    @inlinable public mutating func record(contentsOf events: UnsafeBufferPointer<EngineEvent>) {}
}
