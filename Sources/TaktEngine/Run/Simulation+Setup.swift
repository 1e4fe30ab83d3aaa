import TaktFixed
import TaktRandom

/// A line that cannot run, found when the state is set up.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Simulation {
    /// Sizes every array of the state for `model` (nothing grows during the run) and
    /// derives each element's random streams from the seed and the element's name.
    public init(model: LineModel, options: RunOptions) throws(EngineError) {
        self.model = model
        self.options = options
        tickNanoseconds = model.tickNanoseconds
        wholeTicksPerSecond = LineModel.wholeTicksPerSecond(tickNanoseconds: model.tickNanoseconds)
        let n = model.elements.count
        elementCount = n
        var kinds: [Kind] = [], first: [Int] = [], counts: [Int] = []
        var serverElement: [Int32] = []
        var bufferOffset: [Int] = [], bufferCapacity: [Int] = []
        var slots = 0, poolSize = 0
        for (i, e) in model.elements.enumerated() {
            switch e.kind {
            case .source(let s):
                kinds.append(.source); first.append(-1); counts.append(0); poolSize += 1
                if case .saturated = s.arrivals, let path = Self.zeroTimePath(model, from: i) {
                    let via = path.dropFirst().dropLast().map { model.elements[$0].name }
                    throw EngineError("source \(e.name) is saturated and its units can reach sink \(model.elements[path.last!].name) "
                        + (via.isEmpty ? "directly" : "through \(via.joined(separator: ", ")) in no time")
                        + ": it would create units without end within one tick; give a station on the way a process time above 0")
                }
            case .buffer(let b):
                kinds.append(.buffer); first.append(-1); counts.append(0)
                guard b.capacity > 0 else { throw EngineError("buffer \(e.name) needs a capacity of at least 1") }
                poolSize += b.capacity
            case .station(let st):
                kinds.append(.station); first.append(serverElement.count); counts.append(st.servers)
                guard st.servers > 0 else { throw EngineError("station \(e.name) needs at least 1 server") }
                for _ in 0..<st.servers { serverElement.append(Int32(i)) }
                switch st.transform {
                case .none: poolSize += st.servers
                case .merge(let needs, _): poolSize += st.servers * (needs.reduce(0, +) + 1)
                case .split(let makes): poolSize += st.servers * max(makes.reduce(0, +), 1)
                }
            case .sink:
                kinds.append(.sink); first.append(-1); counts.append(0)
            }
            if case .buffer(let b) = e.kind { bufferOffset.append(slots); bufferCapacity.append(b.capacity); slots += b.capacity } else { bufferOffset.append(slots); bufferCapacity.append(0) }
        }
        kind = Table(kinds); firstServer = Table(first); serverCount = Table(counts)
        let servers = serverElement.count
        self.serverElement = Table(serverElement)
        self.bufferOffset = Table(bufferOffset)
        self.bufferCapacity = Table(bufferCapacity)
        // Every holder (source, buffer, server) can wait on any element at most once at a time.
        let holders = n + servers
        waitOffset = Table((0..<n).map { $0 * holders })
        waitCapacity = Table(Array(repeating: holders, count: n))
        // Merges and splits.
        let types = model.unitTypes.count
        typeCount = types
        var transformKind = [UInt8](repeating: 0, count: n)
        transformCounts = Array(repeating: 0, count: n * types)
        mergeMakes = Array(repeating: -1, count: n)
        reworkStation = Array(repeating: false, count: n)
        var kitBase = [Int](repeating: 0, count: servers)
        var kitTotal = 0, outTotal = 0
        var outBase = [Int](repeating: 0, count: servers)
        for (i, e) in model.elements.enumerated() {
            guard case .station(let st) = e.kind else { continue }
            reworkStation[i] = st.rework
            let counts: [Int]
            switch st.transform {
            case .none: continue
            case .merge(let needs, let makes):
                transformKind[i] = 1; mergeMakes[i] = Int32(makes); counts = needs
            case .split(let makes):
                transformKind[i] = 2; counts = makes
            }
            guard counts.count == types, counts.allSatisfy({ $0 >= 0 }), counts.contains(where: { $0 > 0 }) else {
                throw EngineError("station \(e.name): a merge or split needs a non-negative count per unit type, at least one above 0")
            }
            for t in 0..<types { transformCounts[i * types + t] = counts[t] }
            let size = counts.reduce(0, +)
            for s in first[i]..<(first[i] + st.servers) {
                if transformKind[i] == 1 { kitBase[s] = kitTotal; kitTotal += size } else { outBase[s] = outTotal; outTotal += size }
            }
        }
        self.transformKind = Table(transformKind)
        self.kitBase = kitBase
        self.outBase = outBase
        reachesCycle = Table(Self.elementsReachingCycles(model))

        // Cells: programs, tests, conveyors, dispatch orders.
        var programStation = [Bool](repeating: false, count: n), testStation = programStation
        var isConveyor = programStation
        var conveyorTransit = [Int64](repeating: 0, count: n), conveyorSpacing = conveyorTransit
        var hasOrder = programStation, orderStart = [Int](repeating: 0, count: n), order: [Int] = []
        var pStart = [Int](repeating: 0, count: servers), pCount = pStart, aStart = pStart, aCount = pStart
        var flat: [FlatStep] = [], stepResources: [Int32] = []
        defectProbability = Array(repeating: .zero, count: n * types)
        escapeProbability = Array(repeating: .zero, count: n); falseRejectProbability = escapeProbability
        recoveryProbability = escapeProbability; maxFails = Array(repeating: 0, count: n)
        let noDraw = Distribution.constant(.zero)
        func flatten(_ steps: [Program.Step], in name: String) throws(EngineError) {
            for step in steps {
                switch step {
                case .hold(let d, let info):
                    guard model.steps.indices.contains(info) else { throw EngineError("station \(name): a program step names step info \(info) of \(model.steps.count)") }
                    var ticks: Int64 = -1
                    if case .constant(let c) = d { ticks = model.ticks(seconds: c) }
                    flat.append(FlatStep(op: FlatStep.hold, ticks: ticks, distribution: d, info: Int32(info), resourceStart: 0, resourceCount: 0))
                case .acquire(let rs), .release(let rs):
                    guard !rs.isEmpty, rs.allSatisfy({ model.resources.indices.contains($0) }) else {
                        throw EngineError("station \(name): a program step names resources \(rs) of \(model.resources.count)")
                    }
                    let op = if case .acquire = step { FlatStep.acquire } else { FlatStep.release }
                    flat.append(FlatStep(op: op, ticks: -1, distribution: noDraw, info: -1, resourceStart: Int32(stepResources.count), resourceCount: Int32(rs.count)))
                    stepResources += rs.map { Int32($0) }
                }
            }
        }
        for (i, e) in model.elements.enumerated() {
            if case .buffer(let b) = e.kind, b.transit > .zero || b.spacing > .zero {
                isConveyor[i] = true
                conveyorTransit[i] = model.ticks(seconds: b.transit); conveyorSpacing[i] = model.ticks(seconds: b.spacing)
            }
            guard case .station(let st) = e.kind else { continue }
            if !st.programs.isEmpty {
                guard st.programs.count == st.servers else { throw EngineError("station \(e.name): \(st.programs.count) programs for \(st.servers) servers") }
                programStation[i] = true
                for k in 0..<st.servers {
                    let s = first[i] + k
                    pStart[s] = flat.count; try flatten(st.programs[k].steps, in: e.name); pCount[s] = flat.count - pStart[s]
                    aStart[s] = flat.count; try flatten(st.programs[k].after, in: e.name); aCount[s] = flat.count - aStart[s]
                }
            }
            if let test = st.inspection {
                guard case .outcome = e.routing, test.defective.count == types else {
                    throw EngineError("station \(e.name): a test station needs outcome routing and a defect probability per unit type")
                }
                testStation[i] = true
                for t in 0..<types { defectProbability[i * types + t] = test.defective[t] }
                escapeProbability[i] = test.escape; falseRejectProbability[i] = test.falseReject; maxFails[i] = test.maxFails
            }
            if let r = st.recovery { recoveryProbability[i] = r }
            if !st.dispatchOrder.isEmpty {
                guard st.dispatchOrder.sorted() == Array(0..<st.servers) else { throw EngineError("station \(e.name): the dispatch order must list each server once") }
                hasOrder[i] = true; orderStart[i] = order.count
                order += st.dispatchOrder.map { first[i] + $0 }
            }
        }
        self.programStation = Table(programStation); self.testStation = Table(testStation)
        self.programStart = Table(pStart); self.programCount = Table(pCount); self.afterStart = Table(aStart); self.afterCount = Table(aCount)
        self.programSteps = Table(flat); self.stepResources = Table(stepResources)
        self.isConveyor = Table(isConveyor); self.conveyorTransit = Table(conveyorTransit); self.conveyorSpacing = Table(conveyorSpacing)
        self.hasDispatchOrder = Table(hasOrder); self.dispatchStart = Table(orderStart); self.dispatchOrder = Table(order)
        var warmSteps = [Int](repeating: 0, count: servers)
        for (i, e) in model.elements.enumerated() {
            guard case .station(let st) = e.kind, !st.programs.isEmpty else { continue }
            for k in 0..<st.servers { warmSteps[first[i] + k] = min(max(st.programs[k].warmStep, 0), pCount[first[i] + k]) }
        }
        programWarmStep = warmSteps

        // The mutable state: every column sized now; the growable lists start with room for
        // more than a tick of a typical line needs.
        var sizes = RunState.Sizes()
        sizes.elements = n; sizes.servers = servers; sizes.bufferSlots = slots; sizes.waitSlots = n * holders
        sizes.units = poolSize; sizes.kitHave = kitTotal > 0 ? servers * types : 0; sizes.kitSlots = kitTotal
        sizes.outSlots = outTotal; sizes.queue = n + 2 * servers + 8; sizes.pending = 2 * Self.feedThreshold
        sizes.candidates = n + servers; sizes.resources = model.resources.count
        state = RunState(sizes: sizes)
        columns = state.columns
        queue = EventQueue(heap: columns.queueHeap)
        for s in 0..<servers { columns.outNext[s] = outBase[s]; columns.outEnd[s] = outBase[s] }
        for u in 0..<poolSize { columns.freeSlots[u] = Int32(poolSize - 1 - u) }
        freeCount = poolSize
        let seed = options.seed
        for (e, element) in model.elements.enumerated() {
            columns.processStream[e] = RandomStream(seed: seed, key: element.name, purpose: "process")
            columns.arrivalStream[e] = RandomStream(seed: seed, key: element.name, purpose: "arrivals")
            columns.routeStream[e] = RandomStream(seed: seed, key: element.name, purpose: "route")
            columns.scrapStream[e] = RandomStream(seed: seed, key: element.name, purpose: "quality")
            columns.testStream[e] = RandomStream(seed: seed, key: element.name, purpose: "test")
        }
        for (g, e) in serverElement.enumerated() {
            let local = g - first[Int(e)]
            columns.failureStream[g] = RandomStream(seed: seed, key: model.elements[Int(e)].name, purpose: "failures/\(local)")
        }

        // Flatten what the event handlers read, once.
        process = []; scrapProbability = []; failureBasis = []; timeBetweenFailures = []; timeToRepair = []
        var routeKind: [UInt8] = [], routeStart: [Int] = [], routeCount: [Int] = [], routeTargets: [Int] = []
        routeCumulative = []; routeFallback = []
        var sourceKind: [UInt8] = [], sourceLimit: [Int] = [], sourceType: [Int32] = []
        sourceIntervalTicks = []; sourceDistribution = []; sourceStartTicks = []
        scheduleStart = []; scheduleTicks = []; scheduleCount = []
        calendarPeriod = []; calendarStart = []; calendarCount = []; calendarOffStart = []; calendarOffEnd = []
        let none = Distribution.constant(.zero)
        for e in model.elements {
            calendarStart.append(calendarOffStart.count)
            if case .station(let st) = e.kind, let cal = st.calendar, !cal.off.isEmpty {
                if let problem = cal.problem() { throw EngineError("station \(e.name): calendar: \(problem)") }
                calendarPeriod.append(max(model.ticks(seconds: cal.period), 1))
                for w in cal.off {
                    calendarOffStart.append(model.ticks(seconds: w.start))
                    calendarOffEnd.append(model.ticks(seconds: w.start + w.length))
                }
            } else {
                calendarPeriod.append(0)
            }
            calendarCount.append(calendarOffStart.count - calendarStart[calendarStart.count - 1])
            if case .station(let st) = e.kind {
                process.append(st.process); scrapProbability.append(st.scrap)
                if let r = st.reliability {
                    failureBasis.append(r.basis == .operating ? 1 : 2)
                    timeBetweenFailures.append(r.timeBetweenFailures); timeToRepair.append(r.timeToRepair)
                } else {
                    failureBasis.append(0); timeBetweenFailures.append(none); timeToRepair.append(none)
                }
            } else {
                process.append(none); scrapProbability.append(.zero); failureBasis.append(0)
                timeBetweenFailures.append(none); timeToRepair.append(none)
            }
            routeStart.append(routeTargets.count)
            switch e.routing {
            case .none:
                routeKind.append(0); routeFallback.append(-1)
            case .fixed(let t):
                routeKind.append(1); routeTargets.append(t); routeCumulative.append(.one); routeFallback.append(-1)
            case .probability(let ts, let ps):
                routeKind.append(2); routeFallback.append(-1)
                var acc = Fixed.zero
                for (t, p) in zip(ts, ps) { acc += p; routeTargets.append(t); routeCumulative.append(acc) }
            case .byType(let ts, let f):
                routeKind.append(3); routeFallback.append(f)
                for t in ts { routeTargets.append(t); routeCumulative.append(.zero) }
            case .outcome(let p, let f, let g):
                // Indexed by the test outcome: 0 pass, 1 fail, 2 failed too often (to `fail` when no limit).
                routeKind.append(4); routeFallback.append(-1)
                for t in [p, f, g >= 0 ? g : f] { routeTargets.append(t); routeCumulative.append(.zero) }
            }
            routeCount.append(routeTargets.count - routeStart[routeStart.count - 1])
            scheduleStart.append(scheduleTicks.count)
            if case .source(let src) = e.kind {
                sourceStartTicks.append(model.ticks(seconds: src.start))
                sourceLimit.append(src.limit ?? -1)
                sourceType.append(Int32(src.unitType))
                switch src.arrivals {
                case .interval(let dt):
                    sourceKind.append(0); sourceIntervalTicks.append(max(model.ticks(seconds: dt), 1)); sourceDistribution.append(none)
                case .random(let d):
                    sourceKind.append(1); sourceIntervalTicks.append(0); sourceDistribution.append(d)
                case .saturated:
                    sourceKind.append(2); sourceIntervalTicks.append(0); sourceDistribution.append(none)
                case .schedule(let times):
                    sourceKind.append(3); sourceIntervalTicks.append(0); sourceDistribution.append(none)
                    for t in times { scheduleTicks.append(model.ticks(seconds: t)) }
                }
            } else {
                sourceStartTicks.append(0); sourceLimit.append(-1); sourceType.append(0)
                sourceKind.append(0); sourceIntervalTicks.append(0); sourceDistribution.append(none)
            }
            scheduleCount.append(scheduleTicks.count - scheduleStart[scheduleStart.count - 1])
        }
        var expMean = [Int64](repeating: 0, count: n), features = [UInt16](repeating: 0, count: n)
        for e in 0..<n where kinds[e] == .station {
            if case .exponential(let mean) = process[e], mean.raw > 0 { expMean[e] = mean.raw }
            var f: UInt16 = 0
            if failureBasis[e] == 1 { f |= Feature.operatingFailures }
            if scrapProbability[e].raw > 0 { f |= Feature.scrap }
            if testStation[e] { f |= Feature.test }
            if recoveryProbability[e].raw > 0 { f |= Feature.recovery }
            if transformKind[e] == 2 { f |= Feature.split }
            if transformKind[e] == 1 { f |= Feature.merge }
            if reworkStation[e] { f |= Feature.rework }
            if programStation[e] { f |= Feature.program }
            if hasOrder[e] { f |= Feature.dispatchOrder }
            features[e] = f
        }
        processExponentialMean = Table(expMean); self.features = Table(features)
        self.sourceKind = Table(sourceKind); self.sourceLimit = Table(sourceLimit); self.sourceType = Table(sourceType)
        self.routeKind = Table(routeKind); self.routeStart = Table(routeStart)
        self.routeCount = Table(routeCount); self.routeTargets = Table(routeTargets)
        // Plain: no station feature bit (programs, tests, scrap, rework, merges, splits, dispatch
        // orders, operating-time breakdowns) and none of what the bits leave out: calendar-time
        // breakdowns, shifts, conveyors, routing by test outcome.
        var plain = true
        for e in 0..<n where features[e] != 0 || failureBasis[e] != 0 || calendarPeriod[e] != 0 || isConveyor[e] || routeKind[e] == 4 {
            plain = false
        }
        isPlain = plain
    }

    /// A path from element `e` to a sink through elements that take no time (plain buffers,
    /// stations whose process is a constant 0 s), or nil.
    static func zeroTimePath(_ model: LineModel, from e: Int) -> [Int]? {
        // Marks in an array, not a `Set<Int>`: the set type's first use costs a start-up
        // generic-metadata instantiation of about 200,000 instructions.
        var seen = [Bool](repeating: false, count: model.elements.count)
        func visit(_ x: Int, _ path: [Int]) -> [Int]? {
            for t in model.elements[x].routing.successors where !seen[t] {
                seen[t] = true
                switch model.elements[t].kind {
                case .sink: return path + [t]
                case .buffer(let b) where b.transit == .zero && b.spacing == .zero:
                    if let p = visit(t, path + [t]) { return p }
                case .station(let st) where st.programs.isEmpty && st.process == .constant(.zero):
                    if case .merge = st.transform { continue }
                    if let p = visit(t, path + [t]) { return p }
                default: continue
                }
            }
            return nil
        }
        return visit(e, [e])
    }

    /// Places the warm-start units and schedules the first arrivals and failures (tick 0).
    @usableFromInline
    mutating func start() {
        started = true
        // Warm start: buffers and stations that begin with work in progress.
        for e in 0..<elementCount {
            switch model.elements[e].kind {
            case .buffer(let b):
                for t in b.initial {
                    let u = createUnit(type: Int32(t), source: e)
                    enqueue(e, u)
                    emit(.arrived, element: e, unit: u)
                }
            case .station(let st):
                for (k, t) in st.initial.enumerated() where k < st.servers {
                    let u = createUnit(type: Int32(t), source: e)
                    let s = firstServer[e] + k
                    serverUnit[s] = u
                    emit(.arrived, element: e, server: k, unit: u)
                    if st.staggered {
                        warmShare = Fixed(k + 1) / Fixed(st.initial.count)
                        warmStep = programWarmStep[s]
                    }
                    startProcess(s, FullFlow.self)
                    warmShare = .one
                    warmStep = 0
                }
            default: break
            }
        }
        // Shifts, then breakdown clocks.
        startCalendars()
        for s in 0..<serverElement.count {
            let e = Int(serverElement[s])
            guard failureBasis[e] != 0 else { continue }
            let draw = Self.drawTicks(timeBetweenFailures[e], &failureStream[s], tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
            if failureBasis[e] == 2 {
                schedule(at: max(draw, 1), element: Int(serverElement[s]), server: s - firstServer[Int(serverElement[s])], kind: .failure, version: failureVersion[s])
            } else {
                serverUntilFailure[s] = max(draw, 1)
                if serverUnit[s] >= 0 && !serverBlocked[s] { scheduleOperatingFailure(s) }
            }
        }
        // Buffers holding units pass them on; sources start.
        for e in 0..<elementCount {
            switch kind[e] {
            case .buffer where bufferCount[e] > 0: bufferHeadReady(e, FullFlow.self)
            case .source: startSource(e)
            default: break
            }
        }
        if candidateCount > 0 { checkDeadlockCandidates() }
    }

    @inline(__always)
    mutating func createUnit(type: Int32, source e: Int) -> Int32 {
        let u = newUnit(type: type, created: now, reworked: false)
        emit(.created, element: e, unit: u, a: Int64(type))
        return u
    }

    /// Takes a slot from the pool for a new unit (the caller announces it).
    @inline(__always)
    mutating func newUnit(type: Int32, created: Int64, reworked: Bool) -> Int32 {
        freeCount -= 1
        let u = freeSlots[freeCount]
        unitId[Int(u)] = nextUnitId
        unitType[Int(u)] = type
        unitCreated[Int(u)] = created
        unitReworked[Int(u)] = reworked
        unitBad[Int(u)] = false
        unitFails[Int(u)] = 0
        unitTestedAt[Int(u)] = -1
        nextUnitId += 1
        wip += 1
        return u
    }

    @inline(__always)
    mutating func freeUnit(_ u: Int32) {
        freeSlots[freeCount] = u
        freeCount += 1
        wip -= 1
    }

    /// A draw from `d` (seconds) converted to ticks; negative draws count as 0.
    /// Static on purpose: a method on `self` that takes a stream of `self` inout would make
    /// Swift copy the whole state for exclusivity on every draw.
    @inline(__always)
    static func drawTicks(_ d: Distribution, _ stream: inout RandomStream, tickNanoseconds: Int64, wholeTicksPerSecond: Int64) -> Int64 {
        // The commonest process time, exponential, is sampled inline (the same arithmetic as `sample`).
        if case let .exponential(mean) = d {
            return exponentialTicks(mean: mean.raw, &stream, tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
        }
        return LineModel.ticks(seconds: d.sample(&stream), tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
    }

    /// `drawTicks` of `.exponential(mean: Fixed(raw: mean))`, for a caller that holds the mean.
    @inline(__always)
    static func exponentialTicks(mean: Int64, _ stream: inout RandomStream, tickNanoseconds: Int64, wholeTicksPerSecond: Int64) -> Int64 {
        let seconds = Distribution.sampleExponential(mean: Fixed(raw: mean), &stream)
        return LineModel.ticks(seconds: seconds, tickNanoseconds: tickNanoseconds, wholeTicksPerSecond: wholeTicksPerSecond)
    }
}
