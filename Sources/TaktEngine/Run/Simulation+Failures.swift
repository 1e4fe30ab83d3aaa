import TaktFixed
import TaktRandom

/// Breakdowns: a failure suspends a busy server's process (it resumes where it stopped after
/// the repair, unless the station is then off shift); a down server takes no unit and passes none on. Operating-basis clocks run only
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
        pauseProcess(s)
        let repair = max(Self.drawTicks(timeToRepair[e], &failureStream[s], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond), 1)
        schedule(at: now + repair, element: e, server: local, kind: .repairEnd, version: 0)
    }

    mutating func repairEnd(_ s: Int) {
        let e = Int(serverElement[s])
        let local = s - firstServer[e]
        serverDown[s] = false
        emit(.up, element: e, server: local, unit: serverUnit[s])
        let next = max(Self.drawTicks(timeBetweenFailures[e], &failureStream[s], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond), 1)
        if failureBasis[e] == 2 {
            failureVersion[s] &+= 1
            schedule(at: now + next, element: e, server: local, kind: .failure, version: failureVersion[s])
        } else {
            serverUntilFailure[s] = next
        }
        resumeIfAble(s)
    }
}
