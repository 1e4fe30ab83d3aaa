import TaktEngine

/// The state of a line rebuilt from its trace: start from a checkpoint's snapshot (or the empty
/// line at tick 0) and apply events. At the end of any tick it equals the simulation's own
/// `snapshot()` at that tick — the trace tests check this at every checkpoint.
public struct LineState {
    public let model: LineModel
    public private(set) var tick: Int64
    /// Units in the system by id.
    public private(set) var units: [Int64: StateSnapshot.Unit] = [:]
    /// Each buffer's units, head first, by element index.
    public private(set) var buffers: [Int: [Int64]] = [:]
    /// Station servers and sources (server 0), by (element, server).
    public private(set) var servers: [Key: Server] = [:]
    /// Events applied since the snapshot it started from.
    public private(set) var eventsApplied = 0

    public struct Key: Hashable, Comparable, Sendable {
        public var element: Int32
        public var server: Int32
        public static func < (a: Key, b: Key) -> Bool { (a.element, a.server) < (b.element, b.server) }
    }

    public struct Server: Sendable, Equatable {
        public var unit: Int64 = -1
        public var blocked = false
        public var down = false
        public var offShift = false
        public var kit: [Int64] = []
        public var outputs: [Int64] = []
    }

    let isSource: [Bool]
    let isMerge: [Bool]
    let isRework: [Bool]
    /// Parts consumed in the current merge or split on a server: earliest creation, any reworked.
    var consumedCreated = Int64.max
    var consumedReworked = false
    var lastWasConsumed = false

    /// The line before tick 0: empty, every station server starved, every source idle.
    public init(model: LineModel) {
        self.model = model
        tick = 0
        var src: [Bool] = [], merge: [Bool] = [], rework: [Bool] = []
        for (i, e) in model.elements.enumerated() {
            src.append(false); merge.append(false); rework.append(false)
            switch e.kind {
            case .source: src[i] = true; servers[Key(element: Int32(i), server: 0)] = Server()
            case .buffer: buffers[i] = []
            case .station(let st):
                if case .merge = st.transform { merge[i] = true }
                rework[i] = st.rework
                for s in 0..<st.servers { servers[Key(element: Int32(i), server: Int32(s))] = Server() }
            case .sink: break
            }
        }
        isSource = src; isMerge = merge; isRework = rework
    }

    /// The state of a checkpoint.
    public init(model: LineModel, snapshot: StateSnapshot) {
        self.init(model: model)
        tick = snapshot.tick
        for u in snapshot.units { units[u.id] = u }
        for b in snapshot.buffers { buffers[Int(b.element)] = b.units }
        for v in snapshot.servers {
            servers[Key(element: v.element, server: v.server)] = Server(unit: v.unit, blocked: v.state == .blocked, down: v.down,
                                                                        offShift: v.offShift, kit: v.kit, outputs: v.outputs)
        }
    }

    /// Applies one event (events must come in trace order).
    public mutating func apply(_ e: EngineEvent) {
        tick = e.tick
        eventsApplied += 1
        let el = Int(e.element)
        let key = Key(element: e.element, server: e.kind == .shipped ? 0 : e.server)
        if e.kind != .consumed && e.kind != .made { lastWasConsumed = false }
        switch e.kind {
        case .created:
            units[e.unit] = .init(id: e.unit, type: Int32(e.a), created: e.tick, reworked: false)
        case .arrived:
            if isRework[el] { units[e.unit]?.reworked = true }
            if buffers[el] != nil {
                buffers[el]!.append(e.unit)
            } else if servers[key] != nil {
                if isMerge[el] { servers[key]!.kit.append(e.unit) } else { servers[key]!.unit = e.unit }
            }
        case .departed:
            if buffers[el] != nil {
                if let i = buffers[el]!.firstIndex(of: e.unit) { buffers[el]!.remove(at: i) }
            } else if var v = servers[key] {
                if v.unit == e.unit { v.unit = v.outputs.isEmpty ? -1 : v.outputs.removeFirst() }
                if isSource[el] { v.blocked = false }
                servers[key] = v
            }
        case .blocked:
            servers[key]?.blocked = true
            if isSource[el] && e.unit >= 0 { servers[key]?.unit = e.unit }
        case .unblocked:
            servers[key]?.blocked = false
        case .down: servers[key]?.down = true
        case .up: servers[key]?.down = false
        case .offShift: servers[key]?.offShift = true
        case .onShift: servers[key]?.offShift = false
        case .scrapped:
            if servers[key]?.unit == e.unit { servers[key]!.unit = -1 }
            units[e.unit] = nil
        case .shipped:
            units[e.unit] = nil
        case .consumed:
            if !lastWasConsumed { consumedCreated = .max; consumedReworked = false }
            lastWasConsumed = true
            if let u = units[e.unit] {
                consumedCreated = min(consumedCreated, u.created)
                consumedReworked = consumedReworked || u.reworked
            }
            if var v = servers[key] {
                if let i = v.kit.firstIndex(of: e.unit) { v.kit.remove(at: i) }
                if v.unit == e.unit { v.unit = -1 }
                servers[key] = v
            }
            units[e.unit] = nil
        case .made:
            units[e.unit] = .init(id: e.unit, type: Int32(e.a), created: consumedCreated, reworked: consumedReworked)
            if var v = servers[key] {
                if v.unit < 0 { v.unit = e.unit } else { v.outputs.append(e.unit) }
                servers[key] = v
            }
        case .operationStart:
            // A merge's warm-start unit arrives already assembled: it is processed, not gathered.
            if isMerge[el], var v = servers[key], let i = v.kit.firstIndex(of: e.unit) {
                v.kit.remove(at: i)
                v.unit = e.unit
                servers[key] = v
            }
        case .operationEnd, .starved, .unstarved, .stepStart, .stepEnd, .acquired, .released, .tested:
            break
        }
    }

    /// The state as a snapshot (same order and conventions as `Simulation.snapshot()`).
    public var snapshot: StateSnapshot {
        let us = units.values.sorted { $0.id < $1.id }
        let bs = buffers.keys.sorted().map { (element: Int32($0), units: buffers[$0]!) }
        var vs: [StateSnapshot.Server] = []
        for (k, v) in servers.sorted(by: { $0.key < $1.key }) where !isSource[Int(k.element)] {
            vs.append(.init(element: k.element, server: k.server, state: v.unit < 0 ? .starved : (v.blocked ? .blocked : .busy),
                            down: v.down, offShift: v.offShift, unit: v.unit, kit: v.kit, outputs: v.outputs))
        }
        for (k, v) in servers.sorted(by: { $0.key < $1.key }) where isSource[Int(k.element)] {
            vs.append(.init(element: k.element, server: 0, state: v.blocked ? .blocked : .idle, down: false, offShift: false, unit: v.unit))
        }
        return StateSnapshot(tick: tick, units: us, buffers: bs, servers: vs)
    }

    /// Where each unit is: (element, server), server −1 for buffers.
    public var locations: [Int64: (element: Int, server: Int)] {
        var out: [Int64: (element: Int, server: Int)] = [:]
        for (b, ids) in buffers { for id in ids { out[id] = (b, -1) } }
        for (k, v) in servers {
            for id in [v.unit] + v.kit + v.outputs where id >= 0 { out[id] = (Int(k.element), Int(k.server)) }
        }
        return out
    }
}
