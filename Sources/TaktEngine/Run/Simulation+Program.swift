import TaktFixed
import TaktRandom

/// One program step, flattened for the run: a hold (fixed `ticks`, or a draw from `distribution`
/// when `ticks` < 0), or an acquire or release of `resources[resourceStart ..< +resourceCount]`.
struct FlatStep {
    static let hold: UInt8 = 0, acquire: UInt8 = 1, release: UInt8 = 2
    var op: UInt8
    var ticks: Int64
    var distribution: Distribution
    var info: Int32
    var resourceStart: Int32
    var resourceCount: Int32
}

/// Cells: a server of a station with a program runs its steps one after the other instead of
/// one process draw (see `Program`).
///
/// - A hold schedules the server's `processEnd` event at its end, so breakdowns and shifts
///   pause and resume it exactly like a plain process (`pauseProcess`, `resumeIfAble`).
/// - An acquire takes all its resources at once or none: the server waits in the resource
///   waiting list (first come, first served; a request that can be granted goes ahead of
///   earlier ones that cannot). A server that is down or off shift is not granted anything.
/// - When the last step is done the process ends as for a plain station (`processEnd`).
/// - `after` steps run once the unit has left; meanwhile the server takes no unit.
extension Simulation {
    /// Starts server `s`'s program on the unit it holds (called by `startProcess`).
    mutating func startProgram(_ s: Int) {
        serverPhase[s] = 1
        serverStep[s] = Int32(programStart[s] + warmStep)
        runProgram(s)
    }

    /// `ticks` × `share` (0 … 1), rounded to nearest.
    static func share(_ ticks: Int64, _ share: Fixed) -> Int64 {
        Int64((Int128(ticks) * Int128(share.raw) + (Int128(1) << 31)) >> 32)
    }

    /// Runs server `s`'s steps from `serverStep` until one takes time, must wait, or the
    /// program ends.
    mutating func runProgram(_ s: Int) {
        let e = Int(serverElement[s])
        let local = s - firstServer[e]
        let main = serverPhase[s] == 1
        let end = main ? programStart[s] + programCount[s] : afterStart[s] + afterCount[s]
        var k = Int(serverStep[s])
        var released = false
        while k < end {
            let step = programSteps[k]
            switch step.op {
            case FlatStep.hold:
                var d = step.ticks >= 0 ? step.ticks
                    : Self.drawTicks(step.distribution, &processStream[e], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
                if warmShare < .one {
                    // A staggered warm start: only this first step is part-done.
                    d = Self.share(d, warmShare)
                    warmShare = .one
                }
                emit(.stepStart, element: e, server: local, unit: serverUnit[s], a: Int64(step.info))
                serverStep[s] = Int32(k)
                serverEndTick[s] = now + d
                processVersion[s] &+= 1
                schedule(at: now + d, element: e, server: local, kind: .processEnd, version: processVersion[s])
                if released { serveResourceWaiters() }
                return
            case FlatStep.acquire:
                guard !serverDown[s], !serverOffShift[s], resourcesFree(step) else {
                    serverStep[s] = Int32(k)
                    serverAwaiting[s] = true
                    resourceWaiting[resourceWaitCount] = Int32(s)
                    resourceWaitCount += 1
                    if released { serveResourceWaiters() }
                    if serverAwaiting[s] { checkResourceCycle(from: s) }
                    return
                }
                take(step, server: s)
            default:
                for i in Int(step.resourceStart)..<Int(step.resourceStart + step.resourceCount) {
                    let r = Int(stepResources[i])
                    resourceHolder[r] = -1
                    emit(.released, element: e, server: local, unit: serverUnit[s], a: Int64(r))
                }
                released = true
            }
            k += 1
        }
        serverStep[s] = Int32(k)
        serverPhase[s] = main && afterCount[s] > 0 ? 3 : 0
        if released { serveResourceWaiters() }
        if main {
            processEnd(s, FullFlow.self)
        } else {
            serverFreed(s, FullFlow.self)
        }
    }

    @inline(__always)
    func resourcesFree(_ step: FlatStep) -> Bool {
        for i in Int(step.resourceStart)..<Int(step.resourceStart + step.resourceCount) where resourceHolder[Int(stepResources[i])] >= 0 {
            return false
        }
        return true
    }

    mutating func take(_ step: FlatStep, server s: Int) {
        let e = Int(serverElement[s])
        for i in Int(step.resourceStart)..<Int(step.resourceStart + step.resourceCount) {
            let r = Int(stepResources[i])
            resourceHolder[r] = Int32(s)
            emit(.acquired, element: e, server: s - firstServer[e], unit: serverUnit[s], a: Int64(r))
        }
    }

    /// A hold step of server `s` ended: the next steps run.
    mutating func stepEnd(_ s: Int) {
        let e = Int(serverElement[s])
        let k = Int(serverStep[s])
        emit(.stepEnd, element: e, server: s - firstServer[e], unit: serverUnit[s], a: Int64(programSteps[k].info))
        serverStep[s] = Int32(k + 1)
        runProgram(s)
    }

    /// Grants waiting requests whose resources are all free, oldest first, until none can be
    /// granted. Re-entrant calls (a granted program that releases something) only ask the
    /// outermost call to look again.
    mutating func serveResourceWaiters() {
        if servingResources { resourcesChanged = true; return }
        servingResources = true
        repeat {
            resourcesChanged = false
            var i = 0
            while i < resourceWaitCount {
                let s = Int(resourceWaiting[i])
                let step = programSteps[Int(serverStep[s])]
                guard !serverDown[s], !serverOffShift[s], resourcesFree(step) else { i += 1; continue }
                for j in i..<(resourceWaitCount - 1) { resourceWaiting[j] = resourceWaiting[j + 1] }
                resourceWaitCount -= 1
                serverAwaiting[s] = false
                take(step, server: s)
                serverStep[s] += 1
                runProgram(s)
                // The list may have changed under us: look again from the start.
                i = 0
            }
        } while resourcesChanged
        servingResources = false
    }

    /// After the unit of server `s` left (phase 3): run the `after` steps; the server is not
    /// free until they end.
    mutating func startAfterSteps(_ s: Int) {
        serverPhase[s] = 2
        serverStep[s] = Int32(afterStart[s])
        runProgram(s)
    }

    /// A deadlock among cells: `s` waits for a resource held by a server that waits (directly or
    /// through others) for one that `s` holds. Reported with the elements of the servers involved.
    /// Runs only when a server starts waiting, so it costs nothing while resources are free.
    mutating func checkResourceCycle(from s: Int) {
        var stack = [s]
        var seen: Set<Int> = [s]
        while let x = stack.popLast() {
            let step = programSteps[Int(serverStep[x])]
            for i in Int(step.resourceStart)..<Int(step.resourceStart + step.resourceCount) {
                let h = Int(resourceHolder[Int(stepResources[i])])
                guard h >= 0, h != x else { continue }
                if h == s {
                    deadlock = Deadlock(elements: Array(Set(seen.map { Int(serverElement[$0]) })).sorted(), tick: now, isCycle: true, onResources: true)
                    return
                }
                if serverAwaiting[h] && seen.insert(h).inserted { stack.append(h) }
            }
        }
    }

    // MARK: Tests and rework

    /// A test station judges the unit on server `s` (see `Inspection`); the outcome picks the
    /// target of its `.outcome` routing.
    mutating func judge(_ s: Int) {
        let e = Int(serverElement[s])
        let u = Int(serverUnit[s])
        if unitTestedAt[u] != Int32(e) {
            unitTestedAt[u] = Int32(e)
            let p = defectProbability[e * typeCount + Int(unitType[u])]
            if !unitBad[u] && p.raw > 0 && testStream[e].nextUnit() < p { unitBad[u] = true }
        }
        let bad = unitBad[u]
        let fail: Bool
        if bad {
            fail = !(escapeProbability[e].raw > 0 && testStream[e].nextUnit() < escapeProbability[e])
        } else {
            fail = falseRejectProbability[e].raw > 0 && testStream[e].nextUnit() < falseRejectProbability[e]
        }
        var outcome: UInt8 = 0
        if fail {
            if unitFails[u] < UInt8.max { unitFails[u] += 1 }
            outcome = maxFails[e] > 0 && Int(unitFails[u]) >= maxFails[e] ? 2 : 1
        }
        serverOutcome[s] = outcome
        emit(.tested, element: e, server: s - firstServer[e], unit: Int32(u), a: (fail ? 1 : 0) | (bad ? 2 : 0))
    }

    /// A rework station repairs a truly defective unit with its recovery probability.
    @inline(__always)
    mutating func repairDefect(_ s: Int) {
        let e = Int(serverElement[s])
        let u = Int(serverUnit[s])
        if unitBad[u] && recoveryProbability[e].raw > 0 && testStream[e].nextUnit() < recoveryProbability[e] { unitBad[u] = false }
    }

    // MARK: Conveyors

    /// Tick at which a conveyor's head unit may leave: at its end of transit, and one spacing
    /// after the unit before it left.
    @inline(__always)
    func conveyorDue(_ b: Int) -> Int64 {
        max(bufferReady[bufferOffset[b] + bufferHead[b]], bufferLastExit[b] + conveyorSpacing[b])
    }
}
