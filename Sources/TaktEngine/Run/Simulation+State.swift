import TaktRandom

/// The mutable tables, reached by name as before they moved into `RunState`: each property is
/// one load of a column from the state object, and writing through it (`serverUnit[s] = u`)
/// goes straight to memory.
extension Simulation {
    var serverUnit: Column<Int32> { state.serverUnit }
    var serverBlocked: Column<Bool> { state.serverBlocked }
    var serverDown: Column<Bool> { state.serverDown }
    var serverOffShift: Column<Bool> { state.serverOffShift }
    var serverTarget: Column<Int32> { state.serverTarget }
    var serverEndTick: Column<Int64> { state.serverEndTick }
    /// Process ticks left when a breakdown suspended the process (−1: none).
    var serverSuspended: Column<Int64> { state.serverSuspended }
    /// Operating ticks left until the next failure (operating basis).
    var serverUntilFailure: Column<Int64> { state.serverUntilFailure }
    var serverBusySince: Column<Int64> { state.serverBusySince }
    /// A blocked server that went down while its turn in a waiting list came; it retries on repair.
    var serverRetryOnRepair: Column<Bool> { state.serverRetryOnRepair }
    var processVersion: Column<UInt32> { state.processVersion }
    var failureVersion: Column<UInt32> { state.failureVersion }
    /// Random streams, keyed by element name (and server) and purpose.
    var failureStream: Column<RandomStream> { state.failureStream }
    var processStream: Column<RandomStream> { state.processStream }
    var arrivalStream: Column<RandomStream> { state.arrivalStream }
    var routeStream: Column<RandomStream> { state.routeStream }
    var scrapStream: Column<RandomStream> { state.scrapStream }

    var bufferHead: Column<Int> { state.bufferHead }
    var bufferCount: Column<Int> { state.bufferCount }
    var bufferSlots: Column<Int32> { state.bufferSlots }
    var bufferTarget: Column<Int32> { state.bufferTarget }

    var sourceUnit: Column<Int32> { state.sourceUnit }
    var sourceTarget: Column<Int32> { state.sourceTarget }
    var sourceBlocked: Column<Bool> { state.sourceBlocked }
    var sourceCreated: Column<Int> { state.sourceCreated }
    var sourceNextDue: Column<Int64> { state.sourceNextDue }

    var waitHead: Column<Int> { state.waitHead }
    var waitCount: Column<Int> { state.waitCount }
    var waitSlots: Column<Int32> { state.waitSlots }

    var unitId: Column<Int64> { state.unitId }
    var unitType: Column<Int32> { state.unitType }
    var unitCreated: Column<Int64> { state.unitCreated }
    var unitReworked: Column<Bool> { state.unitReworked }
    var freeSlots: Column<Int32> { state.freeSlots }

    var serverStep: Column<Int32> { state.serverStep }
    /// 0 no program running, 1 the program's steps, 2 its `after` steps, 3 the program done and
    /// its `after` steps still to run once the unit has left.
    var serverPhase: Column<UInt8> { state.serverPhase }
    var serverAwaiting: Column<Bool> { state.serverAwaiting }
    /// A test station server's last outcome: 0 pass, 1 fail, 2 failed too often.
    var serverOutcome: Column<UInt8> { state.serverOutcome }
    /// The server holding each resource, or −1.
    var resourceHolder: Column<Int32> { state.resourceHolder }
    var resourceWaiting: Column<Int32> { state.resourceWaiting }
    var unitBad: Column<Bool> { state.unitBad }
    var unitFails: Column<UInt8> { state.unitFails }
    var unitTestedAt: Column<Int32> { state.unitTestedAt }
    var testStream: Column<RandomStream> { state.testStream }
    /// Conveyors: the tick each slot's unit reaches the discharge end; each conveyor's last exit.
    var bufferReady: Column<Int64> { state.bufferReady }
    var bufferLastExit: Column<Int64> { state.bufferLastExit }

    var calendarOff: Column<Bool> { state.calendarOff }
    var kitHave: Column<Int> { state.kitHave }
    var kitFilled: Column<Int> { state.kitFilled }
    var kitSlots: Column<Int32> { state.kitSlots }
    var outNext: Column<Int> { state.outNext }
    var outEnd: Column<Int> { state.outEnd }
    var outSlots: Column<Int32> { state.outSlots }
    var scratchMark: Column<UInt32> { state.scratchMark }
    var scratchList: Column<Int> { state.scratchList }
    var deadlockCandidates: Column<Int> { state.deadlockCandidates }

    /// Gives this simulation its own state if a copy of it shares it (value semantics); once
    /// per `run` call.
    @usableFromInline
    mutating func prepareToRun() {
        if !isKnownUniquelyReferenced(&state) { replaceState(with: state.copy()) }
    }

    /// Switches to `new` (same contents), re-pointing the queue at its heap.
    mutating func replaceState(with new: RunState) {
        state = new
        queue.heap = new.queueHeap
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
