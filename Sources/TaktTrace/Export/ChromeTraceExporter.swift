import TaktEngine

/// Chrome Trace Event JSON (the JSON object form, `{"traceEvents":[…]}`), for the Perfetto UI and
/// chrome://tracing.
///
/// Layout: process 1 is the line (a `WIP` counter); every element is a process of its own
/// (pid = element index + 2, named `station S1`, `buffer B1`, …, sorted line, sources, stations,
/// buffers, sinks). Each station server is a thread (tid = server + 1, `server 0`, `server 1`, …);
/// a source has one (`source`). A buffer has a `level` counter, a sink a `shipped` counter (units
/// so far); counters change at most once per tick (the tick's last value).
///
/// Slices (`X`) on a server's track show its effective state, as `KPIRecorder` books it: off
/// shift over down over the server's own state (busy, blocked, starved or idle). One slice per
/// maximal interval of a state other than starved or idle — busy ones also end where the unit
/// changes, so each operation is its own slice (split where a breakdown or a shift interrupts it).
/// Names: `busy`, `blocked`, `down`, `off shift`; `args` hold the unit (`unit`), the element a
/// blocked unit waits for (`on`), a down or off-shift slice's `cause`. Slices never overlap on a
/// track; open ones are closed at the trace's end tick. Zero-length intervals are left out.
///
/// `ts` and `dur` are microseconds from tick 0, exact decimals (`1500`, `0.25`). Memory is constant:
/// one small state per server and per counter.
public struct ChromeTraceExporter: TraceExporter {
    // Effective server states, as in `KPIRecorder`.
    static let busy: UInt8 = 0, blocked: UInt8 = 1, starved: UInt8 = 2, down: UInt8 = 3, idle: UInt8 = 4, offShift: UInt8 = 5
    static let sliceNames = ["busy", "blocked", "starved", "down", "idle", "off shift"]

    /// One track: a station server or a source.
    struct Track {
        var pid: Int
        var tid: Int
        var underlying: UInt8
        var isDown = false
        var isOff = false
        /// The unit on the server (its last op_start or blocked), and what a blocked unit waits for.
        var unit: Int64 = -1
        var on: Int32 = -1
        /// The open interval: its state, the unit it shows, since when.
        var state: UInt8
        var stateUnit: Int64 = -1
        var stateOn: Int32 = -1
        var since: Int64 = 0

        init(pid: Int, tid: Int, state: UInt8) { self.pid = pid; self.tid = tid; underlying = state; self.state = state }

        var effective: UInt8 { isOff ? ChromeTraceExporter.offShift : isDown ? ChromeTraceExporter.down : underlying }
    }

    /// A counter: its value and the tick of its last change; `emitted` the last value written.
    struct Counter {
        var pid: Int
        var name: String
        var value: Int64 = 0
        var tick: Int64 = 0
        var emitted: Int64? = nil
    }

    let model: LineModel
    let clock: ExportClock
    let title: String
    /// Per element: the index of its first track (or -1) and of its counter (or -1).
    let trackBase: [Int]
    let counterIndex: [Int]
    var tracks: [Track] = []
    var counters: [Counter] = []
    /// `counters` index of the line's WIP.
    let wip: Int
    var first = true

    public init(model: LineModel, clock: ExportClock, title: String) {
        self.model = model
        self.clock = clock
        self.title = title
        var trackBase: [Int] = [], counterIndex: [Int] = []
        var tracks: [Track] = [], counters: [Counter] = [Counter(pid: 1, name: "WIP")]
        for (i, element) in model.elements.enumerated() {
            let pid = i + 2
            trackBase.append(tracks.count)
            counterIndex.append(-1)
            switch element.kind {
            case .source:
                tracks.append(Track(pid: pid, tid: 1, state: Self.idle))
            case .station(let station):
                for s in 0..<station.servers { tracks.append(Track(pid: pid, tid: s + 1, state: Self.starved)) }
            case .buffer:
                counterIndex[i] = counters.count
                counters.append(Counter(pid: pid, name: "level"))
            case .sink:
                counterIndex[i] = counters.count
                counters.append(Counter(pid: pid, name: "shipped"))
            }
        }
        self.trackBase = trackBase
        self.counterIndex = counterIndex
        self.tracks = tracks
        self.counters = counters
        wip = 0
    }

    /// Sort rank of an element kind under the line.
    static func rank(_ kind: Element.Kind) -> Int {
        switch kind {
        case .source: 1
        case .station: 2
        case .buffer: 3
        case .sink: 4
        }
    }

    mutating func emit(_ json: String, into out: inout [UInt8]) {
        out.append(first ? "\n" : ",\n")
        first = false
        out.append(json)
    }

    public mutating func begin(into out: inout [UInt8]) {
        out.append(#"{"displayTimeUnit":"ms","otherData":{"line":"# + JSONText.quoted(title) + #","tick_ns":"# + String(clock.tickNanoseconds) + #"},"traceEvents":["#)
        func process(_ pid: Int, _ name: String, _ sort: Int, into out: inout [UInt8]) {
            emit(#"{"ph":"M","pid":\#(pid),"tid":0,"name":"process_name","args":{"name":\#(JSONText.quoted(name))}}"#, into: &out)
            emit(#"{"ph":"M","pid":\#(pid),"tid":0,"name":"process_sort_index","args":{"sort_index":\#(sort)}}"#, into: &out)
        }
        process(1, "line " + title, 0, into: &out)
        for (i, element) in model.elements.enumerated() {
            let pid = i + 2
            process(pid, element.kindName + " " + element.name, Self.rank(element.kind) * 100_000 + i, into: &out)
            let servers: Int
            switch element.kind {
            case .source: servers = 1
            case .station(let station): servers = station.servers
            case .buffer, .sink: servers = 0
            }
            for s in 0..<servers {
                let name = servers == 1 && Self.rank(element.kind) == 1 ? "source" : "server \(s)"
                emit(#"{"ph":"M","pid":\#(pid),"tid":\#(s + 1),"name":"thread_name","args":{"name":"\#(name)"}}"#, into: &out)
                emit(#"{"ph":"M","pid":\#(pid),"tid":\#(s + 1),"name":"thread_sort_index","args":{"sort_index":\#(s)}}"#, into: &out)
            }
        }
    }

    public mutating func record(seq: Int64, event e: EngineEvent, into out: inout [UInt8]) {
        let t = e.tick
        let el = Int(e.element)
        let isSource: Bool
        switch model.elements[el].kind {
        case .source: isSource = true
        default: isSource = false
        }
        switch e.kind {
        case .created, .made: count(wip, by: 1, at: t, into: &out)
        case .scrapped, .consumed: count(wip, by: -1, at: t, into: &out)
        case .shipped:
            count(wip, by: -1, at: t, into: &out)
            count(counterIndex[el], by: 1, at: t, into: &out)
        case .arrived:
            if counterIndex[el] >= 0 && counters[counterIndex[el]].name == "level" { count(counterIndex[el], by: 1, at: t, into: &out) }
        case .departed:
            if counterIndex[el] >= 0 { count(counterIndex[el], by: -1, at: t, into: &out) }
            if isSource { update(e, into: &out) { $0.underlying = Self.idle } }
        case .operationStart: update(e, into: &out) { $0.underlying = Self.busy; $0.unit = e.unit }
        case .blocked: update(e, into: &out) { $0.underlying = Self.blocked; $0.unit = e.unit; $0.on = Int32(truncatingIfNeeded: e.a) }
        case .unblocked: if isSource { update(e, into: &out) { $0.underlying = Self.idle } }
        case .starved: update(e, into: &out) { $0.underlying = Self.starved; $0.unit = -1 }
        case .down: update(e, into: &out) { $0.isDown = true }
        case .up: update(e, into: &out) { $0.isDown = false }
        case .offShift: update(e, into: &out) { $0.isOff = true }
        case .onShift: update(e, into: &out) { $0.isOff = false }
        case .operationEnd, .unstarved, .stepStart, .stepEnd, .acquired, .released, .tested: break
        }
    }

    /// Applies `change` to the event's server track, then closes the open slice and opens the
    /// next if what the track shows changed.
    mutating func update(_ e: EngineEvent, into out: inout [UInt8], _ change: (inout Track) -> Void) {
        let base = trackBase[Int(e.element)]
        precondition(base >= 0, "no track for element \(e.element)")
        let i = base + Int(e.server)
        change(&tracks[i])
        let state = tracks[i].effective
        let shown = state == Self.busy || state == Self.blocked ? tracks[i].unit : -1
        if state == tracks[i].state && (state != Self.busy || shown == tracks[i].stateUnit) { return }
        close(i, at: e.tick, into: &out)
        tracks[i].state = state
        tracks[i].stateUnit = state == Self.offShift || state == Self.down ? tracks[i].unit : shown
        tracks[i].stateOn = state == Self.blocked ? tracks[i].on : -1
        tracks[i].since = e.tick
    }

    /// Writes track `i`'s open interval [since, t) as a slice, unless it is starved, idle or empty.
    mutating func close(_ i: Int, at t: Int64, into out: inout [UInt8]) {
        let tr = tracks[i]
        guard t > tr.since, tr.state != Self.starved, tr.state != Self.idle else { return }
        let name = Self.sliceNames[Int(tr.state)]
        var args: [String] = []
        if tr.state == Self.down { args.append(#""cause":"failure""#) }
        if tr.state == Self.offShift { args.append(#""cause":"shift""#) }
        if tr.stateUnit >= 0 { args.append(#""unit":\#(tr.stateUnit)"#) }
        if tr.stateOn >= 0 { args.append(#""on":"# + JSONText.quoted(model.elements[Int(tr.stateOn)].name)) }
        let ts = clock.microseconds(tr.since)
        let dur = ExportClock.microseconds(nanoseconds: clock.nanoseconds(t) - clock.nanoseconds(tr.since))
        emit(#"{"ph":"X","pid":\#(tr.pid),"tid":\#(tr.tid),"name":"\#(name)","cat":"\#(name)","ts":\#(ts),"dur":\#(dur),"args":{\#(args.joined(separator: ","))}}"#, into: &out)
    }

    /// Changes counter `c` at `t`; the value it had at an earlier tick is written first.
    mutating func count(_ c: Int, by delta: Int64, at t: Int64, into out: inout [UInt8]) {
        guard c >= 0 else { return }
        if t > counters[c].tick { flush(c, into: &out) }
        counters[c].value += delta
        counters[c].tick = t
    }

    mutating func flush(_ c: Int, into out: inout [UInt8]) {
        let k = counters[c]
        guard k.emitted != k.value else { return }
        emit(#"{"ph":"C","pid":\#(k.pid),"name":"\#(k.name)","ts":\#(clock.microseconds(k.tick)),"args":{"units":\#(k.value)}}"#, into: &out)
        counters[c].emitted = k.value
    }

    public mutating func finish(endTick: Int64, into out: inout [UInt8]) {
        for i in tracks.indices { close(i, at: endTick, into: &out) }
        for c in counters.indices {
            flush(c, into: &out)
            // The last value again at the end, so every counter track spans the whole run.
            if endTick > counters[c].tick {
                emit(#"{"ph":"C","pid":\#(counters[c].pid),"name":"\#(counters[c].name)","ts":\#(clock.microseconds(endTick)),"args":{"units":\#(counters[c].value)}}"#, into: &out)
            }
        }
        out.append("\n]}\n")
    }
}
