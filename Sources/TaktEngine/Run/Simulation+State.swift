import TaktRandom

/// The mutable tables, reached by name: each property is a column held in the simulation itself
/// (`columns`, copied from the `RunState` that owns the memory), and writing through it
/// (`serverUnit[s] = u`) goes straight to memory.
extension Simulation {
    var serverUnit: Column<Int32> { columns.serverUnit }
    var serverBlocked: Column<Bool> { columns.serverBlocked }
    var serverDown: Column<Bool> { columns.serverDown }
    var serverOffShift: Column<Bool> { columns.serverOffShift }
    var serverTarget: Column<Int32> { columns.serverTarget }
    var serverEndTick: Column<Int64> { columns.serverEndTick }
    /// Process ticks left when a breakdown suspended the process (−1: none).
    var serverSuspended: Column<Int64> { columns.serverSuspended }
    /// Operating ticks left until the next failure (operating basis).
    var serverUntilFailure: Column<Int64> { columns.serverUntilFailure }
    var serverBusySince: Column<Int64> { columns.serverBusySince }
    /// A blocked server that went down while its turn in a waiting list came; it retries on repair.
    var serverRetryOnRepair: Column<Bool> { columns.serverRetryOnRepair }
    var processVersion: Column<UInt32> { columns.processVersion }
    var failureVersion: Column<UInt32> { columns.failureVersion }
    /// Random streams, keyed by element name (and server) and purpose.
    var failureStream: Column<RandomStream> { columns.failureStream }
    var processStream: Column<RandomStream> { columns.processStream }
    var arrivalStream: Column<RandomStream> { columns.arrivalStream }
    var routeStream: Column<RandomStream> { columns.routeStream }
    var scrapStream: Column<RandomStream> { columns.scrapStream }

    var bufferHead: Column<Int> { columns.bufferHead }
    var bufferCount: Column<Int> { columns.bufferCount }
    var bufferSlots: Column<Int32> { columns.bufferSlots }
    var bufferTarget: Column<Int32> { columns.bufferTarget }

    var sourceUnit: Column<Int32> { columns.sourceUnit }
    var sourceTarget: Column<Int32> { columns.sourceTarget }
    var sourceBlocked: Column<Bool> { columns.sourceBlocked }
    var sourceCreated: Column<Int> { columns.sourceCreated }
    var sourceNextDue: Column<Int64> { columns.sourceNextDue }

    var waitHead: Column<Int> { columns.waitHead }
    var waitCount: Column<Int> { columns.waitCount }
    var waitSlots: Column<Int32> { columns.waitSlots }

    var unitId: Column<Int64> { columns.unitId }
    var unitType: Column<Int32> { columns.unitType }
    var unitCreated: Column<Int64> { columns.unitCreated }
    var unitReworked: Column<Bool> { columns.unitReworked }
    var freeSlots: Column<Int32> { columns.freeSlots }

    var serverStep: Column<Int32> { columns.serverStep }
    /// 0 no program running, 1 the program's steps, 2 its `after` steps, 3 the program done and
    /// its `after` steps still to run once the unit has left.
    var serverPhase: Column<UInt8> { columns.serverPhase }
    var serverAwaiting: Column<Bool> { columns.serverAwaiting }
    /// A test station server's last outcome: 0 pass, 1 fail, 2 failed too often.
    var serverOutcome: Column<UInt8> { columns.serverOutcome }
    /// The server holding each resource, or −1.
    var resourceHolder: Column<Int32> { columns.resourceHolder }
    var resourceWaiting: Column<Int32> { columns.resourceWaiting }
    var unitBad: Column<Bool> { columns.unitBad }
    var unitFails: Column<UInt8> { columns.unitFails }
    var unitTestedAt: Column<Int32> { columns.unitTestedAt }
    var testStream: Column<RandomStream> { columns.testStream }
    /// Conveyors: the tick each slot's unit reaches the discharge end; each conveyor's last exit.
    var bufferReady: Column<Int64> { columns.bufferReady }
    var bufferLastExit: Column<Int64> { columns.bufferLastExit }

    var calendarOff: Column<Bool> { columns.calendarOff }
    var kitHave: Column<Int> { columns.kitHave }
    var kitFilled: Column<Int> { columns.kitFilled }
    var kitSlots: Column<Int32> { columns.kitSlots }
    var outNext: Column<Int> { columns.outNext }
    var outEnd: Column<Int> { columns.outEnd }
    var outSlots: Column<Int32> { columns.outSlots }
    var scratchMark: Column<UInt32> { columns.scratchMark }
    var scratchList: Column<Int> { columns.scratchList }
    var deadlockCandidates: Column<Int> { columns.deadlockCandidates }

    /// Gives this simulation its own state if a copy of it shares it (value semantics); once
    /// per `run` call.
    @usableFromInline
    mutating func prepareToRun() {
        if !isKnownUniquelyReferenced(&state) { replaceState(with: state.copy()) }
    }

    /// Switches to `new` (same contents), re-pointing the queue at its heap.
    mutating func replaceState(with new: RunState) {
        state = new
        columns = new.columns
        queue.heap = new.columns.queueHeap
    }

    /// Doubles the room of the growable lists that are full (rare: only when a list first
    /// reaches a new size).
    @inline(never)
    mutating func grow() {
        var sizes = state.sizes
        if queue.isFull { sizes.queue *= 2 }
        if pendingCount == sizes.pending { sizes.pending *= 2 }
        if candidateCount == sizes.candidates { sizes.candidates *= 2 }
        replaceState(with: state.copy(sizes: sizes))
    }

    @inline(__always)
    mutating func appendCandidate(_ e: Int) {
        if candidateCount == deadlockCandidates.count { grow() }
        deadlockCandidates[candidateCount] = e
        candidateCount += 1
    }
}
