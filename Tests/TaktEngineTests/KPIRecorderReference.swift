// The KPIRecorder as it was before its per-event path was restructured (one array of per-server
// structs instead of parallel arrays), kept verbatim apart from its name: the reference the
// optimised recorder must match bit for bit on the same event streams (KPIRecorderEquivalenceTests).

import TaktFixed
@testable import TaktEngine

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
/// - units in the system (WIP) = created − shipped − scrapped. Warm-start units must be announced
///   with `created` events like any other.
/// - buffer level = arrivals − departures.
///
/// Warm-up: KPIs are accumulated over the window [warmupTicks, end): time-weighted ones over those
/// ticks, counts over events with tick ≥ warmupTicks (see `LineSummary`).
///
/// Memory: every array is sized in `init` from the model (per element, per server, plus one
/// fixed-size `Histogram`); `record` never allocates.
struct KPIRecorderReference: EventSink {
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

    // MARK: Per element
    let kinds: [UInt8]
    /// Index of the element's first server in the per-server arrays.
    let serverBase: [Int]
    let serverCount: [Int]
    /// Buffers: current level, tick of its last change, ∫level over the window, the highest level
    /// held for at least one tick of the window.
    var level: [Int64]
    var levelSince: [Int64]
    var levelIntegral: [Int128]
    var levelMax: [Int64]
    /// In-window counts: operations and scrap operations (stations), created (sources), shipped (sinks).
    var operations: [Int64]
    var scrapOperations: [Int64]
    var elementCount: [Int64]

    // MARK: Per server
    var underlying: [UInt8]
    var isDown: [Bool]
    /// Tick of the last change of the effective state.
    var since: [Int64]
    /// server × stateCount + state: server-ticks in the window.
    var ledger: [Int64]
    /// An active period is open (possibly pending close at `activeEnd`).
    var activeOpen: [Bool]
    var activeStart: [Int64]
    /// The tick at which the open period became inactive, or -1 while it is active.
    var activeEnd: [Int64]
    var activeSum: [Int64]
    var activePeriods: [Int64]

    // MARK: Line
    var wip: Int64 = 0
    var wipSince: Int64 = 0
    var wipIntegral: Int128 = 0
    var wipStart: Int64 = 0
    var started: Int64 = 0
    var made: Int64 = 0
    var consumed: Int64 = 0
    var reworked: Int64 = 0
    var completed: Int64 = 0
    var scrapped: Int64 = 0
    var leadSum: Int128 = 0
    var leadTimes = Histogram()
    var windowOpen = false
    var lastTick: Int64 = 0
    var endTick: Int64 = -1

    public init(model: LineModel, warmupTicks: Int64) {
        precondition(warmupTicks >= 0, "warm-up must not be negative (got \(warmupTicks) ticks)")
        self.model = model
        self.warmupTicks = warmupTicks
        var kinds: [UInt8] = [], base: [Int] = [], count: [Int] = []
        var initial: [UInt8] = []
        for element in model.elements {
            base.append(initial.count)
            switch element.kind {
            case .source:
                kinds.append(Self.sourceKind); count.append(1); initial.append(Self.idle)
            case .buffer:
                kinds.append(Self.bufferKind); count.append(0)
            case let .station(station):
                kinds.append(Self.stationKind); count.append(station.servers)
                initial.append(contentsOf: repeatElement(Self.starved, count: station.servers))
            case .sink:
                kinds.append(Self.sinkKind); count.append(0)
            }
        }
        self.kinds = kinds; serverBase = base; serverCount = count
        let e = model.elements.count, s = initial.count
        level = Array(repeating: 0, count: e)
        levelSince = Array(repeating: 0, count: e)
        levelIntegral = Array(repeating: 0, count: e)
        levelMax = Array(repeating: 0, count: e)
        operations = Array(repeating: 0, count: e)
        scrapOperations = Array(repeating: 0, count: e)
        elementCount = Array(repeating: 0, count: e)
        underlying = initial
        isDown = Array(repeating: false, count: s)
        since = Array(repeating: 0, count: s)
        ledger = Array(repeating: 0, count: s * Self.stateCount)
        activeOpen = Array(repeating: false, count: s)
        activeStart = Array(repeating: 0, count: s)
        activeEnd = Array(repeating: -1, count: s)
        activeSum = Array(repeating: 0, count: s)
        activePeriods = Array(repeating: 0, count: s)
    }

    // MARK: Recording

    public mutating func record(_ event: EngineEvent) {
        let t = event.tick
        precondition(t >= lastTick && endTick < 0, "KPIRecorder: event at tick \(t) after tick \(endTick < 0 ? lastTick : endTick)")
        lastTick = t
        if !windowOpen && t >= warmupTicks { openWindow() }
        let inWindow = windowOpen
        let el = Int(event.element)
        switch event.kind {
        case .created:
            changeWIP(by: 1, at: t)
            if inWindow { started += 1; elementCount[el] += 1 }
        case .arrived:
            if kinds[el] == Self.bufferKind { changeLevel(el, by: 1, at: t) }
        case .departed:
            if kinds[el] == Self.bufferKind {
                changeLevel(el, by: -1, at: t)
            } else if kinds[el] == Self.sourceKind {
                setUnderlying(server(event), Self.idle, at: t)
            }
        case .operationStart:
            setUnderlying(server(event), Self.busy, at: t)
        case .operationEnd:
            if inWindow {
                operations[el] += 1
                if event.a != 0 { scrapOperations[el] += 1 }
            }
        case .blocked:
            setUnderlying(server(event), Self.blocked, at: t)
        case .unblocked:
            if kinds[el] == Self.sourceKind { setUnderlying(server(event), Self.idle, at: t) }
        case .starved:
            setUnderlying(server(event), Self.starved, at: t)
        case .unstarved:
            break
        case .down:
            setDown(server(event), true, at: t)
        case .up:
            setDown(server(event), false, at: t)
        case .offShift, .onShift:
            break  // the reference predates shifts; the equivalence tests produce no shift events
        case .scrapped:
            changeWIP(by: -1, at: t)
            if inWindow { scrapped += 1 }
        case .consumed:
            changeWIP(by: -1, at: t)
            if inWindow { consumed += 1 }
        case .made:
            changeWIP(by: 1, at: t)
            if inWindow { made += 1 }
        case .stepStart, .stepEnd, .acquired, .released, .tested:
            break
        case .shipped:
            changeWIP(by: -1, at: t)
            if inWindow {
                completed += 1
                if event.server != 0 { reworked += 1 }
                elementCount[el] += 1
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
        for s in underlying.indices {
            accumulate(s, at: tick)
            if activeOpen[s] {
                closePeriod(s, end: activeEnd[s] < 0 ? tick : activeEnd[s])
                activeOpen[s] = false
            }
        }
        for e in kinds.indices where kinds[e] == Self.bufferKind { holdLevel(e, until: tick) }
        wipIntegral += Int128(wip) * Int128(windowTicks(from: wipSince, to: tick))
        wipSince = tick
        endTick = tick
        lastTick = tick
    }

    // MARK: State machinery

    @inline(__always)
    func server(_ event: EngineEvent) -> Int {
        let el = Int(event.element), sv = Int(event.server)
        precondition(sv >= 0 && sv < serverCount[el], "KPIRecorder: element \(el) has no server \(sv) (\(event.kind))")
        return serverBase[el] + sv
    }

    /// Ticks of [from, to) inside the window.
    @inline(__always)
    func windowTicks(from: Int64, to: Int64) -> Int64 {
        let start = from > warmupTicks ? from : warmupTicks
        return to > start ? to - start : 0
    }

    mutating func openWindow() {
        windowOpen = true
        wipStart = wip
    }

    @inline(__always)
    func effective(_ s: Int) -> UInt8 { isDown[s] ? Self.down : underlying[s] }

    @inline(__always)
    static func isActive(_ state: UInt8) -> Bool { state == busy || state == down }

    /// Books the effective state's ticks since the last change up to `t`.
    @inline(__always)
    mutating func accumulate(_ s: Int, at t: Int64) {
        let n = windowTicks(from: since[s], to: t)
        if n > 0 { ledger[s * Self.stateCount + Int(effective(s))] += n }
        since[s] = t
    }

    mutating func setUnderlying(_ s: Int, _ state: UInt8, at t: Int64) {
        let old = underlying[s]
        if old == state { return }
        if isDown[s] { underlying[s] = state; return }    // still DOWN: nothing visible changes
        accumulate(s, at: t)
        underlying[s] = state
        activity(s, from: old, to: state, at: t)
    }

    mutating func setDown(_ s: Int, _ down: Bool, at t: Int64) {
        if isDown[s] == down { return }
        let old = effective(s)
        accumulate(s, at: t)
        isDown[s] = down
        activity(s, from: old, to: effective(s), at: t)
    }

    /// Opens or (lazily) closes active periods. A period made inactive at t and active again at the
    /// same t continues.
    @inline(__always)
    mutating func activity(_ s: Int, from old: UInt8, to new: UInt8, at t: Int64) {
        let was = Self.isActive(old), now = Self.isActive(new)
        if was == now { return }
        if !now {
            activeEnd[s] = t
            return
        }
        if activeOpen[s] {
            if activeEnd[s] == t { activeEnd[s] = -1; return }
            closePeriod(s, end: activeEnd[s])
        }
        activeOpen[s] = true
        activeStart[s] = t
        activeEnd[s] = -1
    }

    /// Counts the period [activeStart, end) clipped to the window, if anything is left of it.
    mutating func closePeriod(_ s: Int, end: Int64) {
        let n = windowTicks(from: activeStart[s], to: end)
        if n > 0 {
            activeSum[s] += n
            activePeriods[s] += 1
        }
    }

    @inline(__always)
    mutating func changeLevel(_ e: Int, by delta: Int64, at t: Int64) {
        holdLevel(e, until: t)
        level[e] += delta
    }

    /// Books the current level from its last change up to `t`.
    @inline(__always)
    mutating func holdLevel(_ e: Int, until t: Int64) {
        let n = windowTicks(from: levelSince[e], to: t)
        if n > 0 {
            levelIntegral[e] += Int128(level[e]) * Int128(n)
            if level[e] > levelMax[e] { levelMax[e] = level[e] }
        }
        levelSince[e] = t
    }

    @inline(__always)
    mutating func changeWIP(by delta: Int64, at t: Int64) {
        wipIntegral += Int128(wip) * Int128(windowTicks(from: wipSince, to: t))
        wipSince = t
        wip += delta
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
        elements.reserveCapacity(kinds.count)
        var bottleneck: String?
        var bottleneckMean: Int128 = 0
        for (e, element) in model.elements.enumerated() {
            var summary = LineSummary.ElementSummary(name: element.name, kind: element.kindName, servers: serverCount[e])
            if kinds[e] == Self.sourceKind || kinds[e] == Self.stationKind {
                var row = [Int64](repeating: 0, count: Self.stateCount)
                for s in serverBase[e]..<(serverBase[e] + serverCount[e]) {
                    for k in 0..<Self.stateCount { row[k] += ledger[s * Self.stateCount + k] }
                }
                summary.ledger = LineSummary.Ledger(
                    busy: row[0], blocked: row[1], starved: row[2], down: row[3], idle: row[4], offShift: row[5],
                    capacity: Int64(serverCount[e]) * window)
            }
            switch element.kind {
            case .source:
                summary.created = elementCount[e]
            case .sink:
                summary.shipped = elementCount[e]
            case .buffer:
                summary.level = LineSummary.BufferLevel(mean: LineSummary.ratio(levelIntegral[e], Int128(window)), max: levelMax[e])
            case let .station(station):
                let ledgerRow = summary.ledger!
                let planned = Int128(ledgerRow.capacity - ledgerRow.offShift)
                let run = planned - Int128(ledgerRow.down)
                let ops = operations[e], good = operations[e] - scrapOperations[e]
                let ideal = station.process.mean.flatMap { $0.raw >= 0 ? $0 : nil }
                // ideal seconds × count / (ticks × ns / 10^9), as a Fixed raw: ideal.raw × count × 10^9 / (ticks × ns).
                func perTime(_ count: Int64, _ ticks: Int128) -> Fixed? {
                    guard let ideal, ticks > 0 else { return nil }
                    return LineSummary.fixed(Int128(ideal.raw) * 1_000_000_000, Int128(count), ticks * Int128(ns))
                }
                var sumOfMeans: Int128 = 0                     // Σ per-server mean, ticks × 2^32
                var periods: Int64 = 0
                for s in serverBase[e]..<(serverBase[e] + serverCount[e]) where activePeriods[s] > 0 {
                    sumOfMeans += LineSummary.mulDiv(Int128(activeSum[s]), Int128(Fixed.oneRaw), Int128(activePeriods[s]))!
                    periods += activePeriods[s]
                }
                let mean = serverCount[e] > 0 ? Fixed.roundedQuotient(sumOfMeans, Int128(serverCount[e])) : 0
                if mean > bottleneckMean { bottleneckMean = mean; bottleneck = element.name }
                summary.station = LineSummary.StationKPIs(
                    operations: ops, scrapped: scrapOperations[e], idealCycleSeconds: ideal,
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
