/// The exact long-run throughput of a saturated tandem line, computed in Double as a reference the
/// simulation never sees: single-server stations with exponential process times, finite FIFO buffers
/// between them (capacity 0: the stations hand over directly), blocking after service, a source that
/// always has a part for the first station and a sink that always takes the last one's.
///
/// Such a line is a continuous-time Markov chain. A state is each station's status (starved, busy or
/// blocked) and each buffer's level; a busy station finishes at its rate, and whatever can then move
/// at once does (the finished part into the next buffer or free station, the next station's pull from
/// its buffer, the blocked station behind that pull), which is what the engine does within one tick.
/// The stationary distribution π solves πQ = 0, Σπ = 1 (Gauss–Seidel over the reachable states);
/// the throughput is the last station's rate times the probability that it is busy.
struct TandemChain {
    let rates: [Double]
    let capacities: [Int]

    enum Status: UInt8 { case starved, busy, blocked }

    struct State: Hashable {
        var stations: [Status]
        var buffers: [Int]
    }

    init(rates: [Double], capacities: [Int]) {
        precondition(rates.count >= 1 && capacities.count == rates.count - 1 && capacities.allSatisfy { $0 >= 0 })
        self.rates = rates
        self.capacities = capacities
    }

    /// Makes every move that takes no time, until none is left (the order does not change the end state).
    func settled(_ state: State) -> State {
        var s = state
        let n = rates.count
        var moved = true
        while moved {
            moved = false
            if s.stations[0] == .starved { s.stations[0] = .busy; moved = true }   // the saturated source
            for i in 0..<(n - 1) {
                if s.stations[i] == .blocked {
                    if s.buffers[i] < capacities[i] {
                        s.buffers[i] += 1; s.stations[i] = .starved; moved = true
                    } else if capacities[i] == 0 && s.stations[i + 1] == .starved {
                        s.stations[i + 1] = .busy; s.stations[i] = .starved; moved = true
                    }
                }
                if s.stations[i + 1] == .starved && s.buffers[i] > 0 {
                    s.buffers[i] -= 1; s.stations[i + 1] = .busy; moved = true
                }
            }
        }
        return s
    }

    /// The transitions out of a settled state: (rate, next settled state), one per busy station.
    func transitions(_ s: State) -> [(rate: Double, to: State)] {
        let n = rates.count
        return (0..<n).compactMap { i in
            guard s.stations[i] == .busy else { return nil }
            var next = s
            next.stations[i] = i == n - 1 ? .starved : .blocked   // the sink takes the last part at once
            return (rates[i], settled(next))
        }
    }

    /// The reachable states and the long-run throughput (parts per unit of time).
    func solve(tolerance: Double = 1e-13) -> (states: Int, throughput: Double) {
        let n = rates.count
        let start = settled(State(stations: Array(repeating: .starved, count: n), buffers: Array(repeating: 0, count: n - 1)))
        var index: [State: Int] = [start: 0]
        var states = [start]
        var incoming: [[(from: Int, rate: Double)]] = [[]]
        var outRate: [Double] = []
        var k = 0
        while k < states.count {
            var total = 0.0
            for (rate, to) in transitions(states[k]) {
                let j: Int
                if let known = index[to] {
                    j = known
                } else {
                    j = states.count
                    index[to] = j
                    states.append(to)
                    incoming.append([])
                }
                if j != k { incoming[j].append((k, rate)); total += rate }
            }
            outRate.append(total)
            k += 1
        }
        // Gauss–Seidel on the balance equations π_j · out_j = Σ_i π_i · q_ij, renormalised each sweep.
        var pi = Array(repeating: 1.0 / Double(states.count), count: states.count)
        for _ in 0..<100_000 {
            var change = 0.0
            for j in states.indices {
                // A state that only returns to itself (a line of one station) keeps its share.
                guard outRate[j] > 0 else { continue }
                let v = incoming[j].reduce(0.0) { $0 + pi[$1.from] * $1.rate } / outRate[j]
                change = max(change, abs(v - pi[j]))
                pi[j] = v
            }
            let sum = pi.reduce(0, +)
            for j in pi.indices { pi[j] /= sum }
            if change < tolerance { break }
        }
        let throughput = states.indices.reduce(0.0) { $0 + (states[$1].stations[n - 1] == .busy ? pi[$1] * rates[n - 1] : 0) }
        return (states.count, throughput)
    }
}
