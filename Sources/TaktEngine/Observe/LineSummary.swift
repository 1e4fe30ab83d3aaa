import TaktFixed

/// The KPIs of one run, computed by `KPIRecorder` from the event stream alone. Plain data.
///
/// The WINDOW is [warm-up, end): time-weighted KPIs integrate over it, count KPIs count events with
/// tick ≥ warm-up (events at the end tick included). Durations are exact tick counts; seconds and
/// fractions are `Fixed`, each computed from the exact integers with ONE rounding (half to even).
/// An optional is nil when the KPI is undefined (empty window, no units, no operations…).
public struct LineSummary: Sendable, Equatable {
    public var line: String
    public var seed: UInt64
    public var tickNanoseconds: Int64
    public var warmupTicks: Int64
    /// The tick at which the run stopped (`finish(atTick:)`).
    public var endTick: Int64
    /// Ticks of the window: max(0, end − warm-up).
    public var windowTicks: Int64
    public var warmupSeconds: Fixed
    public var endSeconds: Fixed
    /// Seconds of the window (the `duration_s` column).
    public var windowSeconds: Fixed

    /// Units created at tick ≥ warm-up.
    public var started: Int64
    /// Units shipped (reached a sink) at tick ≥ warm-up, whenever created.
    public var completed: Int64
    /// Units scrapped at tick ≥ warm-up, whenever created.
    public var scrapped: Int64
    /// Units made by merges (assembled units) and splits at tick ≥ warm-up.
    public var made: Int64
    /// Units used up by merges (components) and splits at tick ≥ warm-up.
    public var consumed: Int64
    /// Units shipped in the window that passed a rework station.
    public var reworked: Int64
    /// Units in the system when the window opens, and at the end.
    /// Always `wipStart + started + made == completed + scrapped + consumed + wipEnd`.
    public var wipStart: Int64
    public var wipEnd: Int64

    /// completed / window seconds × 3600; nil for an empty window.
    public var throughputPerHour: Fixed?
    /// Lead times of the units shipped in the window.
    public var leadTime: LeadTime
    /// Time-weighted mean number of units in the system over the window; nil for an empty window.
    public var wipMean: Fixed?
    /// First-pass yield: (completed − reworked) / (completed + scrapped) over the window: the share
    /// of units leaving the line that left good without passing a rework station; nil when none left.
    public var firstPassYield: Fixed?
    /// The station with the longest mean active period (see `StationKPIs.activePeriodMeanSeconds`);
    /// nil when no station was active in the window.
    public var bottleneck: String?
    /// One entry per element, in model order (sorted by name).
    public var elements: [ElementSummary]

    public init(
        line: String, seed: UInt64, tickNanoseconds: Int64, warmupTicks: Int64, endTick: Int64, windowTicks: Int64,
        warmupSeconds: Fixed, endSeconds: Fixed, windowSeconds: Fixed,
        started: Int64, completed: Int64, scrapped: Int64, made: Int64 = 0, consumed: Int64 = 0, reworked: Int64 = 0,
        wipStart: Int64, wipEnd: Int64,
        throughputPerHour: Fixed?, leadTime: LeadTime, wipMean: Fixed?, firstPassYield: Fixed?,
        bottleneck: String?, elements: [ElementSummary]
    ) {
        self.line = line; self.seed = seed; self.tickNanoseconds = tickNanoseconds
        self.warmupTicks = warmupTicks; self.endTick = endTick; self.windowTicks = windowTicks
        self.warmupSeconds = warmupSeconds; self.endSeconds = endSeconds; self.windowSeconds = windowSeconds
        self.started = started; self.completed = completed; self.scrapped = scrapped
        self.made = made; self.consumed = consumed; self.reworked = reworked
        self.wipStart = wipStart; self.wipEnd = wipEnd
        self.throughputPerHour = throughputPerHour; self.leadTime = leadTime; self.wipMean = wipMean
        self.firstPassYield = firstPassYield; self.bottleneck = bottleneck; self.elements = elements
    }

    /// The summary of the element called `name`.
    public func element(named name: String) -> ElementSummary? { elements.first { $0.name == name } }

    /// Lead time = ship tick − creation tick of each unit shipped in the window.
    public struct LeadTime: Sendable, Equatable {
        /// Units shipped in the window (= `completed`).
        public var count: Int64
        /// Exact sum of the lead times, ticks.
        public var sumTicks: Int128
        /// Exact mean: sum / count (one rounding).
        public var meanSeconds: Fixed?
        /// From `Histogram` (relative error ≤ 1/256; exact below 256 ticks); see its quantile rule.
        public var p50Seconds: Fixed?
        public var p95Seconds: Fixed?
        /// Exact.
        public var minSeconds: Fixed?
        public var maxSeconds: Fixed?

        public init(count: Int64, sumTicks: Int128, meanSeconds: Fixed?, p50Seconds: Fixed?, p95Seconds: Fixed?, minSeconds: Fixed?, maxSeconds: Fixed?) {
            self.count = count; self.sumTicks = sumTicks; self.meanSeconds = meanSeconds
            self.p50Seconds = p50Seconds; self.p95Seconds = p95Seconds; self.minSeconds = minSeconds; self.maxSeconds = maxSeconds
        }
    }

    /// The tick ledger of a source or station over the window, in SERVER-TICKS.
    /// The six states partition each server's time: `total == capacity` exactly.
    public struct Ledger: Sendable, Equatable {
        public var busy: Int64
        public var blocked: Int64
        public var starved: Int64
        public var down: Int64
        public var idle: Int64
        /// Planned downtime (shifts); always 0 until shifts exist.
        public var offShift: Int64
        /// servers × window ticks.
        public var capacity: Int64

        public init(busy: Int64, blocked: Int64, starved: Int64, down: Int64, idle: Int64, offShift: Int64, capacity: Int64) {
            self.busy = busy; self.blocked = blocked; self.starved = starved; self.down = down
            self.idle = idle; self.offShift = offShift; self.capacity = capacity
        }

        /// The sum of the six states.
        public var total: Int64 { busy + blocked + starved + down + idle + offShift }

        /// The column order used by every format.
        public static let stateNames = ["busy", "blocked", "starved", "down", "idle", "off_shift"]
        /// The ticks in `stateNames` order.
        public var ticks: [Int64] { [busy, blocked, starved, down, idle, offShift] }

        /// ticks / capacity, rounded once; nil when the capacity is 0.
        public func fraction(_ ticks: Int64) -> Fixed? { LineSummary.ratio(Int128(ticks), Int128(capacity)) }
        /// The fractions in `stateNames` order.
        public var fractions: [Fixed?] { ticks.map { fraction($0) } }
    }

    /// Buffer level over the window.
    public struct BufferLevel: Sendable, Equatable {
        /// Time-weighted mean level; nil for an empty window.
        public var mean: Fixed?
        /// The highest level held for at least one tick of the window (a unit that passes through
        /// within one tick does not raise it).
        public var max: Int64

        public init(mean: Fixed?, max: Int64) { self.mean = mean; self.max = max }
    }

    /// Station KPIs over the window.
    ///
    /// OEE = availability × performance × quality with
    /// - planned = server-ticks − off-shift, run = planned − down;
    /// - availability = run / planned;
    /// - performance = ideal cycle × operations / run, ideal cycle = the mean of the process-time
    ///   distribution (nil when that mean is unknown); can exceed 1 when draws fall below the mean;
    /// - quality = good / operations, good = operations − scrapped.
    /// The product telescopes to `oee = ideal cycle × good / planned`, which is computed directly from
    /// the exact integers (so it may differ in the last place from the product of the rounded parts).
    /// Operations are counted when they END in the window.
    public struct StationKPIs: Sendable, Equatable {
        public var operations: Int64
        /// Operations ending in scrap.
        public var scrapped: Int64
        public var idealCycleSeconds: Fixed?
        public var availability: Fixed?
        public var performance: Fixed?
        public var quality: Fixed?
        public var oee: Fixed?
        /// Active periods (Roser's active-period method): a server is ACTIVE while busy or down and
        /// inactive while starved, blocked, idle or off shift. An active period is a maximal interval
        /// of activity, clipped to the window; an inactive gap of zero ticks (e.g. starved and started
        /// again at the same tick) does not split it, and a period still open at the end counts up to
        /// the end. Per server: mean = total active ticks / number of periods (0 without periods);
        /// the station's value is the plain average of its servers' means. The station with the
        /// largest value is the bottleneck (ties: the first by name).
        public var activePeriods: Int64
        public var activePeriodMeanSeconds: Fixed

        public init(operations: Int64, scrapped: Int64, idealCycleSeconds: Fixed?, availability: Fixed?, performance: Fixed?, quality: Fixed?, oee: Fixed?, activePeriods: Int64, activePeriodMeanSeconds: Fixed) {
            self.operations = operations; self.scrapped = scrapped; self.idealCycleSeconds = idealCycleSeconds
            self.availability = availability; self.performance = performance; self.quality = quality; self.oee = oee
            self.activePeriods = activePeriods; self.activePeriodMeanSeconds = activePeriodMeanSeconds
        }
    }

    /// One element's KPIs; the optionals present depend on the kind.
    public struct ElementSummary: Sendable, Equatable {
        public var name: String
        /// "source", "buffer", "station" or "sink".
        public var kind: String
        /// Stations: parallel servers; sources: 1; buffers and sinks: 0.
        public var servers: Int
        /// Sources and stations.
        public var ledger: Ledger?
        /// Buffers.
        public var level: BufferLevel?
        /// Stations.
        public var station: StationKPIs?
        /// Sources: units created in the window.
        public var created: Int64?
        /// Sinks: units shipped in the window.
        public var shipped: Int64?

        public init(name: String, kind: String, servers: Int, ledger: Ledger? = nil, level: BufferLevel? = nil, station: StationKPIs? = nil, created: Int64? = nil, shipped: Int64? = nil) {
            self.name = name; self.kind = kind; self.servers = servers; self.ledger = ledger
            self.level = level; self.station = station; self.created = created; self.shipped = shipped
        }
    }
}

// MARK: - Exact ratios

extension LineSummary {
    /// round(a · b / d), half to even, from the exact 256-bit product; a, b ≥ 0, d > 0.
    /// nil when the quotient does not fit in Int128.
    static func mulDiv(_ a: Int128, _ b: Int128, _ d: Int128) -> Int128? {
        precondition(a >= 0 && b >= 0 && d > 0, "mulDiv(\(a), \(b), \(d)) needs a, b ≥ 0 and d > 0")
        let product = UInt128(a).multipliedFullWidth(by: UInt128(b))
        let ud = UInt128(d)
        guard product.high < ud else { return nil }
        let (q, r) = ud.dividingFullWidth(product)
        let rest = ud - r                                       // 2r > d  ⇔  r > d − r
        var result = q
        if r > rest || (r == rest && (q & 1) != 0) { result += 1 }
        guard result <= UInt128(Int128.max) else { return nil }
        return Int128(result)
    }

    /// `Fixed` with raw value round(a · b / d), or nil when it does not fit (or d ≤ 0).
    static func fixed(_ a: Int128, _ b: Int128, _ d: Int128) -> Fixed? {
        guard d > 0, a >= 0, b >= 0, let q = mulDiv(a, b, d), q <= Int128(Int64.max) else { return nil }
        return Fixed(raw: Int64(q))
    }

    /// n / d as a `Fixed` (one rounding); nil when d ≤ 0 or it does not fit.
    static func ratio(_ n: Int128, _ d: Int128) -> Fixed? { fixed(n, Int128(Fixed.oneRaw), d) }

    /// Ticks to seconds with one rounding (as `LineModel.seconds(ticks:)`), saturating at `Fixed.max`.
    static func seconds(ticks: Int128, tickNanoseconds: Int64) -> Fixed {
        fixed(ticks < 0 ? 0 : ticks, Int128(tickNanoseconds) << 32, 1_000_000_000) ?? .max
    }
}
