import TaktRandom

/// A fixed-size column of plain values in memory owned by a `RunState`.
///
/// Why not an `Array`: every write to an array stored in the `Simulation` struct checks that
/// the array's buffer is uniquely referenced (a runtime call) and its bounds, and a call that
/// needs `self` and one of its arrays at once may copy the whole struct. A column is a bare
/// pointer: its subscript reads and writes in place, and writing needs no `mutating` access to
/// the struct that holds it (the setter is nonmutating, as for a pointer's `pointee`), so
/// `&stream[e]` can be passed `inout` without touching anything else.
///
/// Bounds are checked in debug builds (the tests); a release build trusts the indices, which
/// all come from tables the engine builds from the model before tick 0.
@usableFromInline
struct Column<Element>: RandomAccessCollection {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    @inlinable init(base: UnsafeMutablePointer<Element>, count: Int) { self.base = base; self.count = count }

    @inlinable var startIndex: Int { 0 }
    @inlinable var endIndex: Int { count }

    @inlinable
    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "column index \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count, "column index \(i) out of 0..<\(count)")
            return base + i
        }
    }
}

/// An immutable table of plain values, fixed by the model: read in place like a `Column`
/// (debug-checked bounds), shared by copies of the simulation (it never changes), and freed
/// with its last copy.
struct Table<Element>: RandomAccessCollection {
    final class Owner {
        let base: UnsafeMutablePointer<Element>
        let count: Int
        init(_ values: [Element]) {
            count = values.count
            base = .allocate(capacity: Swift.max(count, 1))
            base.initialize(from: values, count: count)
        }
        deinit { base.deinitialize(count: count); base.deallocate() }
    }

    let owner: Owner
    let base: UnsafePointer<Element>
    let count: Int

    init(_ values: [Element]) {
        owner = Owner(values)
        base = UnsafePointer(owner.base)
        count = values.count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "table index \(i) out of 0..<\(count)")
            return base + i
        }
    }
}

/// The mutable tables of a run, each a `Column` of a size fixed before tick 0.
///
/// Value semantics for `Simulation`: the simulation holds its state through this class, so a
/// copied simulation shares it until one of the copies runs; `Simulation.prepareToRun` then gives
/// that copy its own state (`copy`), once per `run` call, never per event. The same copy makes
/// room when one of the three growable lists (scheduled events, the tick's events, deadlock
/// candidates) is full: growing happens only when a list first reaches a new size.
@usableFromInline
final class RunState {
    /// How many entries each column has.
    struct Sizes {
        var elements = 0, servers = 0, bufferSlots = 0, waitSlots = 0, units = 0, resources = 0
        var kitHave = 0, kitSlots = 0, outSlots = 0
        var queue = 0, pending = 0, candidates = 0
    }

    let sizes: Sizes
    /// Every column's memory, in the order the columns are made (so that two states of the same
    /// layout pair their blocks up by position).
    private var blocks: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    /// The columns: plain pointers, which the simulation copies into itself (one load reaches a
    /// column's memory, not two through this object).
    let columns: Columns

    /// Fresh columns, each filled with a neutral value (the simulation's setup fills them in).
    init(sizes: Sizes) {
        self.sizes = sizes
        var blocks: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
        columns = Columns(sizes: sizes, blocks: &blocks)
        self.blocks = blocks
    }

    /// A state with the same contents; `sizes` may give the growable lists more room.
    func copy(sizes newSizes: Sizes? = nil) -> RunState {
        let c = RunState(sizes: newSizes ?? sizes)
        for (to, from) in zip(c.blocks, blocks) { to.pointer.copyMemory(from: from.pointer, byteCount: min(to.bytes, from.bytes)) }
        return c
    }

    deinit { for b in blocks { b.pointer.deallocate() } }
}

/// The mutable tables of a run as plain pointers (see `RunState`, which owns their memory).
@usableFromInline
struct Columns {
    // MARK: Station servers (global index)
    let serverUnit: Column<Int32>
    let serverBlocked: Column<Bool>
    let serverDown: Column<Bool>
    let serverOffShift: Column<Bool>
    let serverTarget: Column<Int32>
    let serverEndTick: Column<Int64>
    let serverSuspended: Column<Int64>
    let serverUntilFailure: Column<Int64>
    let serverBusySince: Column<Int64>
    let serverRetryOnRepair: Column<Bool>
    let processVersion: Column<UInt32>
    let failureVersion: Column<UInt32>
    let failureStream: Column<RandomStream>
    let kitFilled: Column<Int>
    let outNext: Column<Int>
    let outEnd: Column<Int>
    let serverStep: Column<Int32>
    let serverPhase: Column<UInt8>
    let serverAwaiting: Column<Bool>
    let serverOutcome: Column<UInt8>
    let resourceWaiting: Column<Int32>

    // MARK: Elements
    let bufferHead: Column<Int>
    let bufferCount: Column<Int>
    let bufferTarget: Column<Int32>
    let sourceUnit: Column<Int32>
    let sourceTarget: Column<Int32>
    let sourceBlocked: Column<Bool>
    let sourceCreated: Column<Int>
    let sourceNextDue: Column<Int64>
    let waitHead: Column<Int>
    let waitCount: Column<Int>
    let calendarOff: Column<Bool>
    let scratchMark: Column<UInt32>
    let scratchList: Column<Int>
    let processStream: Column<RandomStream>
    let arrivalStream: Column<RandomStream>
    let routeStream: Column<RandomStream>
    let scrapStream: Column<RandomStream>
    let testStream: Column<RandomStream>
    let bufferLastExit: Column<Int64>
    let resourceHolder: Column<Int32>

    // MARK: Ring and pool storage
    let bufferSlots: Column<Int32>
    let waitSlots: Column<Int32>
    let unitId: Column<Int64>
    let unitType: Column<Int32>
    let unitCreated: Column<Int64>
    let unitReworked: Column<Bool>
    let freeSlots: Column<Int32>
    let kitHave: Column<Int>
    let kitSlots: Column<Int32>
    let outSlots: Column<Int32>
    let bufferReady: Column<Int64>
    let unitBad: Column<Bool>
    let unitFails: Column<UInt8>
    let unitTestedAt: Column<Int32>

    // MARK: Growable lists (their counts live in `Simulation`)
    let queueHeap: Column<EventQueue.Entry>
    @usableFromInline let pending: Column<EngineEvent>
    let deadlockCandidates: Column<Int>

    /// Fresh columns, each filled with a neutral value, their memory listed in `blocks` (owned by
    /// the `RunState` that makes them).
    init(sizes: RunState.Sizes, blocks: inout [(pointer: UnsafeMutableRawPointer, bytes: Int)]) {
        func column<T>(_ count: Int, _ initial: T) -> Column<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            p.initialize(repeating: initial, count: max(count, 1))
            blocks.append((UnsafeMutableRawPointer(p), max(count, 1) * MemoryLayout<T>.stride))
            return Column(base: p, count: count)
        }
        let s = sizes.servers, n = sizes.elements
        let stream = RandomStream(generator: Xoshiro256StarStar(state: (1, 2, 3, 4)))
        serverUnit = column(s, -1); serverBlocked = column(s, false); serverDown = column(s, false)
        serverOffShift = column(s, false); serverTarget = column(s, -1); serverEndTick = column(s, 0)
        serverSuspended = column(s, -1); serverUntilFailure = column(s, 0); serverBusySince = column(s, 0)
        serverRetryOnRepair = column(s, false); processVersion = column(s, 0); failureVersion = column(s, 0)
        failureStream = column(s, stream); kitFilled = column(s, 0); outNext = column(s, 0); outEnd = column(s, 0)
        serverStep = column(s, -1); serverPhase = column(s, 0); serverAwaiting = column(s, false); serverOutcome = column(s, 0)
        resourceWaiting = column(s, -1)
        bufferHead = column(n, 0); bufferCount = column(n, 0); bufferTarget = column(n, -1)
        sourceUnit = column(n, -1); sourceTarget = column(n, -1); sourceBlocked = column(n, false)
        sourceCreated = column(n, 0); sourceNextDue = column(n, 0); waitHead = column(n, 0); waitCount = column(n, 0)
        calendarOff = column(n, false); scratchMark = column(n, 0); scratchList = column(n, 0)
        processStream = column(n, stream); arrivalStream = column(n, stream)
        routeStream = column(n, stream); scrapStream = column(n, stream); testStream = column(n, stream)
        bufferLastExit = column(n, Int64.min / 4); resourceHolder = column(sizes.resources, -1)
        bufferSlots = column(sizes.bufferSlots, -1); waitSlots = column(sizes.waitSlots, -1)
        unitId = column(sizes.units, 0); unitType = column(sizes.units, 0); unitCreated = column(sizes.units, 0)
        unitReworked = column(sizes.units, false); freeSlots = column(sizes.units, -1)
        kitHave = column(sizes.kitHave, 0); kitSlots = column(sizes.kitSlots, -1); outSlots = column(sizes.outSlots, -1)
        bufferReady = column(sizes.bufferSlots, 0); unitBad = column(sizes.units, false); unitFails = column(sizes.units, 0)
        unitTestedAt = column(sizes.units, -1)
        queueHeap = column(sizes.queue, EventQueue.Entry(tick: 0, key: 0, version: 0))
        pending = column(sizes.pending, EngineEvent(tick: 0, kind: .created, element: 0))
        deadlockCandidates = column(sizes.candidates, 0)
    }
}
