import TaktFixed

/// One piece of a vehicle's path on the floor plane. Only x and y matter: z is ignored on input
/// and 0 in every position this file returns. Headings are measured from +x towards +y.
public enum PathSegment: Sendable, Equatable {
    /// A straight piece from `from` to `to`.
    case line(from: Vec3, to: Vec3)
    /// A circular arc around `center` with `radius`, starting at the point at polar angle `start`
    /// (center + radius·(cos start, sin start)) and turning through `sweep`: positive turns left
    /// (counter-clockwise), negative turns right. Its length is radius · |sweep| in radians.
    case arc(center: Vec3, radius: Fixed, start: Angle, sweep: Angle)

    /// The arc that starts at `from` and turns `sweep` about `center` (radius and start angle derived).
    public static func arc(from: Vec3, center: Vec3, sweep: Angle) -> PathSegment {
        let dx = from.x - center.x, dy = from.y - center.y
        return .arc(center: center, radius: Fixed.hypot(dx, dy), start: Angle.atan2(dy, dx), sweep: sweep)
    }

    /// The length in metres: |to − from| in the plane, or radius · |sweep| with the sweep
    /// converted to radians by the correctly rounded fixed-point 2π (two roundings in all).
    /// Traps when an arc's length leaves the fixed-point range (`VehiclePath` checks this first).
    public var length: Fixed {
        let (len, overflow) = lengthReportingOverflow
        precondition(!overflow, "path segment length overflows Fixed")
        return len
    }

    /// The length, and whether it overflowed the fixed-point range.
    public var lengthReportingOverflow: (partialValue: Fixed, overflow: Bool) {
        switch self {
        case let .line(a, b):
            let (dx, o1) = b.x.subtractingReportingOverflow(a.x)
            let (dy, o2) = b.y.subtractingReportingOverflow(a.y)
            if o1 || o2 { return (.zero, true) }
            let h = UInt128(dx.raw.magnitude) * UInt128(dx.raw.magnitude) + UInt128(dy.raw.magnitude) * UInt128(dy.raw.magnitude)
            let root = Fixed.isqrtRounded(h)
            return root > UInt128(Int64.max) ? (.zero, true) : (Fixed(raw: Int64(root)), false)
        case let .arc(_, r, _, sweep):
            guard sweep.raw != .min else { return (.zero, true) }
            let (radians, o1) = Angle(raw: Swift.abs(sweep.raw)).radiansReportingOverflow
            if o1 { return (.zero, true) }
            return r.multipliedReportingOverflow(by: radians)
        }
    }

    /// The first point (z = 0).
    public var startPoint: Vec3 { point(fraction: .zero).position }
    /// The last point (z = 0); for a line exactly `to` (with z = 0).
    public var endPoint: Vec3 { point(fraction: .one).position }
    /// The direction of travel at the start and at the end.
    public var startHeading: Angle { point(fraction: .zero).heading }
    public var endHeading: Angle { point(fraction: .one).heading }

    /// Position and heading at `distance` metres from the start of this segment (clamped to it).
    public func pose(atDistance distance: Fixed) -> (position: Vec3, heading: Angle) {
        let len = length
        if len.raw <= 0 || distance <= .zero { return point(fraction: .zero) }
        if distance >= len { return point(fraction: .one) }
        return point(distance: distance, of: len)
    }

    // MARK: Internals

    func point(fraction f: Fixed) -> (position: Vec3, heading: Angle) {
        switch self {
        case let .line(a, b):
            let heading = Angle.atan2(b.y - a.y, b.x - a.x)
            if f == .one { return (Vec3(b.x, b.y, .zero), heading) }
            return (Vec3(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, .zero), heading)
        case let .arc(c, r, start, sweep):
            let phi = Angle(raw: start.raw + Int64(Fixed.shiftRightRoundingHalfEven(Int128(sweep.raw) * Int128(f.raw), by: 32)))
            return Self.arcPoint(center: c, radius: r, phi: phi, sweep: sweep)
        }
    }

    /// The point at `distance` ∈ (0, len) along the segment of length `len` (one rounding for the fraction).
    func point(distance: Fixed, of len: Fixed) -> (position: Vec3, heading: Angle) {
        switch self {
        case let .line(a, b):
            let dx = b.x - a.x, dy = b.y - a.y
            // a + d·distance/len per component, one rounding each.
            let px = a.x.raw + Int64(Fixed.roundedQuotient(Int128(dx.raw) * Int128(distance.raw), Int128(len.raw)))
            let py = a.y.raw + Int64(Fixed.roundedQuotient(Int128(dy.raw) * Int128(distance.raw), Int128(len.raw)))
            return (Vec3(Fixed(raw: px), Fixed(raw: py), .zero), Angle.atan2(dy, dx))
        case let .arc(c, r, start, sweep):
            let turned = Fixed.roundedQuotient(Int128(sweep.raw) * Int128(distance.raw), Int128(len.raw))
            return Self.arcPoint(center: c, radius: r, phi: Angle(raw: start.raw + Int64(turned)), sweep: sweep)
        }
    }

    static func arcPoint(center c: Vec3, radius r: Fixed, phi: Angle, sweep: Angle) -> (position: Vec3, heading: Angle) {
        let (s, co) = phi.sinCos
        let heading = sweep.raw >= 0 ? phi + .quarterTurn : phi - .quarterTurn
        return (Vec3(c.x + r * co, c.y + r * s, .zero), heading.wrappedSigned)
    }
}

/// A vehicle path: segments joined end to start, walked by distance.
///
/// Continuity is checked when the path is built: each segment must start within `gapTolerance`
/// (1 µm, on the fixed-point grid) of where the previous one ends, in the plane; with
/// `requireTangentContinuity` (the default) also with a heading within `kinkTolerance` of the previous
/// end heading (a differential drive could turn on the spot at a kink, but only from standstill,
/// which a `VehicleTrip` does not plan). The first violation is reported with its segment index.
public struct VehiclePath: Sendable, Equatable {
    public let segments: [PathSegment]
    /// An optional speed limit for the whole path (m/s), e.g. of the aisle; a `VehicleTrip` respects it.
    public let maxSpeed: Fixed?
    /// Total length in metres: the sum of the segment lengths.
    public let length: Fixed
    /// Per segment: its length and the distance from the path start to its start.
    public let segmentLengths: [Fixed]
    public let segmentOffsets: [Fixed]

    /// The largest allowed gap between a segment's end and the next start: 1 µm (raw 4295).
    public static let gapTolerance = Fixed(1, over: 1_000_000)
    /// The largest allowed heading change at a joint: 2^-16 turn (≈ 0.0055°, 9.6e-5 rad).
    public static let kinkTolerance = Angle(raw: 1 << 16)

    public init(segments: [PathSegment], maxSpeed: Fixed? = nil, requireTangentContinuity: Bool = true) throws(PathError) {
        guard !segments.isEmpty else { throw .emptyPath }
        if let maxSpeed, maxSpeed.raw <= 0 { throw .nonPositiveSpeedLimit(maxSpeed) }
        var lengths: [Fixed] = [], offsets: [Fixed] = []
        lengths.reserveCapacity(segments.count)
        offsets.reserveCapacity(segments.count)
        var total = Fixed.zero
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .line(let a, let b):
                if a.x == b.x && a.y == b.y { throw .degenerateSegment(index: i, reason: "the line has zero length") }
            case .arc(_, let r, _, let sweep):
                if r.raw <= 0 { throw .degenerateSegment(index: i, reason: "the arc radius must be positive, got \(r) m") }
                if sweep.raw == 0 { throw .degenerateSegment(index: i, reason: "the arc has no sweep") }
            }
            let (len, overflow) = segment.lengthReportingOverflow
            if overflow { throw .pathTooLong }
            if len.raw <= 0 { throw .degenerateSegment(index: i, reason: "the segment is shorter than the fixed-point resolution") }
            if i > 0 {
                let previous = segments[i - 1]
                let end = previous.endPoint, start = segment.startPoint
                let gap = Fixed.hypot(start.x - end.x, start.y - end.y)
                if gap > Self.gapTolerance { throw .gap(segment: i, distance: gap) }
                if requireTangentContinuity {
                    let turn = segment.startHeading.shortestDifference(from: previous.endHeading)
                    if turn.raw.magnitude > Self.kinkTolerance.raw.magnitude { throw .kink(segment: i, turn: turn) }
                }
            }
            lengths.append(len)
            offsets.append(total)
            let (sum, sumOverflow) = total.addingReportingOverflow(len)
            if sumOverflow { throw .pathTooLong }
            total = sum
        }
        self.segments = segments
        self.maxSpeed = maxSpeed
        self.length = total
        self.segmentLengths = lengths
        self.segmentOffsets = offsets
    }

    /// The segment (0-based) containing the distance s along the path: the last segment whose start is ≤ s
    /// (so a joint belongs to the following segment), clamped to the path. Allocation-free (binary search).
    public func segmentIndex(atDistance s: Fixed) -> Int {
        var lo = 0, hi = segmentOffsets.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if segmentOffsets[mid] <= s { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Position (z = 0) and heading at distance s from the start, clamped to [0, length]. At s ≥ length
    /// it is exactly the last segment's end. Allocation-free.
    public func pose(atDistance s: Fixed) -> (position: Vec3, heading: Angle) {
        if s >= length { return segments[segments.count - 1].point(fraction: .one) }
        if s <= .zero { return segments[0].point(fraction: .zero) }
        let i = segmentIndex(atDistance: s)
        let local = s - segmentOffsets[i]
        if local.raw == 0 { return segments[i].point(fraction: .zero) }
        if local >= segmentLengths[i] { return segments[i].point(fraction: .one) }
        return segments[i].point(distance: local, of: segmentLengths[i])
    }
}

/// A rest-to-rest trip along a `VehiclePath`: one time-optimal profile of the distance travelled.
///
/// **Speed cap.** The cruise speed is the smallest of the vehicle's speed limit, the path's
/// `maxSpeed` (if any) and, for every arc, √(a_max · r): on an arc of radius r the lateral
/// (centripetal) acceleration v²/r then stays ≤ a_max, the same limit as the vehicle's
/// along-path acceleration (√ rounded down, so the bound holds in fixed point too). The cap is
/// applied to the whole trip (simple and safe; a trip does not speed up on the straights between
/// arcs). Lateral and along-path acceleration are bounded separately, not as a combined vector, and
/// the jump of lateral acceleration where a line meets an arc (no clothoids) is not jerk-limited.
///
/// Evaluation is allocation-free.
public struct VehicleTrip: Sendable {
    /// What bounds the cruise speed.
    public enum SpeedCap: Sendable, Equatable {
        /// The vehicle's own speed limit.
        case vehicle
        /// The path's `maxSpeed`.
        case path
        /// The lateral-acceleration limit on the arc with this segment index (0-based).
        case arc(segment: Int)
    }

    public let path: VehiclePath
    /// The vehicle's limits as given.
    public let vehicleLimits: MotionLimits
    /// The cruise speed limit actually used (m/s) and what sets it.
    public let speedLimit: Fixed
    public let speedCap: SpeedCap
    /// The profile of the distance travelled, over `path.length`, under (speedLimit, a_max, j_max).
    public let profile: MotionProfile

    public init(path: VehiclePath, limits: MotionLimits, kind: ProfileKind, tickNanoseconds: Int64) throws(PathError) {
        do { try limits.validate(for: kind) } catch { throw .profile(error) }
        var cap = limits.velocity
        var reason = SpeedCap.vehicle
        if let v = path.maxSpeed, v < cap { cap = v; reason = .path }
        for (i, segment) in path.segments.enumerated() {
            guard case .arc(_, let r, _, _) = segment else { continue }
            let v = Self.lateralSpeedLimit(radius: r, acceleration: limits.acceleration)
            if v < cap { cap = v; reason = .arc(segment: i) }
        }
        guard cap.raw > 0 else { throw .profile(.nonPositiveLimit(name: "cruise speed (after the lateral-acceleration cap)", value: cap)) }
        self.path = path
        self.vehicleLimits = limits
        self.speedLimit = cap
        self.speedCap = reason
        do {
            profile = try MotionProfile(distance: path.length,
                                        limits: MotionLimits(velocity: cap, acceleration: limits.acceleration, jerk: limits.jerk),
                                        kind: kind, tickNanoseconds: tickNanoseconds)
        } catch {
            throw .profile(error)
        }
    }

    /// A trip for a differential-drive vehicle, with its body speed, acceleration and jerk limits.
    public init(path: VehiclePath, vehicle: DifferentialDriveModel, kind: ProfileKind, tickNanoseconds: Int64) throws(PathError) {
        try self.init(path: path, limits: MotionLimits(velocity: vehicle.maxSpeed, acceleration: vehicle.maxAcceleration,
                                                       jerk: vehicle.maxJerk),
                      kind: kind, tickNanoseconds: tickNanoseconds)
    }

    /// ⌊√(a·r)⌋: the largest speed (m/s, on the fixed-point grid) with v²/r ≤ a.
    public static func lateralSpeedLimit(radius: Fixed, acceleration: Fixed) -> Fixed {
        guard radius.raw > 0, acceleration.raw > 0 else { return .zero }
        // √(a·r)·2^32 = √(a.raw · r.raw), exactly floored.
        let root = Fixed.isqrtFloor(UInt128(acceleration.raw) * UInt128(radius.raw))
        return Fixed(raw: Int64(clamping: root))
    }

    public var durationTicks: Int64 { profile.durationTicks }

    /// Distance travelled at tick n: 0 at n ≤ 0, exactly `path.length` at n ≥ durationTicks.
    public func distance(atTick n: Int64) -> Fixed { profile.position(atTick: n) }

    /// Speed along the path at tick n (m/s).
    public func speed(atTick n: Int64) -> Fixed { profile.velocity(atTick: n) }

    /// Position (z = 0) and heading at tick n.
    public func pose(atTick n: Int64) -> (position: Vec3, heading: Angle) {
        path.pose(atDistance: distance(atTick: n))
    }
}
