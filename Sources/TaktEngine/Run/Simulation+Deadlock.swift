/// Deadlock: units that can never move again. An element is *stuck* when it is full and
/// everything in it waits on another element: a station whose servers are all blocked (not
/// busy, down or off shift — those will move on their own), or a full buffer whose head is
/// blocked. A stuck element is deadlocked exactly when every element reachable from it by
/// following what its units wait on is stuck too: if any of them can move, room propagates
/// back along the chain. The check runs from each element that became stuck during a tick,
/// over preallocated scratch arrays, so a busy line pays a few comparisons per block.
///
/// Only elements that can reach a routing cycle become candidates (`reachesCycle`, fixed by the
/// model). This drops no deadlock: if the check from `e` succeeds, the elements it visited are
/// finitely many, all stuck, and each waits on at least one of them (a stuck station's servers
/// are all blocked on targets, a stuck buffer's head is), so following waits from `e` must
/// repeat an element: a waiting cycle, and every wait follows a routing edge. From an element
/// that reaches no routing cycle the check always fails, so skipping it changes nothing, and
/// the candidates that remain are checked in the same order as before.
extension Simulation {
    /// Per element: whether a routing cycle is reachable from it along routing edges (itself
    /// included). The others are the elements from which every routing path ends: found by
    /// peeling, in the reverse graph, elements all of whose targets are already known to end.
    static func elementsReachingCycles(_ model: LineModel) -> [Bool] {
        let n = model.elements.count
        var targets: [[Int]] = Array(repeating: [], count: n)
        for (e, element) in model.elements.enumerated() {
            targets[e] = element.routing.successors
            targets[e].removeAll { $0 < 0 || $0 >= n }
        }
        var sources: [[Int]] = Array(repeating: [], count: n)
        var open = targets.map(\.count)   // targets not yet known to end
        for e in 0..<n { for t in targets[e] { sources[t].append(e) } }
        var ends = open.map { $0 == 0 }
        var work = (0..<n).filter { ends[$0] }
        while let x = work.popLast() {
            for e in sources[x] where !ends[e] {
                open[e] -= 1
                if open[e] == 0 { ends[e] = true; work.append(e) }
            }
        }
        return ends.map { !$0 }
    }

    /// Whether element `e` is full with every unit in it waiting on a target.
    func isStuck(_ e: Int) -> Bool {
        switch kind[e] {
        case .station:
            let f = firstServer[e]
            for s in f..<(f + serverCount[e]) where serverUnit[s] < 0 || !serverBlocked[s] || serverDown[s] || serverOffShift[s] { return false }
            return true
        case .buffer:
            return bufferCount[e] == bufferCapacity[e] && bufferTarget[e] >= 0
        default:
            return false
        }
    }

    /// Notes that `holder` blocked; its element becomes a candidate if that made it stuck.
    @inline(__always)
    mutating func noteBlocked(holder h: Int32) {
        let hi = Int(h)
        let e = hi < elementCount ? hi : Int(serverElement[hi - elementCount])
        if reachesCycle[e] && kind[e] != .source && isStuck(e) { appendCandidate(e) }
    }

    /// Checks the tick's candidates; records the first deadlock found.
    mutating func checkDeadlockCandidates() {
        defer { candidateCount = 0 }
        for i in 0..<candidateCount {
            if let cycle = deadlockCycle(from: deadlockCandidates[i]) {
                deadlock = Deadlock(elements: cycle, tick: now, isCycle: true)
                return
            }
        }
    }

    /// The waiting cycle through the elements reachable from `e`, if all of them are stuck.
    mutating func deadlockCycle(from e: Int) -> [Int]? {
        guard isStuck(e) else { return nil }
        scratchGeneration &+= 1
        let gen = scratchGeneration
        // scratchList[0 ..< listed]: the elements reached so far (each marked, so at most all).
        scratchMark[e] = gen
        scratchList[0] = e
        var listed = 1
        var i = 0
        while i < listed {
            let x = scratchList[i]
            i += 1
            var k = 0
            while let t = waitTarget(x, k) {
                k += 1
                if scratchMark[t] == gen { continue }
                guard isStuck(t) else { return nil }
                scratchMark[t] = gen
                scratchList[listed] = t
                listed += 1
            }
        }
        // Every reachable element is stuck: walk first targets from e until one repeats.
        var path: [Int] = []
        var x = e
        while !path.contains(x) {
            path.append(x)
            x = waitTarget(x, 0) ?? x
        }
        return Array(path[path.firstIndex(of: x)!...])
    }

    /// The k-th target that units in stuck element `e` wait on, or nil past the last.
    @inline(__always)
    func waitTarget(_ e: Int, _ k: Int) -> Int? {
        switch kind[e] {
        case .station:
            return k < serverCount[e] ? Int(serverTarget[firstServer[e] + k]) : nil
        case .buffer:
            return k == 0 ? Int(bufferTarget[e]) : nil
        default:
            return nil
        }
    }

    /// With nothing left to happen, units still waiting can never move: a stall. Holders wait on
    /// a merge whose kits lack a type that no longer arrives (a cycle is caught earlier).
    mutating func checkStall() {
        var involved = Set<Int>()
        for t in 0..<elementCount where waitCount[t] > 0 {
            involved.insert(t)
            for k in 0..<waitCount[t] {
                let h = Int(waitSlots[waitOffset[t] + (waitHead[t] + k) % waitCapacity[t]])
                involved.insert(h < elementCount ? h : Int(serverElement[h - elementCount]))
            }
        }
        // Cells waiting for resources that no one will give back.
        for i in 0..<resourceWaitCount { involved.insert(Int(serverElement[Int(resourceWaiting[i])])) }
        if !involved.isEmpty { deadlock = Deadlock(elements: involved.sorted(), tick: now, isCycle: false) }
    }
}
