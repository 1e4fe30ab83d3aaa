import TaktEngine
import TaktLine

/// A run's trace aggregated to a drawing's resolution, in one streaming pass: for each server,
/// robot and vehicle the ticks spent in each state per time column; per buffer and for WIP the
/// time-weighted level per column; units shipped per column. Memory is tracks × columns, whatever
/// the trace's length.
public struct RunTimeline: EventSink {
    /// Gantt states, in legend order.
    public enum State: Int, CaseIterable, Sendable {
        case busy, blocked, starved, down, offShift, idle, moving
        public var label: String {
            switch self {
            case .busy: "busy"
            case .blocked: "blocked"
            case .starved: "starved"
            case .down: "down"
            case .offShift: "off shift"
            case .idle: "idle"
            case .moving: "moving / working"
            }
        }
    }

    public struct Track: Sendable {
        public var name: String
        /// "station", "source", "robot" or "vehicle".
        public var kind: String
        /// Ticks per state per column: `ticks[column * stateCount + state]`.
        public var ticks: [Int64]
    }

    public let model: LineModel
    public let from: Int64, to: Int64
    public let columns: Int
    /// Each server, robot and vehicle with its ticks per state per column.
    public var tracks: [Track] {
        let stride = columns * State.allCases.count
        return trackInfo.enumerated().map { k, t in Track(name: t.name, kind: t.kind, ticks: Array(trackTicks[(k * stride)..<((k + 1) * stride)])) }
    }
    /// Buffers: ∫level per column; WIP likewise; units shipped per column.
    public private(set) var bufferNames: [String] = []
    public var bufferLevel: [[Int64]] { bufferNames.indices.map { Array(levelTicks[($0 * columns)..<(($0 + 1) * columns)]) } }
    public private(set) var bufferCapacity: [Int] = []
    public private(set) var wipIntegral: [Int64]
    public private(set) var shipped: [Int64]
    public private(set) var lastTick: Int64 = 0
    public private(set) var finished = false

    // Flat storage, written in the hot loop without nested arrays: track k, column c, state s at
    // `trackTicks[(k * columns + c) * stateCount + s]`; buffer b, column c at `levelTicks[b * columns + c]`.
    var trackInfo: [(name: String, kind: String)] = []
    var trackTicks: [Int64] = []
    var levelTicks: [Int64] = []
    var isSource: [Bool] = []

    // State machines.
    var trackOf: [Int] = []           // element → first track (servers follow), −1
    var underlying: [State] = []
    var down: [Bool] = [], off: [Bool] = []
    var since: [Int64] = []
    var bufferIndex: [Int] = []
    var level: [Int64] = [], levelSince: [Int64] = []
    var wip: Int64 = 0, wipSince: Int64 = 0
    let stepActor: [Int]
    var actorTrack: [Int] = []

    public init(line: LoadedLine, from: Int64, to: Int64, columns: Int = 600) {
        let model = line.model
        self.model = model
        self.from = from
        self.to = max(to, from + 1)
        self.columns = columns
        wipIntegral = Array(repeating: 0, count: columns)
        shipped = Array(repeating: 0, count: columns)
        for e in model.elements {
            if case .source = e.kind { isSource.append(true) } else { isSource.append(false) }
            switch e.kind {
            case .station(let st):
                trackOf.append(trackInfo.count)
                for s in 0..<st.servers {
                    trackInfo.append((st.servers == 1 ? e.name : "\(e.name) #\(s + 1)", "station"))
                    underlying.append(.starved)
                }
                bufferIndex.append(-1)
            case .source:
                trackOf.append(trackInfo.count)
                trackInfo.append((e.name, "source"))
                underlying.append(.idle)
                bufferIndex.append(-1)
            case .buffer(let b):
                trackOf.append(-1)
                bufferIndex.append(bufferNames.count)
                bufferNames.append(e.name)
                bufferCapacity.append(b.capacity)
                level.append(0); levelSince.append(0)
            case .sink:
                trackOf.append(-1); bufferIndex.append(-1)
            }
        }
        // Robots and vehicles: moving during their moves and legs, working during their tool actions.
        var actorOfStep = line.motions.stepActor
        var byName: [String: Int] = [:]
        for (i, a) in line.motions.actors.enumerated() { byName[a.name] = i }
        for (k, info) in model.steps.enumerated() where k < actorOfStep.count && actorOfStep[k] < 0 {
            if let i = byName[info.actor] { actorOfStep[k] = i }
        }
        stepActor = actorOfStep
        for a in line.motions.actors {
            actorTrack.append(trackInfo.count)
            trackInfo.append((a.name, a.name.contains(".vehicle") ? "vehicle" : "robot"))
            underlying.append(.idle)
        }
        trackTicks = Array(repeating: 0, count: trackInfo.count * columns * State.allCases.count)
        levelTicks = Array(repeating: 0, count: bufferNames.count * columns)
        down = Array(repeating: false, count: trackInfo.count)
        off = down
        since = Array(repeating: 0, count: trackInfo.count)
    }

    /// Adds `weight` × the ticks of `[a, b)` to `bins[base + c × stride]` for each column c it
    /// covers (clipped to the window).
    /// Static, so that `bins` (a table of `self`) is not copied to keep `self` readable meanwhile.
    @inline(__always)
    static func spread(_ a: Int64, _ b: Int64, weight: Int64, into bins: inout [Int64], base: Int, stride: Int, from: Int64, to: Int64, columns: Int) {
        let lo = max(a, from), hi = min(b, to)
        guard hi > lo else { return }
        let span = to - from
        var t = lo
        while t < hi {
            let c = Int((Int128(t - from) * Int128(columns)) / Int128(span))
            let columnEnd = from + Int64((Int128(c + 1) * Int128(span) + Int128(columns) - 1) / Int128(columns))
            let end = min(hi, max(columnEnd, t + 1))
            bins[base + min(c, columns - 1) * stride] += weight * (end - t)
            t = end
        }
    }

    func state(_ k: Int) -> State { down[k] ? .down : off[k] ? .offShift : underlying[k] }

    mutating func close(_ k: Int, at t: Int64) {
        let s = state(k).rawValue, n = State.allCases.count
        Self.spread(since[k], t, weight: 1, into: &trackTicks, base: k * columns * n + s, stride: n, from: from, to: to, columns: columns)
        since[k] = t
    }

    mutating func setLevel(_ b: Int, by d: Int64, at t: Int64) {
        Self.spread(levelSince[b], t, weight: level[b], into: &levelTicks, base: b * columns, stride: 1, from: from, to: to, columns: columns)
        level[b] += d; levelSince[b] = t
    }

    mutating func setWIP(by d: Int64, at t: Int64) {
        Self.spread(wipSince, t, weight: wip, into: &wipIntegral, base: 0, stride: 1, from: from, to: to, columns: columns)
        wip += d; wipSince = t
    }

    public mutating func record(_ e: EngineEvent) {
        let t = e.tick, el = Int(e.element)
        lastTick = max(lastTick, t)
        let base = trackOf[el]
        let k = base >= 0 ? base + Int(e.server) : -1
        switch e.kind {
        case .created, .made: setWIP(by: 1, at: t)
        case .consumed, .scrapped: setWIP(by: -1, at: t)
        case .shipped:
            setWIP(by: -1, at: t)
            if t >= from && t < to { shipped[min(Int((Int128(t - from) * Int128(columns)) / Int128(to - from)), columns - 1)] += 1 }
        case .arrived: if bufferIndex[el] >= 0 { setLevel(bufferIndex[el], by: 1, at: t) }
        case .departed:
            if bufferIndex[el] >= 0 { setLevel(bufferIndex[el], by: -1, at: t) }
            if k >= 0 && isSource[el] { close(k, at: t); underlying[k] = .idle }
        case .operationStart: if k >= 0 { close(k, at: t); underlying[k] = .busy }
        case .blocked: if k >= 0 { close(k, at: t); underlying[k] = .blocked }
        case .unblocked: if k >= 0 && isSource[el] { close(k, at: t); underlying[k] = .idle }
        case .starved: if k >= 0 { close(k, at: t); underlying[k] = .starved }
        case .down: if k >= 0 { close(k, at: t); down[k] = true }
        case .up: if k >= 0 { close(k, at: t); down[k] = false }
        case .offShift: if k >= 0 { close(k, at: t); off[k] = true }
        case .onShift: if k >= 0 { close(k, at: t); off[k] = false }
        case .stepStart, .stepEnd:
            let step = Int(e.a)
            guard step < stepActor.count, stepActor[step] >= 0 else { return }
            let r = actorTrack[stepActor[step]]
            close(r, at: t)
            underlying[r] = e.kind == .stepStart ? .moving : .idle
        case .operationEnd, .unstarved, .acquired, .released, .tested: break
        }
    }

    /// Books everything up to `tick` (the end of the run, or of a truncated trace).
    public mutating func finish(atTick tick: Int64) {
        for k in trackInfo.indices { close(k, at: tick) }
        for b in bufferNames.indices { setLevel(b, by: 0, at: tick) }
        setWIP(by: 0, at: tick)
        lastTick = max(lastTick, tick)
        finished = true
    }

    /// Tick at which column `c` starts.
    public func columnStart(_ c: Int) -> Int64 { from + Int64((Int128(c) * Int128(to - from) + Int128(columns) - 1) / Int128(columns)) }
}
