import TaktFixed
import TaktRandom

extension Simulation {
    // MARK: Events out

    /// Appends an event to the pending list (fed to the sink between ticks, see `run(into:)`,
    /// which also counts them in `eventCount`). Element ranks and server indices fit an Int32 (the
    /// event queue's keys already take them as 24 and 32 bits): no conversion to check.
    ///
    /// When a `KPIRecorder` is fed directly (`run(into:)` with one as the sink), the event goes to it here
    /// instead: inlined with the kind a constant, its bookkeeping is just the part for that kind, and
    /// `of` (the element's kind, where the caller knows it) drops what does not apply to that element.
    @inline(__always)
    mutating func emit(_ k: EngineEvent.Kind, element e: Int, of elementKind: Kind? = nil, server: Int = 0, unit u: Int32 = -1, a: Int64 = 0) {
        if let kpis = kpiFeed {
            kpis.record(EngineEvent(tick: now, kind: k, element: Int32(truncatingIfNeeded: e), server: Int32(truncatingIfNeeded: server), a: a),
                        trusted: true, kind: elementKind.map(Self.recorderKind))
            unkeptEvents &+= 1
            return
        }
        let id = u >= 0 ? unitId[Int(u)] : -1
        if pendingCount == columns.pending.count { grow() }
        columns.pending[pendingCount] = EngineEvent(tick: now, kind: k, element: Int32(truncatingIfNeeded: e),
                                                  server: Int32(truncatingIfNeeded: server), unit: id, a: a)
        pendingCount &+= 1
    }

    /// An element kind as `KPIRecorder` numbers it.
    @inline(__always)
    static func recorderKind(_ k: Kind) -> UInt8 {
        switch k {
        case .source: KPIRecorder.sourceKind
        case .buffer: KPIRecorder.bufferKind
        case .station: KPIRecorder.stationKind
        case .sink: KPIRecorder.sinkKind
        }
    }

    @inline(__always)
    mutating func schedule(at tick: Int64, element e: Int, server: Int, kind k: ScheduledKind, version: UInt32) {
        if queue.isFull { grow() }
        queue.push(.init(tick: tick, key: EventQueue.Entry.key(element: e, server: server, kind: k), version: version))
    }

    // MARK: Buffers

    /// `i % capacity` for a ring position `i` in 0 ..< 2 × capacity (a head plus a count or an
    /// offset), without a division.
    @inline(__always)
    static func wrap(_ i: Int, _ capacity: Int) -> Int { i >= capacity ? i &- capacity : i }

    @inline(__always)
    mutating func enqueue(_ b: Int, _ u: Int32) {
        let i = bufferOffset[b] &+ Self.wrap(bufferHead[b] &+ bufferCount[b], bufferCapacity[b])
        bufferSlots[i] = u
        bufferReady[i] = now &+ conveyorTransit[b]
        bufferCount[b] &+= 1
    }

    @inline(__always)
    mutating func dequeue(_ b: Int) -> Int32 {
        let u = bufferSlots[bufferOffset[b] &+ bufferHead[b]]
        bufferHead[b] = Self.wrap(bufferHead[b] &+ 1, bufferCapacity[b])
        bufferCount[b] &-= 1
        bufferLastExit[b] = now
        return u
    }

    /// The buffer's head unit picks its next element and tries to move there.
    mutating func bufferHeadReady<F: FlowVariant>(_ b: Int, _ flow: F.Type) {
        if F.full && isConveyor[b] {
            // A conveyor's head leaves at the end of its transit, one spacing after the previous unit.
            let due = conveyorDue(b)
            if due > now { schedule(at: due, element: b, server: 0, kind: .conveyorReady, version: 0); return }
        }
        let u = bufferSlots[bufferOffset[b] &+ bufferHead[b]]
        let type = unitType[Int(u)]
        let t = route(from: b, type: type)
        bufferTarget[b] = Int32(t)
        let slot = room(t, type: type, flow)
        if slot >= 0 {
            _ = dequeue(b)
            move(u, from: b, .buffer, server: 0, to: t, slot: slot, flow)
            bufferPopped(b, flow)
        } else {
            wait(holder: Int32(b), on: t)
        }
    }

    /// After the head left: the next head moves on, then the freed room is offered upstream.
    @inline(__always)
    mutating func bufferPopped<F: FlowVariant>(_ b: Int, _ flow: F.Type) {
        bufferTarget[b] = -1
        if bufferCount[b] > 0 { bufferHeadReady(b, flow) }
        if bufferCount[b] < bufferCapacity[b] && waitCount[b] > 0 { serveWaiting(b, flow) }
    }

    // MARK: Waiting lists

    @inline(__always)
    mutating func wait(holder h: Int32, on t: Int) {
        let i = waitOffset[t] &+ Self.wrap(waitHead[t] &+ waitCount[t], waitCapacity[t])
        waitSlots[i] = h
        waitCount[t] &+= 1
        noteBlocked(holder: h)
    }

    /// Lets waiting holders move into `t` while it has room, first come first served.
    mutating func serveWaiting<F: FlowVariant>(_ t: Int, _ flow: F.Type) {
        if F.full && transformKind[t] == 1 { serveWaitingByType(t); return }
        // Not a merge: the free server does not depend on the unit's type.
        while waitCount[t] > 0 {
            let slot = room(t, type: 0, flow)
            guard slot >= 0 else { return }
            let h = waitSlots[waitOffset[t] &+ waitHead[t]]
            waitHead[t] = Self.wrap(waitHead[t] &+ 1, waitCapacity[t])
            waitCount[t] &-= 1
            retry(holder: h, slot: slot, flow)
        }
    }

    /// A merge takes only the types its kits still lack: the oldest waiting holder whose unit
    /// fits moves in, then the list is scanned again from its head, until none fits.
    mutating func serveWaitingByType(_ t: Int) {
        scan: while true {
            let n = waitCount[t], base = waitOffset[t], cap = waitCapacity[t]
            for k in 0..<n {
                let h = waitSlots[base + Self.wrap(waitHead[t] + k, cap)]
                guard canAccept(t, type: heldType(h)) else { continue }
                // Close the gap: entries after k move one place toward the head.
                for j in k..<(n - 1) { waitSlots[base + Self.wrap(waitHead[t] + j, cap)] = waitSlots[base + Self.wrap(waitHead[t] + j + 1, cap)] }
                waitCount[t] -= 1
                retry(holder: h, FullFlow.self)
                continue scan
            }
            return
        }
    }

    /// The type of the unit a waiting holder wants to pass on.
    mutating func heldType(_ h: Int32) -> Int32 {
        let hi = Int(h)
        if hi >= elementCount { return unitType[Int(serverUnit[hi - elementCount])] }
        if kind[hi] == .buffer { return unitType[Int(bufferSlots[bufferOffset[hi] + bufferHead[hi]])] }
        return sourceUnit[hi] >= 0 ? unitType[Int(sourceUnit[hi])] : sourceType[hi]
    }

    /// A holder whose target has room moves its unit there (into `slot`, the target's `room`
    /// when the caller just found it, else −1). Inlined into the two `serveWaiting`s, its only
    /// callers: one call fewer for nearly every unit that waited (−0.6 % instructions on serial-5).
    @inline(__always)
    mutating func retry<F: FlowVariant>(holder h: Int32, slot: Int = -1, _ flow: F.Type) {
        let hi = Int(h)
        if hi < elementCount {
            switch kind[hi] {
            case .buffer:
                let t = Int(bufferTarget[hi])
                let u = dequeue(hi)
                move(u, from: hi, .buffer, server: 0, to: t, slot: slot, flow)
                bufferPopped(hi, flow)
            case .source:
                sourceRetry(hi, flow)
            default:
                break
            }
        } else {
            let s = hi &- elementCount
            if F.full && (serverDown[s] || serverOffShift[s]) { serverRetryOnRepair[s] = true; return }
            serverPassOn(s, slot: slot, flow)
        }
    }

    // MARK: Moving units

    /// Whether element `t` can take a unit of type `type` now.
    @inline(__always)
    mutating func canAccept(_ t: Int, type: Int32) -> Bool { room(t, type: type, FullFlow.self) >= 0 }

    /// Where element `t` takes a unit of type `type` now: a station's free server, 0 for a buffer
    /// with room or a sink, −1 when it has none. A caller that moves the unit right after passes
    /// it on to `move`, which then does not look for the server again.
    @inline(__always)
    mutating func room<F: FlowVariant>(_ t: Int, type: Int32, _ flow: F.Type) -> Int {
        // Tests in a chain, not a `switch`: a jump table's one indirect branch, whose target changes
        // with the element, is mispredicted far more often than these.
        let k = kind[t]
        if k == .station { return freeServer(t, type: type, flow) }
        if k == .buffer { return bufferCount[t] < bufferCapacity[t] ? 0 : -1 }
        return k == .sink ? 0 : -1
    }

    /// The lowest-numbered server of station `t` that is up and empty (for a merge: gathering a
    /// kit that still lacks a unit of `type`), or −1.
    @inline(__always)
    mutating func freeServer<F: FlowVariant>(_ t: Int, type: Int32, _ flow: F.Type) -> Int {
        let f = firstServer[t]
        if F.full && features[t] & (Feature.merge | Feature.dispatchOrder) != 0 {
            guard transformKind[t] == 1 else { return freeServerByOrder(t) }
            let need = transformCounts[t * typeCount + Int(type)]
            for s in f..<(f + serverCount[t]) where serverUnit[s] < 0 && !serverDown[s] && !serverOffShift[s] && serverPhase[s] < 2
                && kitHave[s * typeCount + Int(type)] < need { return s }
            return -1
        }
        // A plain loop with wrapping steps: no range or overflow checks on the hottest search.
        let end = f &+ serverCount[t]
        var s = f
        while s < end {
            if serverUnit[s] < 0 && (!F.full || (!serverDown[s] && !serverOffShift[s] && serverPhase[s] < 2)) { return s }
            s &+= 1
        }
        return -1
    }

    /// Moves `u` from holder `e` (of kind `k`) into `t`, which must have room (`canAccept`);
    /// `slot`: `room(t, …)` if the caller has it, else −1. Inlined into each caller for its `k`
    /// (the `departed` event's bookkeeping); the rest is `arrive`.
    @inline(__always)
    mutating func move<F: FlowVariant>(_ u: Int32, from e: Int, _ k: Kind, server: Int, to t: Int, slot: Int = -1, _ flow: F.Type) {
        emit(.departed, element: e, of: k, server: server, unit: u, a: Int64(t))
        arrive(u, at: t, slot: slot, flow)
    }

    /// `u`, which has just left its holder, enters `t` (see `move`).
    mutating func arrive<F: FlowVariant>(_ u: Int32, at t: Int, slot: Int, _ flow: F.Type) {
        // A chain of tests rather than a `switch` (see `room`).
        let k = kind[t]
        if k == .station {
            let s = slot >= 0 ? slot : freeServer(t, type: unitType[Int(u)], flow)
            if F.full && features[t] & (Feature.rework | Feature.merge) != 0 {
                if reworkStation[t] { unitReworked[Int(u)] = true }
                if transformKind[t] == 1 {
                    emit(.arrived, element: t, of: .station, server: s - firstServer[t], unit: u)
                    addToKit(u, server: s)
                    return
                }
            }
            serverUnit[s] = u
            emit(.arrived, element: t, of: .station, server: s - firstServer[t], unit: u)
            startProcess(s, flow)
        } else if k == .buffer {
            enqueue(t, u)
            emit(.arrived, element: t, of: .buffer, unit: u)
            if bufferCount[t] == 1 {
                bufferHeadReady(t, flow)
            } else if bufferCount[t] == bufferCapacity[t] && bufferTarget[t] >= 0 && reachesCycle[t] {
                appendCandidate(t)   // filled up behind a blocked head: it may now be stuck
            }
        } else {
            precondition(k == .sink, "a unit cannot move into a source")
            emit(.arrived, element: t, of: .sink, unit: u)
            emit(.shipped, element: t, server: unitReworked[Int(u)] ? 1 : 0, unit: u, a: unitCreated[Int(u)])
            freeUnit(u)
        }
    }

    /// Where a unit leaving `e` goes next.
    @inline(__always)
    mutating func route(from e: Int, type: Int32) -> Int {
        let start = routeStart[e]
        switch routeKind[e] {
        case 1:
            return routeTargets[start]
        case 2:
            let x = routeStream[e].nextUnit()
            let n = routeCount[e]
            for i in start..<(start + n) where x < routeCumulative[i] { return routeTargets[i] }
            return routeTargets[start + n - 1]
        case 3:
            let ty = Int(type)
            return ty < routeCount[e] && routeTargets[start + ty] >= 0 ? routeTargets[start + ty] : routeFallback[e]
        default:
            preconditionFailure("element \(model.elements[e].name) has no routing")
        }
    }

    // MARK: Station servers

    mutating func startProcess<F: FlowVariant>(_ s: Int, _ flow: F.Type) {
        let e = Int(serverElement[s])
        let local = s &- firstServer[e]
        emit(.operationStart, element: e, server: local, unit: serverUnit[s])
        let f = F.full ? features[e] : 0
        if f & Feature.program != 0 {
            if f & Feature.operatingFailures != 0 { scheduleOperatingFailure(s) }
            startProgram(s)
            return
        }
        let mean = processExponentialMean[e]
        var d = mean > 0
            ? Self.exponentialTicks(mean: mean, &processStream[e], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
            : Self.drawTicks(process[e], &processStream[e], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
        if F.full && warmShare < .one { d = Self.share(d, warmShare) }
        serverEndTick[s] = now &+ d
        serverBusySince[s] = now
        processVersion[s] &+= 1
        schedule(at: now &+ d, element: e, server: local, kind: .processEnd, version: processVersion[s])
        if f & Feature.operatingFailures != 0 { scheduleOperatingFailure(s) }
    }

    /// The process on server `s` is done: scrap the unit or pass it on. (Inlined into `dispatch`,
    /// its one caller, like `serverOffer` into it.)
    @inline(__always)
    mutating func processEnd<F: FlowVariant>(_ s: Int, _ flow: F.Type) {
        let e = Int(serverElement[s])
        let local = s &- firstServer[e]
        let u = serverUnit[s]
        let f = F.full ? features[e] : 0
        guard f & Feature.atProcessEnd != 0 else {
            emit(.operationEnd, element: e, server: local, unit: u)
            serverOffer(s, flow)
            return
        }
        if f & Feature.operatingFailures != 0 {
            serverUntilFailure[s] -= now - serverBusySince[s]
            failureVersion[s] &+= 1   // the pending failure belongs to busy time not spent
        }
        var scrapped = false
        if f & Feature.scrap != 0 { scrapped = scrapStream[e].nextUnit() < scrapProbability[e] }
        emit(.operationEnd, element: e, server: local, unit: u, a: scrapped ? 1 : 0)
        if scrapped {
            emit(.scrapped, element: e, server: local, unit: u, a: unitCreated[Int(u)])
            freeUnit(u)
            serverUnit[s] = -1
            serverFreed(s, flow)
            return
        }
        if f & Feature.test != 0 { judge(s) }
        if f & Feature.recovery != 0 { repairDefect(s) }
        if f & Feature.split != 0 { split(server: s) }
        serverOffer(s, flow)
    }

    /// Server `s` holds a finished unit: it passes it on (and, after a split, each further unit
    /// in turn) until one cannot move (the server is blocked) or none is left (it is freed).
    @inline(__always)
    mutating func serverOffer<F: FlowVariant>(_ s: Int, _ flow: F.Type) {
        let e = Int(serverElement[s])
        let local = s &- firstServer[e]
        while true {
            let u = serverUnit[s]
            let type = unitType[Int(u)]
            let t = F.full && routeKind[e] == 4 ? routeTargets[routeStart[e] + Int(serverOutcome[s])] : route(from: e, type: type)
            serverTarget[s] = Int32(t)
            let slot = room(t, type: type, flow)
            guard slot >= 0 else {
                serverBlocked[s] = true
                emit(.blocked, element: e, server: local, unit: u, a: Int64(t))
                wait(holder: Int32(elementCount + s), on: t)
                return
            }
            move(u, from: e, .station, server: local, to: t, slot: slot, flow)
            if !nextOutput(s, flow) { break }
        }
        serverUnit[s] = -1
        serverFreed(s, flow)
    }

    /// A blocked server's target has room: the unit leaves (and any further ones a split made).
    mutating func serverPassOn<F: FlowVariant>(_ s: Int, slot: Int = -1, _ flow: F.Type) {
        let e = Int(serverElement[s])
        let local = s &- firstServer[e]
        let u = serverUnit[s]
        let t = Int(serverTarget[s])
        serverBlocked[s] = false
        emit(.unblocked, element: e, of: .station, server: local, unit: u, a: Int64(t))
        move(u, from: e, .station, server: local, to: t, slot: slot, flow)
        if nextOutput(s, flow) { serverOffer(s, flow); return }
        serverUnit[s] = -1
        serverFreed(s, flow)
    }

    /// Loads a split server's next unit to pass on into `serverUnit`; false when none is left.
    @inline(__always)
    mutating func nextOutput<F: FlowVariant>(_ s: Int, _ flow: F.Type) -> Bool {
        guard F.full && outNext[s] < outEnd[s] else { return false }
        serverUnit[s] = outSlots[outNext[s]]
        outNext[s] += 1
        return true
    }

    // MARK: Merges and splits

    /// A merge server takes one more unit for its kit; a complete kit becomes the assembled unit.
    mutating func addToKit(_ u: Int32, server s: Int) {
        let e = Int(serverElement[s])
        kitSlots[kitBase[s] + kitFilled[s]] = u
        kitFilled[s] += 1
        kitHave[s * typeCount + Int(unitType[Int(u)])] += 1
        let base = e * typeCount
        for t in 0..<typeCount where kitHave[s * typeCount + t] < transformCounts[base + t] { return }
        // Complete: the components are used up and the assembled unit is processed in their place.
        let local = s &- firstServer[e]
        var created = Int64.max
        var reworked = false, bad = false
        for k in 0..<kitFilled[s] {
            let c = Int(kitSlots[kitBase[s] + k])
            created = min(created, unitCreated[c])
            reworked = reworked || unitReworked[c]
            bad = bad || unitBad[c]   // a defective part makes a defective assembly
        }
        let assembled = nextUnitId   // the id `newUnit` gives next
        for k in 0..<kitFilled[s] {
            let c = kitSlots[kitBase[s] + k]
            emit(.consumed, element: e, server: local, unit: c, a: assembled)
            freeUnit(c)
        }
        for t in 0..<typeCount { kitHave[s * typeCount + t] = 0 }
        kitFilled[s] = 0
        let made = newUnit(type: mergeMakes[e], created: created, reworked: reworked)
        unitBad[Int(made)] = bad
        emit(.made, element: e, server: local, unit: made, a: Int64(mergeMakes[e]))
        serverUnit[s] = made
        startProcess(s, FullFlow.self)
    }

    /// The processed unit on split server `s` is used up; the units made from it (types in
    /// order, each inheriting its creation tick) wait on the server to be passed on.
    mutating func split(server s: Int) {
        let e = Int(serverElement[s])
        let local = s &- firstServer[e]
        let u = serverUnit[s]
        let created = unitCreated[Int(u)], reworked = unitReworked[Int(u)], bad = unitBad[Int(u)]
        emit(.consumed, element: e, server: local, unit: u, a: nextUnitId)
        freeUnit(u)
        let base = outBase[s]
        var end = base
        for t in 0..<typeCount {
            for _ in 0..<transformCounts[e * typeCount + t] {
                let c = newUnit(type: Int32(t), created: created, reworked: reworked)
                unitBad[Int(c)] = bad
                emit(.made, element: e, server: local, unit: c, a: Int64(t))
                outSlots[end] = c
                end += 1
            }
        }
        serverUnit[s] = outSlots[base]
        outNext[s] = base + 1
        outEnd[s] = end
    }

    /// Server `s` is empty: it takes the next waiting unit, or it is starved.
    @inline(__always)
    mutating func serverFreed<F: FlowVariant>(_ s: Int, _ flow: F.Type) {
        let e = Int(serverElement[s])
        if F.full && (serverDown[s] || serverOffShift[s]) { return }
        if F.full && afterCount[s] > 0 {
            if serverPhase[s] == 2 { return }   // still driving home
            if serverPhase[s] == 3 { startAfterSteps(s); return }
        }
        if waitCount[e] > 0 { serveWaiting(e, flow) }
        if serverUnit[s] < 0 { emit(.starved, element: e, server: s - firstServer[e]) }
    }

    /// The first free server of station `t` in its dispatch order. `mutating` only so that `self`
    /// is passed by address: a non-mutating call that is not inlined would copy the whole
    /// simulation struct, and did, on every `freeServer` path (−35 % events/s on serial-5).
    mutating func freeServerByOrder(_ t: Int) -> Int {
        for k in dispatchStart[t]..<(dispatchStart[t] + serverCount[t]) {
            let s = dispatchOrder[k]
            if serverUnit[s] < 0 && !serverDown[s] && !serverOffShift[s] && serverPhase[s] < 2 { return s }
        }
        return -1
    }

    // MARK: Sources

    mutating func startSource(_ e: Int) {
        switch sourceKind[e] {
        case 2:
            // Saturated from `start` on: before it, nothing waits at the source.
            if sourceStartTicks[e] > 0 {
                schedule(at: sourceStartTicks[e], element: e, server: 0, kind: .arrival, version: 0)
            } else {
                sourceRetry(e, FullFlow.self)
            }
        case 0:
            sourceNextDue[e] = sourceStartTicks[e]
            schedule(at: sourceNextDue[e], element: e, server: 0, kind: .arrival, version: 0)
        case 1:
            sourceNextDue[e] = sourceStartTicks[e] + Self.drawTicks(sourceDistribution[e], &arrivalStream[e], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
            schedule(at: sourceNextDue[e], element: e, server: 0, kind: .arrival, version: 0)
        default:
            guard scheduleCount[e] > 0 else { return }
            sourceNextDue[e] = scheduleTicks[scheduleStart[e]]
            schedule(at: sourceNextDue[e], element: e, server: 0, kind: .arrival, version: 0)
        }
    }

    @inline(__always) func sourceExhausted(_ e: Int) -> Bool { sourceLimit[e] >= 0 && sourceCreated[e] >= sourceLimit[e] }

    /// A scheduled arrival: create a unit and send it on, or hold it (blocked).
    mutating func arrival<F: FlowVariant>(_ e: Int, _ flow: F.Type) {
        if sourceKind[e] == 2 { sourceRetry(e, flow); return }   // a saturated source opening at its start
        if sourceExhausted(e) { return }
        sourceCreated[e] += 1
        let u = createUnit(type: sourceType[e], source: e)
        // The next arrival is drawn now; a blocked source delays it until its unit has left.
        switch sourceKind[e] {
        case 0: sourceNextDue[e] = now + sourceIntervalTicks[e]
        case 1: sourceNextDue[e] = now + Self.drawTicks(sourceDistribution[e], &arrivalStream[e], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
        case 3: sourceNextDue[e] = sourceCreated[e] < scheduleCount[e] ? scheduleTicks[scheduleStart[e] + sourceCreated[e]] : -1
        default: break
        }
        let t = route(from: e, type: unitType[Int(u)])
        let slot = room(t, type: unitType[Int(u)], flow)
        if slot >= 0 {
            move(u, from: e, .source, server: 0, to: t, slot: slot, flow)
            scheduleNextArrival(e)
        } else {
            sourceUnit[e] = u
            sourceTarget[e] = Int32(t)
            sourceBlocked[e] = true
            emit(.blocked, element: e, unit: u, a: Int64(t))
            wait(holder: Int32(e), on: t)
        }
    }

    mutating func scheduleNextArrival(_ e: Int) {
        if sourceExhausted(e) { return }
        guard sourceNextDue[e] >= 0 else { return }
        schedule(at: max(sourceNextDue[e], now), element: e, server: 0, kind: .arrival, version: 0)
    }

    /// A source's target has room (or a saturated source is asked for a unit).
    mutating func sourceRetry<F: FlowVariant>(_ e: Int, _ flow: F.Type) {
        if sourceKind[e] == 2 {
            // Always a unit waiting: it is created when it can leave, so no time is spent at the source.
            while true {
                if sourceExhausted(e) { return }
                let t = sourceTarget[e] >= 0 ? Int(sourceTarget[e]) : route(from: e, type: sourceType[e])
                let slot = room(t, type: sourceType[e], flow)
                if slot < 0 {
                    sourceTarget[e] = Int32(t)
                    if !sourceBlocked[e] { sourceBlocked[e] = true; emit(.blocked, element: e, a: Int64(t)) }
                    wait(holder: Int32(e), on: t)
                    return
                }
                if sourceBlocked[e] { sourceBlocked[e] = false; emit(.unblocked, element: e, of: .source, a: Int64(t)) }
                sourceTarget[e] = -1
                sourceCreated[e] += 1
                let u = createUnit(type: sourceType[e], source: e)
                move(u, from: e, .source, server: 0, to: t, slot: slot, flow)
            }
        }
        let u = sourceUnit[e]
        guard u >= 0 else { return }
        let t = Int(sourceTarget[e])
        sourceBlocked[e] = false
        emit(.unblocked, element: e, of: .source, unit: u, a: Int64(t))
        sourceUnit[e] = -1
        sourceTarget[e] = -1
        move(u, from: e, .source, server: 0, to: t, flow)
        scheduleNextArrival(e)
    }
}
