/// Planned downtime. Each station with a calendar toggles between on and off shift at the
/// boundaries of its off windows, repeating every period. Off shift, a server finishes
/// nothing: a process under way pauses with the ticks it still needs and resumes on shift
/// (as after a breakdown), and no unit enters or leaves. Sources keep to their own arrivals.
extension Simulation {
    /// Whether tick `t` falls in an off window of station `e`'s calendar.
    func isOffShift(_ e: Int, at t: Int64) -> Bool {
        let period = calendarPeriod[e]
        guard period > 0 else { return false }
        let p = t % period
        for i in calendarStart[e]..<(calendarStart[e] + calendarCount[e]) where calendarOffStart[i] <= p && p < calendarOffEnd[i] {
            return true
        }
        return false
    }

    /// The first window boundary of station `e` strictly after tick `t`.
    func nextShiftBoundary(_ e: Int, after t: Int64) -> Int64 {
        let period = calendarPeriod[e]
        let p = t % period, base = t - p
        for i in calendarStart[e]..<(calendarStart[e] + calendarCount[e]) {
            if calendarOffStart[i] > p { return base + calendarOffStart[i] }
            if calendarOffEnd[i] > p { return base + calendarOffEnd[i] }
        }
        return base + period + calendarOffStart[calendarStart[e]]
    }

    /// Tick 0: stations that start off shift go off; every calendar schedules its next change.
    mutating func startCalendars() {
        for e in 0..<elementCount where calendarPeriod[e] > 0 {
            if isOffShift(e, at: 0) { setShift(e, off: true) }
            schedule(at: nextShiftBoundary(e, after: 0), element: e, server: 0, kind: .shiftChange, version: 0)
        }
    }

    /// A boundary of station `e`'s calendar.
    mutating func shiftChange(_ e: Int) {
        let off = isOffShift(e, at: now)
        if off != calendarOff[e] { setShift(e, off: off) }
        schedule(at: nextShiftBoundary(e, after: now), element: e, server: 0, kind: .shiftChange, version: 0)
    }

    mutating func setShift(_ e: Int, off: Bool) {
        calendarOff[e] = off
        let f = firstServer[e]
        for s in f..<(f + serverCount[e]) {
            serverOffShift[s] = off
            emit(off ? .offShift : .onShift, element: e, server: s - f, unit: serverUnit[s])
            if off { pauseProcess(s) } else { resumeIfAble(s) }
        }
    }

    /// Suspends the process under way on `s` (a breakdown or the end of a shift), keeping the
    /// ticks it still needs; the operating-time failure clock stops with it.
    mutating func pauseProcess(_ s: Int) {
        // A cell's server waiting for a resource has no step under way; one driving home after
        // its unit left (`after` steps) pauses like a process.
        guard serverUnit[s] >= 0 || serverPhase[s] == 2, !serverBlocked[s], !serverAwaiting[s], serverSuspended[s] < 0 else { return }
        serverSuspended[s] = serverEndTick[s] - now
        processVersion[s] &+= 1
        let e = Int(serverElement[s])
        if failureBasis[e] == 1 {
            serverUntilFailure[s] -= now - serverBusySince[s]
            failureVersion[s] &+= 1
        }
    }

    /// Once `s` is neither down nor off shift: resume its process, retry its blocked unit, or take work.
    mutating func resumeIfAble(_ s: Int) {
        guard !serverDown[s], !serverOffShift[s] else { return }
        let e = Int(serverElement[s])
        let local = s - firstServer[e]
        if serverSuspended[s] >= 0 {
            let left = serverSuspended[s]
            serverSuspended[s] = -1
            serverEndTick[s] = now + left
            processVersion[s] &+= 1
            schedule(at: now + left, element: e, server: local, kind: .processEnd, version: processVersion[s])
            if failureBasis[e] == 1 { scheduleOperatingFailure(s) }
        } else if serverAwaiting[s] {
            serveResourceWaiters()
        } else if serverPhase[s] == 2 {
            return
        } else if serverUnit[s] >= 0 && serverBlocked[s] {
            if serverRetryOnRepair[s] {
                serverRetryOnRepair[s] = false
                let t = Int(serverTarget[s])
                if canAccept(t, type: unitType[Int(serverUnit[s])]) { serverPassOn(s, FullFlow.self) } else { wait(holder: Int32(elementCount + s), on: t) }
            }
        } else if serverUnit[s] < 0 {
            serverFreed(s, FullFlow.self)
        }
    }
}
