import TaktFixed
import TaktRandom

/// Breakdowns: a failure suspends a busy server's process (it resumes where it stopped after
/// the repair); a down server takes no unit and passes none on. Operating-basis clocks run only
/// while the server is busy; calendar-basis clocks run always and restart at each repair's end.
extension Simulation {
    mutating func scheduleOperatingFailure(_ s: Int) {
        let e = Int(serverElement[s])
        failureVersion[s] &+= 1
        serverBusySince[s] = now
        schedule(at: now + serverUntilFailure[s], element: e, server: s - firstServer[e], kind: .failure, version: failureVersion[s])
    }

    mutating func failure(_ s: Int) {
        let e = Int(serverElement[s])
        let local = s - firstServer[e]
        serverDown[s] = true
        emit(.down, element: e, server: local, unit: serverUnit[s])
        // A process under way is suspended with the ticks it still needs.
        if serverUnit[s] >= 0 && !serverBlocked[s] && serverSuspended[s] < 0 {
            serverSuspended[s] = serverEndTick[s] - now
            processVersion[s] &+= 1
        }
        let repair = max(Self.drawTicks(timeToRepair[e], &failureStream[s], tickNanoseconds: tickNanoseconds), 1)
        schedule(at: now + repair, element: e, server: local, kind: .repairEnd, version: 0)
    }

    mutating func repairEnd(_ s: Int) {
        let e = Int(serverElement[s])
        let local = s - firstServer[e]
        serverDown[s] = false
        emit(.up, element: e, server: local, unit: serverUnit[s])
        let next = max(Self.drawTicks(timeBetweenFailures[e], &failureStream[s], tickNanoseconds: tickNanoseconds), 1)
        if failureBasis[e] == 2 {
            failureVersion[s] &+= 1
            schedule(at: now + next, element: e, server: local, kind: .failure, version: failureVersion[s])
        } else {
            serverUntilFailure[s] = next
        }
        if serverSuspended[s] >= 0 {
            // Resume the suspended process.
            let left = serverSuspended[s]
            serverSuspended[s] = -1
            serverEndTick[s] = now + left
            processVersion[s] &+= 1
            schedule(at: now + left, element: e, server: local, kind: .processEnd, version: processVersion[s])
            if failureBasis[e] == 1 { scheduleOperatingFailure(s) }
        } else if serverUnit[s] >= 0 && serverBlocked[s] {
            if serverRetryOnRepair[s] {
                serverRetryOnRepair[s] = false
                let t = Int(serverTarget[s])
                if canAccept(t) { serverPassOn(s) } else { wait(holder: Int32(elementCount + s), on: t) }
            }
        } else if serverUnit[s] < 0 {
            serverFreed(s)
        }
    }
}
