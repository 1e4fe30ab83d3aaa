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
    public private(set) var tracks: [Track] = []
    /// Buffers: ∫level per column; WIP likewise; units shipped per column.
    public private(set) var bufferNames: [String] = []
    public private(set) var bufferLevel: [[Int64]] = []
    public private(set) var bufferCapacity: [Int] = []
    public private(set) var wipIntegral: [Int64]
    public private(set) var shipped: [Int64]
    public private(set) var lastTick: Int64 = 0
    public private(set) var finished = false

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
        let n = State.allCases.count
        for e in model.elements {
            switch e.kind {
            case .station(let st):
                trackOf.append(tracks.count)
                for s in 0..<st.servers {
                    tracks.append(Track(name: st.servers == 1 ? e.name : "\(e.name) #\(s + 1)", kind: "station", ticks: Array(repeating: 0, count: columns * n)))
                    underlying.append(.starved)
                }
                bufferIndex.append(-1)
            case .source:
                trackOf.append(tracks.count)
                tracks.append(Track(name: e.name, kind: "source", ticks: Array(repeating: 0, count: columns * n)))
                underlying.append(.idle)
                bufferIndex.append(-1)
            case .buffer(let b):
                trackOf.append(-1)
                bufferIndex.append(bufferNames.count)
                bufferNames.append(e.name)
                bufferLevel.append(Array(repeating: 0, count: columns))
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
            actorTrack.append(tracks.count)
            tracks.append(Track(name: a.name, kind: a.name.contains(".vehicle") ? "vehicle" : "robot", ticks: Array(repeating: 0, count: columns * n)))
            underlying.append(.idle)
        }
        down = Array(repeating: false, count: tracks.count)
        off = down
        since = Array(repeating: 0, count: tracks.count)
    }

    /// Adds `[a, b)` (ticks) to `bins`, split over the columns it covers (clipped to the window).
    @inline(__always)
    func spread(_ a: Int64, _ b: Int64, _ add: (Int, Int64) -> Void) {
        let lo = max(a, from), hi = min(b, to)
        guard hi > lo else { return }
        let span = to - from
        var t = lo
        while t < hi {
            let c = Int((Int128(t - from) * Int128(columns)) / Int128(span))
            let columnEnd = from + Int64((Int128(c + 1) * Int128(span) + Int128(columns) - 1) / Int128(columns))
            let end = min(hi, max(columnEnd, t + 1))
            add(min(c, columns - 1), end - t)
            t = end
        }
    }

    func state(_ k: Int) -> State { down[k] ? .down : off[k] ? .offShift : underlying[k] }

    mutating func close(_ k: Int, at t: Int64) {
        let s = state(k).rawValue, n = State.allCases.count
        spread(since[k], t) { c, d in tracks[k].ticks[c * n + s] += d }
        since[k] = t
    }

    mutating func setLevel(_ b: Int, by d: Int64, at t: Int64) {
        let l = level[b]
        spread(levelSince[b], t) { c, dt in bufferLevel[b][c] += l * dt }
        level[b] += d; levelSince[b] = t
    }

    mutating func setWIP(by d: Int64, at t: Int64) {
        let w = wip
        spread(wipSince, t) { c, dt in wipIntegral[c] += w * dt }
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
            if k >= 0, case .source = model.elements[el].kind { close(k, at: t); underlying[k] = .idle }
        case .operationStart: if k >= 0 { close(k, at: t); underlying[k] = .busy }
        case .blocked: if k >= 0 { close(k, at: t); underlying[k] = .blocked }
        case .unblocked: if k >= 0, case .source = model.elements[el].kind { close(k, at: t); underlying[k] = .idle }
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
        for k in tracks.indices { close(k, at: tick) }
        for b in bufferNames.indices { setLevel(b, by: 0, at: tick) }
        setWIP(by: 0, at: tick)
        lastTick = max(lastTick, tick)
        finished = true
    }

    /// Tick at which column `c` starts.
    public func columnStart(_ c: Int) -> Int64 { from + Int64((Int128(c) * Int128(to - from) + Int128(columns) - 1) / Int128(columns)) }
}
