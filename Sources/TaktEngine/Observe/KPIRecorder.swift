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
/// Memory: every array is sized in `init` from the model (one entry per element, one per server,
/// plus one fixed-size `Histogram`); `record` never allocates.
///
/// Layout: the mutable state of an element and of a server each live in one small struct in one
/// array, so an event mutates at most one array entry in place (one uniqueness check, one bounds
/// check) instead of touching several parallel arrays.
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

        /// Books the effective state up to `t`, then applies `change` to the flags. Booking when
        /// nothing visible changes only splits an interval between two ledger additions, so it is
        /// done unconditionally; the active-period logic runs only when activity changes.
        @inline(__always)
        mutating func transition(at t: Int64, warmup: Int64, inWindow: Bool, _ change: (inout ServerState) -> Void) {
            let old = effective
            if inWindow {
                book(old, t &- since)        // the window is open: `since` is in it, ticks never go back
                since = t
            } else {
                accumulate(at: t, warmup: warmup)
            }
            change(&self)
            let new = effective
            if KPIRecorder.isActive(old) != KPIRecorder.isActive(new) { activity(from: old, to: new, at: t, warmup: warmup) }
        }

        @inline(__always)
        mutating func setUnderlying(_ state: UInt8, at t: Int64, warmup: Int64, inWindow: Bool) {
            transition(at: t, warmup: warmup, inWindow: inWindow) { $0.underlying = state }
        }

        @inline(__always)
        mutating func setOff(_ off: Bool, at t: Int64, warmup: Int64, inWindow: Bool) {
            transition(at: t, warmup: warmup, inWindow: inWindow) { $0.isOff = off }
        }

        @inline(__always)
        mutating func setDown(_ down: Bool, at t: Int64, warmup: Int64, inWindow: Bool) {
            transition(at: t, warmup: warmup, inWindow: inWindow) { $0.isDown = down }
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

    // MARK: Per element
    let info: [ElementInfo]
    var elementState: [ElementState]

    // MARK: Per server
    var servers: [ServerState]

    // MARK: Line
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
        self.info = info
        self.servers = servers
        elementState = Array(repeating: ElementState(), count: info.count)
    }

    // MARK: Recording

    public mutating func record(_ event: EngineEvent) {
        withUnsafePointer(to: event) { record(contentsOf: UnsafeBufferPointer(start: $0, count: 1)) }
    }

    /// Records a batch: the element and server tables are taken out of `self` for the batch and
    /// written through buffer pointers, so an event costs no uniqueness check on them.
    ///
    /// Two loops: events before the warm-up (state tracking only), then events in the window. When
    /// the window opens every "since" tick before it is raised to the warm-up tick, so inside the
    /// window the ticks to book since a change are just `t − since` (ticks never go back), with no
    /// clipping and no window test per event.
    public mutating func record(contentsOf events: UnsafeBufferPointer<EngineEvent>) {
        precondition(endTick < 0, "KPIRecorder: event after finish(atTick: \(endTick))")
        guard let first = events.baseAddress, events.count > 0 else { return }
        var elementState: [ElementState] = [], servers: [ServerState] = []
        swap(&elementState, &self.elementState)
        swap(&servers, &self.servers)
        defer {
            swap(&elementState, &self.elementState)
            swap(&servers, &self.servers)
        }
        info.withUnsafeBufferPointer { info in
            elementState.withUnsafeMutableBufferPointer { elementState in
                servers.withUnsafeMutableBufferPointer { servers in
                    // An empty table (a line without servers) is never read: every index is checked first.
                    record(first, first + events.count, info.baseAddress ?? UnsafePointer(Self.nowhere()), UInt(info.count),
                           elementState.baseAddress ?? Self.nowhere(), servers.baseAddress ?? Self.nowhere(), serverCount: servers.count)
                }
            }
        }
    }

    /// A non-nil address that is never read, standing for an empty table.
    static func nowhere<T>() -> UnsafeMutablePointer<T> { UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment)! }

    /// The events `first ..< end`, with the tables as bare pointers (kept in registers across the loop).
    mutating func record(_ first: UnsafePointer<EngineEvent>, _ end: UnsafePointer<EngineEvent>,
                         _ info: UnsafePointer<ElementInfo>, _ elementCount: UInt,
                         _ elementState: UnsafeMutablePointer<ElementState>, _ servers: UnsafeMutablePointer<ServerState>,
                         serverCount: Int) {
        var p = first
        if !windowOpen {
            while p < end && p.pointee.tick < warmupTicks {
                apply(p.pointee, inWindow: false, info, elementCount, elementState, servers)
                p += 1
            }
            if p == end { return }
            let t = p.pointee.tick
            precondition(t >= lastTick, "KPIRecorder: event at tick \(t) after tick \(lastTick)")
            openWindow(UnsafeMutableBufferPointer(start: elementState, count: Int(elementCount)),
                       UnsafeMutableBufferPointer(start: servers, count: serverCount))
        }
        while p < end {
            apply(p.pointee, inWindow: true, info, elementCount, elementState, servers)
            p += 1
        }
    }

    /// One event, with the tables passed in by `record(contentsOf:)`. The element index is
    /// checked against `info` before either table is touched. `inWindow` is a constant at each
    /// call: true only once the window is open (all "since" ticks at or after the warm-up).
    @inline(__always)
    mutating func apply(_ event: EngineEvent, inWindow: Bool, _ info: UnsafePointer<ElementInfo>, _ elementCount: UInt,
                        _ elementState: UnsafeMutablePointer<ElementState>, _ servers: UnsafeMutablePointer<ServerState>) {
        let t = event.tick
        precondition(t >= lastTick, "KPIRecorder: event at tick \(t) after tick \(lastTick)")
        lastTick = t
        let w = warmupTicks
        let el = Int(event.element)
        precondition(UInt(bitPattern: el) < elementCount, "KPIRecorder: no element \(el)")
        let element = info[el]
        let state = elementState + el
        /// The event's server, checked against the element's servers.
        @inline(__always) func server() -> UnsafeMutablePointer<ServerState> {
            let sv = Int(event.server)
            precondition(UInt(bitPattern: sv) < UInt(bitPattern: element.serverCount),
                         "KPIRecorder: element \(el) has no server \(sv) (\(event.kind))")
            return servers + (element.serverBase &+ sv)
        }
        switch event.kind {
        case .created:
            changeWIP(by: 1, at: t, inWindow: inWindow)
            if inWindow { started &+= 1; state.pointee.count &+= 1 }
        case .arrived:
            if element.kind == Self.bufferKind { state.pointee.changeLevel(by: 1, at: t, warmup: w, inWindow: inWindow) }
        case .departed:
            if element.kind == Self.bufferKind {
                state.pointee.changeLevel(by: -1, at: t, warmup: w, inWindow: inWindow)
            } else if element.kind == Self.sourceKind {
                server().pointee.setUnderlying(Self.idle, at: t, warmup: w, inWindow: inWindow)
            }
        case .operationStart:
            server().pointee.setUnderlying(Self.busy, at: t, warmup: w, inWindow: inWindow)
        case .operationEnd:
            if inWindow {
                state.pointee.operations &+= 1
                state.pointee.scrapOperations &+= event.a != 0 ? 1 : 0
            }
        case .blocked:
            server().pointee.setUnderlying(Self.blocked, at: t, warmup: w, inWindow: inWindow)
        case .unblocked:
            if element.kind == Self.sourceKind { server().pointee.setUnderlying(Self.idle, at: t, warmup: w, inWindow: inWindow) }
        case .starved:
            server().pointee.setUnderlying(Self.starved, at: t, warmup: w, inWindow: inWindow)
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
            changeWIP(by: -1, at: t, inWindow: inWindow)
            if inWindow { scrapped &+= 1 }
        case .consumed:
            changeWIP(by: -1, at: t, inWindow: inWindow)
            if inWindow { consumed &+= 1 }
        case .made:
            changeWIP(by: 1, at: t, inWindow: inWindow)
            if inWindow { made &+= 1 }
        case .stepStart, .stepEnd, .acquired, .released, .tested:
            // A cell's steps happen inside the server's busy time; they move no unit.
            break
        case .shipped:
            changeWIP(by: -1, at: t, inWindow: inWindow)
            if inWindow {
                completed &+= 1
                reworked &+= event.server != 0 ? 1 : 0
                state.pointee.count &+= 1
                let lead = t - event.a
                leadSum += Int128(lead)
                leadTimes.record(lead)
            }
        }
    }

    /// Closes every interval at `tick`. Call once, after the last event; then `summary`.
    public mutating func finish(atTick tick: Int64) {
        precondition(endTick < 0, "KPIRecorder.finish called twice")
        precondition(tick >= lastTick, "KPIRecorder.finish(atTick: \(tick)) before the last event (tick \(lastTick))")
        if !windowOpen { openWindow() }                  // run ended before the warm-up: empty window
        let w = warmupTicks
        for s in servers.indices {
            servers[s].accumulate(at: tick, warmup: w)
            if servers[s].activeOpen {
                servers[s].closePeriod(end: servers[s].activeEnd < 0 ? tick : servers[s].activeEnd, warmup: w)
                servers[s].activeOpen = false
            }
        }
        for e in info.indices where info[e].kind == Self.bufferKind { elementState[e].hold(until: tick, warmup: w) }
        wipIntegral += Int128(wip) * Int128(Self.windowTicks(from: wipSince, to: tick, warmup: w))
        wipSince = tick
        endTick = tick
        lastTick = tick
    }

    // MARK: State machinery

    /// The index in `servers` of the event's server (of `element`, the event's element).
    @inline(__always)
    func server(_ event: EngineEvent, _ element: ElementInfo) -> Int {
        let el = Int(event.element), sv = Int(event.server)
        precondition(sv >= 0 && sv < element.serverCount, "KPIRecorder: element \(el) has no server \(sv) (\(event.kind))")
        return element.serverBase + sv
    }

    /// Ticks of [from, to) inside the window [warmup, …).
    @inline(__always)
    static func windowTicks(from: Int64, to: Int64, warmup: Int64) -> Int64 {
        let start = from > warmup ? from : warmup
        return to > start ? to - start : 0
    }

    mutating func openWindow() {
        windowOpen = true
        wipStart = wip
        if wipSince < warmupTicks { wipSince = warmupTicks }
    }

    /// Opens the window during a batch (the tables taken out of `self`), raising every "since"
    /// tick before the warm-up to it: ticks booked from then on are `t − since`, as clipped.
    mutating func openWindow(_ elementState: UnsafeMutableBufferPointer<ElementState>, _ servers: UnsafeMutableBufferPointer<ServerState>) {
        openWindow()
        let w = warmupTicks
        for e in elementState.indices where elementState[e].levelSince < w { elementState[e].levelSince = w }
        for s in servers.indices where servers[s].since < w { servers[s].since = w }
    }

    @inline(__always)
    static func isActive(_ state: UInt8) -> Bool { state == busy || state == down }

    @inline(__always)
    mutating func changeWIP(by delta: Int64, at t: Int64, inWindow: Bool) {
        let n = inWindow ? t &- wipSince : Self.windowTicks(from: wipSince, to: t, warmup: warmupTicks)
        if n > 0 {
            let (high, low) = wip.multipliedFullWidth(by: n)
            wipIntegral += Int128(_low: low, _high: high)
        }
        wipSince = t
        wip &+= delta
    }

    // MARK: Summary

    /// The KPIs of the window. Call after `finish(atTick:)`.
    public func summary(seed: UInt64) -> LineSummary {
        precondition(endTick >= 0, "KPIRecorder.summary before finish(atTick:)")
        let ns = model.tickNanoseconds
        func seconds(_ ticks: Int128) -> Fixed { LineSummary.seconds(ticks: ticks, tickNanoseconds: ns) }
        let window = endTick > warmupTicks ? endTick - warmupTicks : 0
        let windowNs = Int128(window) * Int128(ns)

        // Lead time.
        let n = leadTimes.count
        func quantile(_ num: Int64, _ den: Int64) -> Fixed? { leadTimes.quantile(numerator: num, denominator: den).map { seconds(Int128($0)) } }
        let lead = LineSummary.LeadTime(
            count: n, sumTicks: leadSum,
            meanSeconds: n == 0 ? nil : LineSummary.fixed(leadSum * Int128(ns), Int128(Fixed.oneRaw), Int128(n) * 1_000_000_000),
            p50Seconds: quantile(1, 2), p95Seconds: quantile(19, 20),
            minSeconds: n == 0 ? nil : seconds(Int128(leadTimes.min)),
            maxSeconds: n == 0 ? nil : seconds(Int128(leadTimes.max)))

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
            line: model.name, seed: seed, tickNanoseconds: ns, warmupTicks: warmupTicks, endTick: endTick, windowTicks: window,
            warmupSeconds: seconds(Int128(warmupTicks)), endSeconds: seconds(Int128(endTick)), windowSeconds: seconds(Int128(window)),
            started: started, completed: completed, scrapped: scrapped, made: made, consumed: consumed, reworked: reworked,
            wipStart: wipStart, wipEnd: wip,
            throughputPerHour: windowNs > 0 ? LineSummary.fixed(Int128(completed) * 3_600_000_000_000, Int128(Fixed.oneRaw), windowNs) : nil,
            leadTime: lead,
            wipMean: LineSummary.ratio(wipIntegral, Int128(window)),
            firstPassYield: LineSummary.ratio(Int128(completed - reworked), Int128(completed + scrapped)),
            bottleneck: bottleneck, elements: elements)
    }
}
