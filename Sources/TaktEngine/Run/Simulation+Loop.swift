/// The event loop: jump from one scheduled tick to the next, or (`everyTick`) visit every
/// tick in between. No work happens between events, so both walks give the same events.
extension Simulation {
    /// Runs from tick 0 to `options.durationTicks`, handing every event to `sink` in order,
    /// and tells the sink it finished. Inlinable so the observer's `record` is specialised
    /// into the caller: no existential, no allocation per event.
    @inlinable
    public mutating func run<S: EventSink>(into sink: inout S) {
        run(into: &sink, before: options.durationTicks)
        // A deadlocked run ends where the deadlock was found: nothing in it can move again.
        sink.finish(atTick: deadlock?.tick ?? options.durationTicks)
    }

    /// Processes every event scheduled before `limit` (at most the run's end) and stops
    /// there without finishing, so a caller can report progress between chunks.
    ///
    /// Events are collected over several ticks and fed to the sink in batches of at least
    /// `feedThreshold` (and all of them before returning): the sink sees the same events in the
    /// same order, with one call per batch instead of one per event. A `KPIRecorder` on its own
    /// is fed each event as it happens instead (`runFeeding`), with the same result.
    @inlinable
    public mutating func run<S: EventSink>(into sink: inout S, before limit: Int64) {
        if S.self == KPIRecorder.self {
            // The same type: the recorder is fed each event as it happens (`runFeeding`).
            withUnsafeMutablePointer(to: &sink) {
                $0.withMemoryRebound(to: KPIRecorder.self, capacity: 1) { runFeeding(&$0.pointee, before: limit) }
            }
            return
        }
        prepareToRun()
        if !started { start() }
        while advance(before: min(limit, options.durationTicks)) {
            if sink.checkpointDue(afterPending: pendingCount) {
                feed(into: &sink)
                sink.checkpoint(self)
            } else if pendingCount >= Self.feedThreshold {
                feed(into: &sink)
            }
        }
        feed(into: &sink)
    }

    /// `run(into:before:)` for a `KPIRecorder`: every event is booked straight into it as it
    /// happens (inlined at each event with its kind a constant), none collected for a batch. The
    /// KPIs are those of the batch path exactly (both go through `KPIRecorder.Feed.record`; a test
    /// compares whole summaries).
    @usableFromInline
    mutating func runFeeding(_ recorder: inout KPIRecorder, before limit: Int64) {
        var nothing = NullSink()
        // Events already collected (a caller that switched sinks) go to the recorder first.
        recorder.record(contentsOf: UnsafeBufferPointer(start: columns.pending.base, count: pendingCount))
        fedEvents += Int64(pendingCount)
        pendingCount = 0
        kpiFeed = recorder.feed()
        withExtendedLifetime(recorder) { run(into: &nothing, before: limit) }
        kpiFeed = nil
        // No event is later than this: a stopped run's last events are those of the tick it stopped
        // at (`now` may have moved on to the end), a finished chunk's those of `now`.
        recorder.fedUntil(deadlock?.tick ?? now)
    }

    /// Pending events that make a batch worth handing to the sink.
    @usableFromInline static var feedThreshold: Int { 256 }

    @inlinable
    mutating func feed<S: EventSink>(into sink: inout S) {
        sink.record(contentsOf: UnsafeBufferPointer(start: columns.pending.base, count: pendingCount))
        fedEvents += Int64(pendingCount)
        pendingCount = 0
    }

    /// Processes every scheduled event of the next tick that has any, if it is before `limit`
    /// (visiting each tick in between when `everyTick`). Returns false when none is left
    /// before `limit`; at the run's end `now` is the end tick.
    /// Inlined into this module's run loops (`runFeeding`'s among them): no call per tick, and the
    /// tick's dispatch compiled with the loop around it (−1.7 % instructions on serial-5).
    @usableFromInline @inline(__always)
    mutating func advance(before limit: Int64) -> Bool {
        isPlain ? advance(before: limit, PlainFlow.self) : advance(before: limit, FullFlow.self)
    }

    /// `advance(before:)` in the flow code of `F`.
    @inline(__always)
    mutating func advance<F: FlowVariant>(before limit: Int64, _ flow: F.Type) -> Bool {
        if queue.isEmpty && deadlock == nil && started { checkStall() }
        guard deadlock == nil, let next = queue.minTick, next < limit else {
            if limit == options.durationTicks {
                if options.everyTick { while now < limit { now += 1 } }
                now = limit
            }
            return false
        }
        if options.everyTick {
            while now < next { now += 1 }
        } else {
            now = next
        }
        repeat { dispatch(queue.pop(), flow) } while queue.minTick == now   // `next` is due now
        if candidateCount > 0 {
            checkDeadlockCandidates()
            // The events of the tick that deadlocked happened: they stay pending and reach the sink.
            if deadlock != nil { return false }
        }
        return true
    }

    @inline(__always)   // one caller, `advance`: no call and register saves per event
    mutating func dispatch<F: FlowVariant>(_ e: EventQueue.Entry, _ flow: F.Type) {
        let element = e.element
        switch e.kind {
        case .arrival:
            arrival(element, flow)
        case .processEnd:
            let s = firstServer[element] + e.server
            guard e.version == processVersion[s], !(F.full && serverDown[s]) else { return }
            if F.full && programStation[element] { stepEnd(s) } else { processEnd(s, flow) }
        case .failure:
            let s = firstServer[element] + e.server
            guard e.version == failureVersion[s], !serverDown[s] else { return }
            failure(s)
        case .repairEnd:
            repairEnd(firstServer[element] + e.server)
        case .shiftChange:
            shiftChange(element)
        case .conveyorReady:
            if bufferCount[element] > 0 && bufferTarget[element] < 0 && conveyorDue(element) <= now { bufferHeadReady(element, flow) }
        }
    }

    /// A digest of the whole simulation state (FNV-1a over every state array), for comparing
    /// runs: equal digests mean equal states.
    public func stateDigest() -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ x: Int64) {
            var v = UInt64(bitPattern: x)
            for _ in 0..<8 { h = (h ^ (v & 0xFF)) &* 0x100_0000_01b3; v >>= 8 }
        }
        mix(now); mix(Int64(wip)); mix(nextUnitId)
        for x in serverUnit { mix(x >= 0 ? unitId[Int(x)] : -1) }
        for x in serverBlocked { mix(x ? 1 : 0) }
        for x in serverDown { mix(x ? 1 : 0) }
        for x in serverOffShift { mix(x ? 1 : 0) }
        for x in serverSuspended { mix(x) }
        for x in serverUntilFailure { mix(x) }
        for b in 0..<elementCount where kind[b] == .buffer {
            mix(Int64(bufferCount[b]))
            for k in 0..<bufferCount[b] { mix(unitId[Int(bufferSlots[bufferOffset[b] + (bufferHead[b] + k) % bufferCapacity[b]])]) }
        }
        for s in kitFilled.indices {
            mix(Int64(kitFilled[s]))
            for k in 0..<kitFilled[s] { mix(unitId[Int(kitSlots[kitBase[s] + k])]) }
        }
        for s in outNext.indices { for k in outNext[s]..<outEnd[s] { mix(unitId[Int(outSlots[k])]) } }
        for x in sourceCreated { mix(Int64(x)) }
        // Cells (only lines that have them, so the digests of other lines stay as they were).
        if programSteps.count > 0 || resourceHolder.count > 0 {
            for s in 0..<serverStep.count { mix(Int64(serverStep[s])); mix(Int64(serverPhase[s])); mix(serverAwaiting[s] ? 1 : 0) }
            for x in resourceHolder { mix(Int64(x)) }
            for i in 0..<resourceWaitCount { mix(Int64(resourceWaiting[i])) }
        }
        for e in 0..<elementCount where isConveyor[e] {
            mix(bufferLastExit[e])
            for k in 0..<bufferCount[e] { mix(bufferReady[bufferOffset[e] + (bufferHead[e] + k) % bufferCapacity[e]]) }
        }
        for q in queue.entries.sorted(by: EventQueue.less) { mix(q.tick); mix(Int64(bitPattern: q.key)) }
        return h
    }

    /// Where every unit is now (call between ticks, e.g. from `EventSink.checkpoint`).
    public func snapshot() -> StateSnapshot {
        var units: [StateSnapshot.Unit] = []
        units.reserveCapacity(wip)
        let free = Set((0..<freeCount).map { freeSlots[$0] })
        for slot in 0..<unitId.count where !free.contains(Int32(slot)) {
            units.append(.init(id: unitId[slot], type: unitType[slot], created: unitCreated[slot], reworked: unitReworked[slot]))
        }
        units.sort { $0.id < $1.id }
        func id(_ slot: Int32) -> Int64 { slot >= 0 ? unitId[Int(slot)] : -1 }
        var buffers: [(element: Int32, units: [Int64])] = []
        var servers: [StateSnapshot.Server] = []
        for e in 0..<elementCount {
            switch kind[e] {
            case .buffer:
                buffers.append((Int32(e), (0..<bufferCount[e]).map { id(bufferSlots[bufferOffset[e] + (bufferHead[e] + $0) % bufferCapacity[e]]) }))
            case .station:
                for s in firstServer[e]..<(firstServer[e] + serverCount[e]) {
                    let state: StateSnapshot.ServerState = serverUnit[s] < 0 ? .starved : (serverBlocked[s] ? .blocked : .busy)
                    let kit = transformKind[e] == 1 ? (0..<kitFilled[s]).map { id(kitSlots[kitBase[s] + $0]) } : []
                    let outputs = (outNext[s]..<outEnd[s]).map { id(outSlots[$0]) }
                    servers.append(.init(element: Int32(e), server: Int32(s - firstServer[e]), state: state, down: serverDown[s],
                                         offShift: serverOffShift[s], unit: id(serverUnit[s]), kit: kit, outputs: outputs))
                }
            default: break
            }
        }
        for e in 0..<elementCount where kind[e] == .source {
            servers.append(.init(element: Int32(e), server: 0, state: sourceBlocked[e] ? .blocked : .idle, down: false, offShift: false, unit: id(sourceUnit[e])))
        }
        return StateSnapshot(tick: now, units: units, buffers: buffers, servers: servers)
    }
}
