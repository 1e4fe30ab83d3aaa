/// Deadlock: units that can never move again. An element is *stuck* when it is full and
/// everything in it waits on another element: a station whose servers are all blocked (not
/// busy, not down — those will move on their own), or a full buffer whose head is blocked.
/// The deadlocked set is the largest set of stuck elements whose holders wait only on
/// elements of the same set; nothing in it can move again, whatever happens elsewhere.
/// It is computed on ticks where a holder newly blocked, so lines that never block pay nothing.
extension Simulation {
    /// Whether element `e` is full with every unit in it waiting on a target.
    func isStuck(_ e: Int) -> Bool {
        switch kind[e] {
        case .station:
            let f = firstServer[e]
            for s in f..<(f + serverCount[e]) where serverUnit[s] < 0 || !serverBlocked[s] || serverDown[s] { return false }
            return true
        case .buffer:
            return bufferCount[e] == bufferCapacity[e] && bufferTarget[e] >= 0
        default:
            return false
        }
    }

    /// The targets the units in a stuck element wait on.
    func waitTargets(_ e: Int) -> [Int] {
        switch kind[e] {
        case .station:
            let f = firstServer[e]
            return (f..<(f + serverCount[e])).map { Int(serverTarget[$0]) }
        case .buffer:
            return [Int(bufferTarget[e])]
        default:
            return []
        }
    }

    /// The elements of a deadlock, ordered along one cycle of waiting, or nil.
    func findDeadlock() -> [Int]? {
        var inSet = (0..<elementCount).map { isStuck($0) }
        guard inSet.contains(true) else { return nil }
        // Greatest fixpoint: drop elements that wait on something outside the set.
        var changed = true
        while changed {
            changed = false
            for e in 0..<elementCount where inSet[e] {
                if waitTargets(e).contains(where: { !inSet[$0] }) { inSet[e] = false; changed = true }
            }
        }
        guard let start = inSet.firstIndex(of: true) else { return nil }
        // Walk first targets from the lowest-ranked member until an element repeats: that is a cycle.
        var path: [Int] = [], seen = [Int](repeating: -1, count: elementCount)
        var e = start
        while seen[e] < 0 {
            seen[e] = path.count
            path.append(e)
            e = waitTargets(e).first { inSet[$0] } ?? e
        }
        return Array(path[seen[e]...])
    }
}
