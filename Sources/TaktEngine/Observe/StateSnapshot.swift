/// Where every unit is at the end of a tick: what a trace checkpoint records, so that a reader
/// can rebuild the line's state at any later tick from the nearest checkpoint and the events
/// after it (`takt replay --at`). Plain data, in element and server order; unit ids, not slots.
public struct StateSnapshot: Sendable, Equatable {
    /// A unit in the system: id, type index, creation tick, passed rework.
    public struct Unit: Sendable, Equatable {
        public var id: Int64
        public var type: Int32
        public var created: Int64
        public var reworked: Bool
        public init(id: Int64, type: Int32, created: Int64, reworked: Bool) {
            self.id = id; self.type = type; self.created = created; self.reworked = reworked
        }
    }

    /// What a station server (or a source, as server 0) is doing, as the KPI ledger sees it.
    public enum ServerState: UInt8, Sendable, Equatable {
        case busy, blocked, starved, idle
    }

    public struct Server: Sendable, Equatable {
        public var element: Int32
        public var server: Int32
        public var state: ServerState
        public var down: Bool
        public var offShift: Bool
        /// The unit processed or held (blocked), or −1.
        public var unit: Int64
        /// A merge server's kit gathered so far, in arrival order.
        public var kit: [Int64]
        /// A split server's units still to pass on after `unit`, in order.
        public var outputs: [Int64]
        public init(element: Int32, server: Int32, state: ServerState, down: Bool, offShift: Bool, unit: Int64, kit: [Int64] = [], outputs: [Int64] = []) {
            self.element = element; self.server = server; self.state = state; self.down = down; self.offShift = offShift
            self.unit = unit; self.kit = kit; self.outputs = outputs
        }
    }

    /// The tick after whose events the snapshot was taken.
    public var tick: Int64
    /// Units in the system, by id.
    public var units: [Unit]
    /// Each buffer's units, head first: (element, ids).
    public var buffers: [(element: Int32, units: [Int64])]
    /// Every station server, then every source (server 0; `unit` = the unit it holds while blocked).
    public var servers: [Server]

    public init(tick: Int64, units: [Unit], buffers: [(element: Int32, units: [Int64])], servers: [Server]) {
        self.tick = tick; self.units = units; self.buffers = buffers; self.servers = servers
    }

    public static func == (a: StateSnapshot, b: StateSnapshot) -> Bool {
        a.tick == b.tick && a.units == b.units && a.servers == b.servers
            && a.buffers.count == b.buffers.count
            && zip(a.buffers, b.buffers).allSatisfy { $0.element == $1.element && $0.units == $1.units }
    }
}
