import TaktFixed

/// Computes every KPI of a run from the event stream alone, so that replaying a trace of the same
/// events gives the same `LineSummary`.
///
/// State tracking (always, from tick 0):
/// - station servers start STARVED, sources (one server, index 0) IDLE;
///   `operationStart` → BUSY, `blocked` → BLOCKED, `starved` → STARVED; for sources `unblocked` and
///   `departed` → IDLE. A station server keeps its state through `operationEnd`, `unblocked`,
///   `departed` and `scrapped` until the engine's next `operationStart` / `starved` for it
///   (same tick). `unstarved` changes nothing (starvation ends at `operationStart`).
/// - `down` / `up` set a DOWN flag on top of that underlying state, which other events keep
///   updating meanwhile; while the flag is set the server counts as DOWN.
/// - units in the system (WIP) = created + made − shipped − scrapped − consumed. Warm-start units must be announced
///   with `created` events like any other.
/// - buffer level = arrivals − departures.
///
/// Warm-up: KPIs are accumulated over the window [warmupTicks, end): time-weighted ones over those
/// ticks, counts over events with tick ≥ warmupTicks (see `LineSummary`).
///
/// Memory: every table is sized in `init` from the model (one entry per element, one per server,
/// plus one fixed-size `Histogram`); `record` never allocates.
///
/// Layout: the mutable state of an element and of a server each live in one small struct, and the
/// line's in one more, all in memory of a `Storage` object reached through bare pointers (a
/// `Feed`), so an event mutates state in place with no uniqueness, bounds or exclusivity check.
/// The simulation can hold that `Feed` and book each event the moment it happens (what
/// `Simulation.run(into:)` does with a `KPIRecorder` sink), which the batch path
/// (`record(contentsOf:)`) gives exactly: both call `Feed.record`. A copied recorder gets its own storage before it records
/// (value semantics).
public struct KPIRecorder: EventSink {
    // Server states: indices into a server's ledger row (the `LineSummary.Ledger` order).
    static let busy: UInt8 = 0
    static let blocked: UInt8 = 1
    static let starved: UInt8 = 2
    static let down: UInt8 = 3
    static let idle: UInt8 = 4
    static let offShift: UInt8 = 5
    static let stateCount = 6

    // Element kinds.
    static let sourceKind: UInt8 = 0
    static let bufferKind: UInt8 = 1
    static let stationKind: UInt8 = 2
    static let sinkKind: UInt8 = 3

    public let model: LineModel
    public let warmupTicks: Int64

    /// What `record` looks up about an element (fixed by the model).
    struct ElementInfo {
        var kind: UInt8
        /// Index of the element's first server in `servers`.
        var serverBase: Int
        var serverCount: Int
    }

    /// The mutable state of one element.
    struct ElementState {
        /// Buffers: current level, tick of its last change, ∫level over the window, the highest
        /// level held for at least one tick of the window.
        var level: Int64 = 0
        var levelSince: Int64 = 0
        var levelIntegral: Int128 = 0
        var levelMax: Int64 = 0
        /// In-window counts: operations and scrap operations (stations), created (sources),
        /// shipped (sinks).
        var operations: Int64 = 0
        var scrapOperations: Int64 = 0
        var count: Int64 = 0

        /// Books the current level from its last change up to `t`.
        @inline(__always)
        mutating func hold(until t: Int64, warmup: Int64) {
            hold(until: t, warmup: warmup, inWindow: false)
        }

        /// `hold`; `inWindow`: the window is open, so `levelSince` is in it and the ticks to book
        /// are `t − levelSince`.
        @inline(__always)
        mutating func hold(until t: Int64, warmup: Int64, inWindow: Bool) {
            let n = inWindow ? t &- levelSince : KPIRecorder.windowTicks(from: levelSince, to: t, warmup: warmup)
            if n > 0 {
                let (high, low) = level.multipliedFullWidth(by: n)
                levelIntegral += Int128(_low: low, _high: high)
                if level > levelMax { levelMax = level }
            }
            levelSince = t
        }

        @inline(__always)
        mutating func changeLevel(by delta: Int64, at t: Int64, warmup: Int64, inWindow: Bool) {
            hold(until: t, warmup: warmup, inWindow: inWindow)
            level &+= delta
        }
    }

    /// The mutable state of one server.
    struct ServerState {
        var underlying: UInt8
        var isDown = false
        /// Planned downtime; takes precedence over DOWN in the ledger.
        var isOff = false
        /// An active period is open (possibly pending close at `activeEnd`).
        var activeOpen = false
        /// Tick of the last change of the effective state.
        var since: Int64 = 0
        var activeStart: Int64 = 0
        /// The tick at which the open period became inactive, or -1 while it is active.
        var activeEnd: Int64 = -1
        var activeSum: Int64 = 0
        var activePeriods: Int64 = 0
        /// Server-ticks in the window per state (indexed by state).
        var ledger: (Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0)

        init(_ state: UInt8) { underlying = state }

        /// The ticks booked to `state` (0 ..< stateCount).
        func ledger(_ state: Int) -> Int64 {
            precondition(state >= 0 && state < KPIRecorder.stateCount)
            return withUnsafeBytes(of: ledger) { $0.load(fromByteOffset: state * MemoryLayout<Int64>.stride, as: Int64.self) }
        }

        @inline(__always)
        var effective: UInt8 { isOff ? KPIRecorder.offShift : (isDown ? KPIRecorder.down : underlying) }

        /// Books the effective state's ticks since the last change up to `t`.
        @inline(__always)
        mutating func accumulate(at t: Int64, warmup: Int64) {
            book(effective, KPIRecorder.windowTicks(from: since, to: t, warmup: warmup))
            since = t
        }

        /// Adds `n` ticks (≥ 0) to the ledger entry of `state` (< stateCount).
        @inline(__always)
        mutating func book(_ state: UInt8, _ n: Int64) {
            // The homogeneous tuple is 6 contiguous Int64.
            let offset = Int(state) &* MemoryLayout<Int64>.stride
            withUnsafeMutableBytes(of: &ledger) { row in
                row.storeBytes(of: row.load(fromByteOffset: offset, as: Int64.self) &+ n, toByteOffset: offset, as: Int64.self)
            }
        }

        /// Books the effective state up to `t`, the ticks since the last change.
        @inline(__always)
        mutating func bookSince(at t: Int64, warmup: Int64, inWindow: Bool) {
            if inWindow {
                book(effective, t &- since)   // the window is open: `since` is in it, ticks never go back
                since = t
            } else {
                accumulate(at: t, warmup: warmup)
            }
        }

        /// A new underlying state. Inlined at each event with `state` a constant: while the server
        /// is neither down nor off shift (nearly always) that state is also the effective one, so
        /// the booking is one ledger addition and whether activity changes is one bit test.
        @inline(__always)
        mutating func setUnderlying(_ state: UInt8, at t: Int64, warmup: Int64, inWindow: Bool) {
            if isDown || isOff {
                underlying = state     // the flag still decides the effective state: nothing changes
                return
            }
            let old = underlying
            bookSince(at: t, warmup: warmup, inWindow: inWindow)
            underlying = state
            if KPIRecorder.isActive(old) != KPIRecorder.isActive(state) { activity(from: old, to: state, at: t, warmup: warmup) }
        }

        /// The OFF flag (planned downtime) set or cleared.
        mutating func setOff(_ off: Bool, at t: Int64, warmup: Int64, inWindow: Bool) {
            setFlag(at: t, warmup: warmup, inWindow: inWindow) { $0.isOff = off }
        }

        /// The DOWN flag set or cleared.
        mutating func setDown(_ down: Bool, at t: Int64, warmup: Int64, inWindow: Bool) {
            setFlag(at: t, warmup: warmup, inWindow: inWindow) { $0.isDown = down }
        }

        /// Books the effective state so far, applies `change` to a flag, and opens or closes an
        /// active period if the effective state's activity changed.
        @inline(__always)
        private mutating func setFlag(at t: Int64, warmup: Int64, inWindow: Bool, _ change: (inout ServerState) -> Void) {
            let old = effective
            bookSince(at: t, warmup: warmup, inWindow: inWindow)
            change(&self)
            let new = effective
            if KPIRecorder.isActive(old) != KPIRecorder.isActive(new) { activity(from: old, to: new, at: t, warmup: warmup) }
        }

        /// Opens or (lazily) closes active periods. A period made inactive at t and active again
        /// at the same t continues.
        @inline(__always)
        mutating func activity(from old: UInt8, to new: UInt8, at t: Int64, warmup: Int64) {
            let was = KPIRecorder.isActive(old), now = KPIRecorder.isActive(new)
            if was == now { return }
            if !now {
                activeEnd = t
                return
            }
            if activeOpen {
                if activeEnd == t { activeEnd = -1; return }
                closePeriod(end: activeEnd, warmup: warmup)
            }
            activeOpen = true
            activeStart = t
            activeEnd = -1
        }

        /// Counts the period [activeStart, end) clipped to the window, if anything is left of it.
        mutating func closePeriod(end: Int64, warmup: Int64) {
            let n = KPIRecorder.windowTicks(from: activeStart, to: end, warmup: warmup)
            if n > 0 {
                activeSum += n
                activePeriods += 1
            }
        }
    }

    /// The line-wide state.
    struct LineState {
        var wip: Int64 = 0
        var wipSince: Int64 = 0
        var wipIntegral: Int128 = 0
        var wipStart: Int64 = 0
        var started: Int64 = 0
        var completed: Int64 = 0
        var scrapped: Int64 = 0
        var made: Int64 = 0
        var consumed: Int64 = 0
        var reworked: Int64 = 0
        var leadSum: Int128 = 0
        var leadTimes = Histogram()
        var windowOpen = false
        var lastTick: Int64 = 0
        var endTick: Int64 = -1

        @inline(__always)
        mutating func changeWIP(by delta: Int64, at t: Int64, warmup: Int64, inWindow: Bool) {
            let n = inWindow ? t &- wipSince : KPIRecorder.windowTicks(from: wipSince, to: t, warmup: warmup)
            if n > 0 {
                let (high, low) = wip.multipliedFullWidth(by: n)
                wipIntegral += Int128(_low: low, _high: high)
            }
            wipSince = t
            wip &+= delta
        }
    }

    /// The recorder's tables, each in memory of its own, freed with the object; `tables` lists
    /// them (what a `Feed` points at).
    final class Storage {
        let tables: UnsafeMutablePointer<Tables>
        var elementCount: Int { Int(tables.pointee.elementCount) }
        var serverCount: Int { tables.pointee.serverCount }
        var info: UnsafeMutablePointer<ElementInfo> { tables.pointee.info }
        var elements: UnsafeMutablePointer<ElementState> { tables.pointee.elements }
        var servers: UnsafeMutablePointer<ServerState> { tables.pointee.servers }
        var line: UnsafeMutablePointer<LineState> { tables.pointee.line }

        init(info: [ElementInfo], servers: [ServerState], line: LineState, warmup: Int64) {
            let infoTable = UnsafeMutablePointer<ElementInfo>.allocate(capacity: max(info.count, 1))
            infoTable.initialize(from: info, count: info.count)
            let elements = UnsafeMutablePointer<ElementState>.allocate(capacity: max(info.count, 1))
            elements.initialize(repeating: ElementState(), count: info.count)
            let serverTable = UnsafeMutablePointer<ServerState>.allocate(capacity: max(servers.count, 1))
            serverTable.initialize(from: servers, count: servers.count)
            let lineState = UnsafeMutablePointer<LineState>.allocate(capacity: 1)
            lineState.initialize(to: line)
            tables = .allocate(capacity: 1)
            tables.initialize(to: Tables(info: infoTable, elementCount: UInt(info.count), elements: elements,
                                         servers: serverTable, serverCount: servers.count, line: lineState, warmup: warmup))
        }

        /// A storage with the same contents.
        func copy() -> Storage {
            let c = Storage(info: Array(UnsafeBufferPointer(start: info, count: elementCount)),
                            servers: Array(UnsafeBufferPointer(start: servers, count: serverCount)), line: line.pointee,
                            warmup: tables.pointee.warmup)
            c.elements.update(from: elements, count: elementCount)
            return c
        }

        deinit {
            info.deinitialize(count: elementCount); info.deallocate()
            elements.deinitialize(count: elementCount); elements.deallocate()
            servers.deinitialize(count: serverCount); servers.deallocate()
            line.deinitialize(count: 1); line.deallocate()
            tables.deinitialize(count: 1); tables.deallocate()
        }
    }

    var storage: Storage

    // Read access for the summary and tests.
    var info: UnsafeBufferPointer<ElementInfo> { UnsafeBufferPointer(start: storage.info, count: storage.elementCount) }
    var elementState: UnsafeBufferPointer<ElementState> { UnsafeBufferPointer(start: storage.elements, count: storage.elementCount) }
    var servers: UnsafeBufferPointer<ServerState> { UnsafeBufferPointer(start: storage.servers, count: storage.serverCount) }
    var line: LineState { storage.line.pointee }

    public init(model: LineModel, warmupTicks: Int64) {
        precondition(warmupTicks >= 0, "warm-up must not be negative (got \(warmupTicks) ticks)")
        self.model = model
        self.warmupTicks = warmupTicks
        var info: [ElementInfo] = [], servers: [ServerState] = []
        info.reserveCapacity(model.elements.count)
        for element in model.elements {
            let base = servers.count
            switch element.kind {
            case .source:
                info.append(ElementInfo(kind: Self.sourceKind, serverBase: base, serverCount: 1))
                servers.append(ServerState(Self.idle))
            case .buffer:
                info.append(ElementInfo(kind: Self.bufferKind, serverBase: base, serverCount: 0))
            case let .station(station):
                info.append(ElementInfo(kind: Self.stationKind, serverBase: base, serverCount: station.servers))
                servers.append(contentsOf: repeatElement(ServerState(Self.starved), count: station.servers))
            case .sink:
                info.append(ElementInfo(kind: Self.sinkKind, serverBase: base, serverCount: 0))
            }
        }
        storage = Storage(info: info, servers: servers, line: LineState(), warmup: warmupTicks)
    }

    // MARK: Recording

    /// The recorder's tables as bare pointers, and its warm-up: what booking an event needs.
    struct Tables {
        let info: UnsafeMutablePointer<ElementInfo>
        let elementCount: UInt
        let elements: UnsafeMutablePointer<ElementState>
        let servers: UnsafeMutablePointer<ServerState>
        let serverCount: Int
        let line: UnsafeMutablePointer<LineState>
        let warmup: Int64
    }

    /// A handle on a recorder's `Tables`: one pointer (a simulation holding an optional one tests
    /// it with one load per event). Plain data, no reference counting: valid while the recorder
    /// that made it is alive and not copied-and-written (`feed()` makes the storage unique first).
    struct Feed {
        let tables: UnsafePointer<Tables>
        var info: UnsafeMutablePointer<ElementInfo> { tables.pointee.info }
        var elementCount: UInt { tables.pointee.elementCount }
        var elements: UnsafeMutablePointer<ElementState> { tables.pointee.elements }
        var servers: UnsafeMutablePointer<ServerState> { tables.pointee.servers }
        var serverCount: Int { tables.pointee.serverCount }
        var line: UnsafeMutablePointer<LineState> { tables.pointee.line }
        var warmup: Int64 { tables.pointee.warmup }
    }

    /// The simulation's feed ended at `tick` (it books no `lastTick` per event).
    mutating func fedUntil(_ tick: Int64) {
        let line = feed().line
        if tick > line.pointee.lastTick { line.pointee.lastTick = tick }
    }

    /// The feed of this recorder's own storage (copied first if another recorder shares it), to
    /// book events with.
    mutating func feed() -> Feed {
        let feed = ownFeed()
        precondition(feed.line.pointee.endTick < 0, "KPIRecorder: event after finish(atTick: \(feed.line.pointee.endTick))")
        return feed
    }

    /// The feed of this recorder's own storage (copied first if another recorder shares it).
    private mutating func ownFeed() -> Feed {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return Feed(tables: UnsafePointer(storage.tables))
    }

    public mutating func record(_ event: EngineEvent) {
        feed().record(event)
    }

    /// Records a batch, each event as `record(_:)`.
    public mutating func record(contentsOf events: UnsafeBufferPointer<EngineEvent>) {
        guard events.count > 0 else { return }
        let feed = feed()
        withExtendedLifetime(storage) {
            for e in events { feed.record(e) }
        }
    }

    /// Closes every interval at `tick`. Call once, after the last event; then `summary`.
    public mutating func finish(atTick tick: Int64) {
        let feed = ownFeed()
        let line = feed.line
        precondition(line.pointee.endTick < 0, "KPIRecorder.finish called twice")
        precondition(tick >= line.pointee.lastTick, "KPIRecorder.finish(atTick: \(tick)) before the last event (tick \(line.pointee.lastTick))")
        if !line.pointee.windowOpen { feed.openWindow() }          // run ended before the warm-up: empty window
        let w = warmupTicks
        for s in 0..<storage.serverCount {
            let server = feed.servers + s
            server.pointee.accumulate(at: tick, warmup: w)
            if server.pointee.activeOpen {
                server.pointee.closePeriod(end: server.pointee.activeEnd < 0 ? tick : server.pointee.activeEnd, warmup: w)
                server.pointee.activeOpen = false
            }
        }
        for e in 0..<storage.elementCount where feed.info[e].kind == Self.bufferKind { feed.elements[e].hold(until: tick, warmup: w) }
        line.pointee.wipIntegral += Int128(line.pointee.wip) * Int128(Self.windowTicks(from: line.pointee.wipSince, to: tick, warmup: w))
        line.pointee.wipSince = tick
        line.pointee.endTick = tick
        line.pointee.lastTick = tick
    }

    // MARK: State machinery

    /// Ticks of [from, to) inside the window [warmup, …).
    @inline(__always)
    static func windowTicks(from: Int64, to: Int64, warmup: Int64) -> Int64 {
        let start = from > warmup ? from : warmup
        return to > start ? to - start : 0
    }

    /// Whether an event of kind `k` at an element of kind `element` (nil: any) changes no KPI;
    /// a constant where both are (see `Feed.record`). Must agree with `Feed.apply`.
    @inline(__always)
    static func booksNothing(_ k: EngineEvent.Kind, kind element: UInt8?) -> Bool {
        switch k {
        case .unstarved, .stepStart, .stepEnd, .acquired, .released, .tested: return true
        case .arrived: return element.map { $0 != bufferKind } ?? false
        case .departed: return element.map { $0 != bufferKind && $0 != sourceKind } ?? false
        case .unblocked: return element.map { $0 != sourceKind } ?? false
        default: return false
        }
    }

    @inline(__always)
    static func isActive(_ state: UInt8) -> Bool { (activeStates &>> state) & 1 != 0 }
    /// BUSY and DOWN, as bits.
    static var activeStates: UInt8 { 1 << busy | 1 << down }
}

extension KPIRecorder.Feed {
    /// Books one event. Events before the warm-up only track state; the first one at or after it
    /// opens the window, raising every "since" tick before the warm-up to it, so that inside the
    /// window the ticks to book since a change are just `t − since` (ticks never go back), with
    /// no clipping.
    ///
    /// `trusted`: the event comes from the simulation as it runs, so its tick is not before the
    /// last one and its element and server exist (the engine's own invariants); otherwise (a
    /// batch, a trace) both are checked before any table is touched.
    ///
    /// `kind`: the element's kind (`sourceKind` …) when the caller knows it, a constant where the
    /// simulation books an event as it happens: an event that changes nothing for that kind (a unit
    /// arriving at a station, leaving one) then books nothing, without looking the element up.
    @inline(__always)
    func record(_ event: EngineEvent, trusted: Bool = false, kind: UInt8? = nil) {
        // Nothing to book, nothing to check: not even whether the window opens (opening it at
        // the next event that books something gives the same figures, as nothing changed between).
        if trusted && KPIRecorder.booksNothing(event.kind, kind: kind) { return }
        if line.pointee.windowOpen {
            apply(event, inWindow: true, trusted: trusted, kind: kind)
        } else if event.tick < warmup {
            apply(event, inWindow: false, trusted: trusted, kind: kind)
        } else {
            precondition(event.tick >= line.pointee.lastTick, "KPIRecorder: event at tick \(event.tick) after tick \(line.pointee.lastTick)")
            openWindow()
            apply(event, inWindow: true, trusted: trusted, kind: kind)
        }
    }

    /// Opens the window: from now on time-weighted figures are booked.
    func openWindow() {
        line.pointee.windowOpen = true
        line.pointee.wipStart = line.pointee.wip
        if line.pointee.wipSince < warmup { line.pointee.wipSince = warmup }
        for e in 0..<Int(elementCount) where elements[e].levelSince < warmup { elements[e].levelSince = warmup }
        for s in 0..<serverCount where servers[s].since < warmup { servers[s].since = warmup }
    }

    /// One event. `inWindow` is a constant at each call: true only once the window is open (all
    /// "since" ticks at or after the warm-up).
    @inline(__always)
    func apply(_ event: EngineEvent, inWindow: Bool, trusted: Bool, kind known: UInt8? = nil) {
        let t = event.tick
        let el = Int(event.element)
        if !trusted {
            precondition(t >= line.pointee.lastTick, "KPIRecorder: event at tick \(t) after tick \(line.pointee.lastTick)")
            line.pointee.lastTick = t
            precondition(UInt(bitPattern: el) < elementCount, "KPIRecorder: no element \(el)")
        }
        let w = warmup
        let element = info[el]
        /// The element's kind: the caller's, else looked up.
        @inline(__always) func isKind(_ k: UInt8) -> Bool { (known ?? element.kind) == k }
        assert(known == nil || known == element.kind, "KPIRecorder: element \(el) is not of kind \(known ?? 0)")
        let state = elements + el
        /// The event's server, checked against the element's servers (unless trusted).
        @inline(__always) func server() -> UnsafeMutablePointer<KPIRecorder.ServerState> {
            let sv = Int(event.server)
            precondition(trusted || UInt(bitPattern: sv) < UInt(bitPattern: element.serverCount),
                         "KPIRecorder: element \(el) has no server \(sv) (\(event.kind))")
            return servers + (element.serverBase &+ sv)
        }
        switch event.kind {
        case .created:
            line.pointee.changeWIP(by: 1, at: t, warmup: w, inWindow: inWindow)
            if inWindow { line.pointee.started &+= 1; state.pointee.count &+= 1 }
        case .arrived:
            if isKind(KPIRecorder.bufferKind) { state.pointee.changeLevel(by: 1, at: t, warmup: w, inWindow: inWindow) }
        case .departed:
            if isKind(KPIRecorder.bufferKind) {
                state.pointee.changeLevel(by: -1, at: t, warmup: w, inWindow: inWindow)
            } else if isKind(KPIRecorder.sourceKind) {
                server().pointee.setUnderlying(KPIRecorder.idle, at: t, warmup: w, inWindow: inWindow)
            }
        case .operationStart:
            server().pointee.setUnderlying(KPIRecorder.busy, at: t, warmup: w, inWindow: inWindow)
        case .operationEnd:
            if inWindow {
                state.pointee.operations &+= 1
                state.pointee.scrapOperations &+= event.a != 0 ? 1 : 0
            }
        case .blocked:
            server().pointee.setUnderlying(KPIRecorder.blocked, at: t, warmup: w, inWindow: inWindow)
        case .unblocked:
            if isKind(KPIRecorder.sourceKind) { server().pointee.setUnderlying(KPIRecorder.idle, at: t, warmup: w, inWindow: inWindow) }
        case .starved:
            server().pointee.setUnderlying(KPIRecorder.starved, at: t, warmup: w, inWindow: inWindow)
        case .unstarved:
            break
        case .down:
            server().pointee.setDown(true, at: t, warmup: w, inWindow: inWindow)
        case .up:
            server().pointee.setDown(false, at: t, warmup: w, inWindow: inWindow)
        case .offShift:
            server().pointee.setOff(true, at: t, warmup: w, inWindow: inWindow)
        case .onShift:
            server().pointee.setOff(false, at: t, warmup: w, inWindow: inWindow)
        case .scrapped:
            line.pointee.changeWIP(by: -1, at: t, warmup: w, inWindow: inWindow)
            if inWindow { line.pointee.scrapped &+= 1 }
        case .consumed:
            line.pointee.changeWIP(by: -1, at: t, warmup: w, inWindow: inWindow)
            if inWindow { line.pointee.consumed &+= 1 }
        case .made:
            line.pointee.changeWIP(by: 1, at: t, warmup: w, inWindow: inWindow)
            if inWindow { line.pointee.made &+= 1 }
        case .stepStart, .stepEnd, .acquired, .released, .tested:
            // A cell's steps happen inside the server's busy time; they move no unit.
            break
        case .shipped:
            line.pointee.changeWIP(by: -1, at: t, warmup: w, inWindow: inWindow)
            if inWindow {
                line.pointee.completed &+= 1
                line.pointee.reworked &+= event.server != 0 ? 1 : 0
                state.pointee.count &+= 1
                let lead = t - event.a
                line.pointee.leadSum += Int128(lead)
                line.pointee.leadTimes.record(lead)
            }
        }
    }
}

extension KPIRecorder {
    // MARK: Summary

    /// The KPIs of the window. Call after `finish(atTick:)`.
    public func summary(seed: UInt64) -> LineSummary {
        let l = line
        precondition(l.endTick >= 0, "KPIRecorder.summary before finish(atTick:)")
        let ns = model.tickNanoseconds
        func seconds(_ ticks: Int128) -> Fixed { LineSummary.seconds(ticks: ticks, tickNanoseconds: ns) }
        let window = l.endTick > warmupTicks ? l.endTick - warmupTicks : 0
        let windowNs = Int128(window) * Int128(ns)

        // Lead time.
        let n = l.leadTimes.count
        func quantile(_ num: Int64, _ den: Int64) -> Fixed? { l.leadTimes.quantile(numerator: num, denominator: den).map { seconds(Int128($0)) } }
        let lead = LineSummary.LeadTime(
            count: n, sumTicks: l.leadSum,
            meanSeconds: n == 0 ? nil : LineSummary.fixed(l.leadSum * Int128(ns), Int128(Fixed.oneRaw), Int128(n) * 1_000_000_000),
            p50Seconds: quantile(1, 2), p95Seconds: quantile(19, 20),
            minSeconds: n == 0 ? nil : seconds(Int128(l.leadTimes.min)),
            maxSeconds: n == 0 ? nil : seconds(Int128(l.leadTimes.max)))

        // Elements; the bottleneck by the largest mean active period (exact, in ticks × 2^32).
        var elements: [LineSummary.ElementSummary] = []
        elements.reserveCapacity(info.count)
        var bottleneck: String?
        var bottleneckMean: Int128 = 0
        for (e, element) in model.elements.enumerated() {
            let serverCount = info[e].serverCount
            let serverRange = info[e].serverBase..<(info[e].serverBase + serverCount)
            let state = elementState[e]
            var summary = LineSummary.ElementSummary(name: element.name, kind: element.kindName, servers: serverCount)
            if info[e].kind == Self.sourceKind || info[e].kind == Self.stationKind {
                var row = [Int64](repeating: 0, count: Self.stateCount)
                for s in serverRange {
                    for k in 0..<Self.stateCount { row[k] += servers[s].ledger(k) }
                }
                summary.ledger = LineSummary.Ledger(
                    busy: row[0], blocked: row[1], starved: row[2], down: row[3], idle: row[4], offShift: row[5],
                    capacity: Int64(serverCount) * window)
            }
            switch element.kind {
            case .source:
                summary.created = state.count
            case .sink:
                summary.shipped = state.count
            case .buffer:
                summary.level = LineSummary.BufferLevel(mean: LineSummary.ratio(state.levelIntegral, Int128(window)), max: state.levelMax)
            case let .station(station):
                let ledgerRow = summary.ledger!
                let planned = Int128(ledgerRow.capacity - ledgerRow.offShift)
                let run = planned - Int128(ledgerRow.down)
                let ops = state.operations, good = state.operations - state.scrapOperations
                let ideal = station.process.mean.flatMap { $0.raw >= 0 ? $0 : nil }
                // ideal seconds × count / (ticks × ns / 10^9), as a Fixed raw: ideal.raw × count × 10^9 / (ticks × ns).
                func perTime(_ count: Int64, _ ticks: Int128) -> Fixed? {
                    guard let ideal, ticks > 0 else { return nil }
                    return LineSummary.fixed(Int128(ideal.raw) * 1_000_000_000, Int128(count), ticks * Int128(ns))
                }
                var sumOfMeans: Int128 = 0                     // Σ per-server mean, ticks × 2^32
                var periods: Int64 = 0
                for s in serverRange where servers[s].activePeriods > 0 {
                    sumOfMeans += LineSummary.mulDiv(Int128(servers[s].activeSum), Int128(Fixed.oneRaw), Int128(servers[s].activePeriods))!
                    periods += servers[s].activePeriods
                }
                let mean = serverCount > 0 ? Fixed.roundedQuotient(sumOfMeans, Int128(serverCount)) : 0
                if mean > bottleneckMean { bottleneckMean = mean; bottleneck = element.name }
                summary.station = LineSummary.StationKPIs(
                    operations: ops, scrapped: state.scrapOperations, idealCycleSeconds: ideal,
                    availability: LineSummary.ratio(run, planned),
                    performance: perTime(ops, run),
                    quality: LineSummary.ratio(Int128(good), Int128(ops)),
                    oee: perTime(good, planned),
                    activePeriods: periods,
                    activePeriodMeanSeconds: LineSummary.fixed(mean, Int128(ns), Int128(1_000_000_000)) ?? .max)
            }
            elements.append(summary)
        }

        return LineSummary(
            line: model.name, seed: seed, tickNanoseconds: ns, warmupTicks: warmupTicks, endTick: l.endTick, windowTicks: window,
            warmupSeconds: seconds(Int128(warmupTicks)), endSeconds: seconds(Int128(l.endTick)), windowSeconds: seconds(Int128(window)),
            started: l.started, completed: l.completed, scrapped: l.scrapped, made: l.made, consumed: l.consumed, reworked: l.reworked,
            wipStart: l.wipStart, wipEnd: l.wip,
            throughputPerHour: windowNs > 0 ? LineSummary.fixed(Int128(l.completed) * 3_600_000_000_000, Int128(Fixed.oneRaw), windowNs) : nil,
            leadTime: lead,
            wipMean: LineSummary.ratio(l.wipIntegral, Int128(window)),
            firstPassYield: LineSummary.ratio(Int128(l.completed - l.reworked), Int128(l.completed + l.scrapped)),
            bottleneck: bottleneck, elements: elements)
    }
}
