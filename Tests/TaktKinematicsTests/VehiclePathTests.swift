import Foundation
import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("Vehicle paths and trips")
struct VehiclePathTests {
    static func f(_ n: Int, _ d: Int = 1) -> Fixed { Fixed(n, over: d) }
    static func p(_ x: Fixed, _ y: Fixed) -> Vec3 { Vec3(x, y, .zero) }
    static let quarter = Angle.quarterTurn

    /// A 2 m square loop with quarter-circle corners of radius 0.5 m, counter-clockwise from (0.5, 0).
    static let squareSegments: [PathSegment] = [
        .line(from: p(f(1, 2), .zero), to: p(f(3, 2), .zero)),
        .arc(center: p(f(3, 2), f(1, 2)), radius: f(1, 2), start: -quarter, sweep: quarter),
        .line(from: p(f(2), f(1, 2)), to: p(f(2), f(3, 2))),
        .arc(center: p(f(3, 2), f(3, 2)), radius: f(1, 2), start: .zero, sweep: quarter),
        .line(from: p(f(3, 2), f(2)), to: p(f(1, 2), f(2))),
        .arc(center: p(f(1, 2), f(3, 2)), radius: f(1, 2), start: quarter, sweep: quarter),
        .line(from: p(.zero, f(3, 2)), to: p(.zero, f(1, 2))),
        .arc(center: p(f(1, 2), f(1, 2)), radius: f(1, 2), start: .halfTurn, sweep: quarter),
    ]

    /// The same path in Double: (x0, y0, x1, y1) lines and (cx, cy, r, start, sweep) arcs, angles in radians.
    enum Ref {
        case line(Double, Double, Double, Double)
        case arc(Double, Double, Double, Double, Double)
        var length: Double {
            switch self {
            case let .line(x0, y0, x1, y1): hypot(x1 - x0, y1 - y0)
            case let .arc(_, _, r, _, sweep): r * abs(sweep)
            }
        }
        func pose(_ d: Double) -> (x: Double, y: Double, heading: Double) {
            switch self {
            case let .line(x0, y0, x1, y1):
                let t = d / length
                return (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, atan2(y1 - y0, x1 - x0))
            case let .arc(cx, cy, r, start, sweep):
                let phi = start + sweep * d / length
                return (cx + r * cos(phi), cy + r * sin(phi), phi + (sweep > 0 ? 1 : -1) * Double.pi / 2)
            }
        }
    }

    static func ref(_ s: PathSegment) -> Ref {
        switch s {
        case let .line(a, b): .line(a.x.double, a.y.double, b.x.double, b.y.double)
        case let .arc(c, r, start, sweep):
            .arc(c.x.double, c.y.double, r.double, Double(start.raw) / 4294967296.0 * 2 * .pi, Double(sweep.raw) / 4294967296.0 * 2 * .pi)
        }
    }

    static func refPose(_ segments: [Ref], _ s: Double) -> (x: Double, y: Double, heading: Double) {
        var rest = s
        for (i, seg) in segments.enumerated() {
            if rest < seg.length || i == segments.count - 1 { return seg.pose(min(rest, seg.length)) }
            rest -= seg.length
        }
        fatalError()
    }

    static func headingError(_ a: Angle, _ radians: Double) -> Double {
        let d = Double(a.raw) / 4294967296.0 * 2 * .pi - radians
        return abs(remainder(d, 2 * .pi))
    }

    @Test("square loop with quarter-circle corners: length = 4 straight metres + 2π·0.5 within 1 µm (in fact a few 2^-32)")
    func squareLength() throws {
        let path = try VehiclePath(segments: Self.squareSegments)
        #expect(abs(path.length.double - (4 + Double.pi)) < 1e-6)
        #expect((path.length - (Fixed(4) + Fixed.pi)).raw.magnitude <= 8)
        #expect(path.segmentLengths.count == 8)
        #expect(path.segmentOffsets[2] == Fixed(1) + path.segmentLengths[1])
        // The loop closes: the end is the start.
        let end = path.pose(atDistance: path.length), start = path.pose(atDistance: .zero)
        #expect(end.position == start.position && end.heading == start.heading)
        #expect(start.position == Vec3(Self.f(1, 2), .zero, .zero) && start.heading == .zero)
    }

    @Test("pose at 2,000 seeded distances (and every joint) matches a Double reference within 2e-9 m and 2e-9 rad")
    func poseMatchesDouble() throws {
        let path = try VehiclePath(segments: Self.squareSegments)
        let refs = Self.squareSegments.map(Self.ref)
        var rng = SeededRNG(state: 0x5EED)
        var distances = (0..<2_000).map { _ in rng.between(.zero, path.length) }
        distances += path.segmentOffsets + [path.length, .zero, -Fixed.one, path.length + Fixed.one]
        var worstP = 0.0, worstH = 0.0
        for s in distances {
            let (pos, heading) = path.pose(atDistance: s)
            let r = Self.refPose(refs, min(max(s.double, 0), path.length.double))
            worstP = max(worstP, hypot(pos.x.double - r.x, pos.y.double - r.y))
            worstH = max(worstH, Self.headingError(heading, r.heading))
            #expect(pos.z == .zero)
        }
        #expect(worstP <= 2e-9, "worst position error \(worstP) m")
        #expect(worstH <= 2e-9, "worst heading error \(worstH) rad")
    }

    @Test("continuity: the first gap over 1 µm and the first kink are reported with their segment; gaps ≤ 1 µm pass")
    func continuity() throws {
        var broken = Self.squareSegments
        broken[2] = .line(from: Self.p(Self.f(2), Self.f(51, 100)), to: Self.p(Self.f(2), Self.f(3, 2)))
        broken[4] = .line(from: Self.p(Self.f(3, 2), Self.f(21, 10)), to: Self.p(Self.f(1, 2), Self.f(21, 10)))
        #expect {
            try VehiclePath(segments: broken)
        } throws: { error in
            guard let e = error as? PathError, case let .gap(segment, distance) = e else { return false }
            return segment == 2 && abs(distance.double - 0.01) < 1e-9
                && e.description == "segment 3 starts 0.010000 m from the end of segment 2 (more than 1 µm)"
        }
        // Half a micrometre is tolerated.
        var nudged = Self.squareSegments
        nudged[2] = .line(from: Self.p(Self.f(2) + Fixed(1, over: 2_000_000), Self.f(1, 2)), to: Self.p(Self.f(2), Self.f(3, 2)))
        _ = try VehiclePath(segments: nudged)

        let corner: [PathSegment] = [.line(from: Self.p(.zero, .zero), to: Self.p(.one, .zero)),
                                     .line(from: Self.p(.one, .zero), to: Self.p(.one, .one))]
        #expect(throws: PathError.kink(segment: 1, turn: .quarterTurn)) { try VehiclePath(segments: corner) }
        #expect(PathError.kink(segment: 1, turn: .quarterTurn).description
            == "segment 2 starts with a heading 90.000° off the end of segment 1; the path must be tangent-continuous")
        let relaxed = try VehiclePath(segments: corner, requireTangentContinuity: false)
        #expect(relaxed.length == Fixed(2))
        #expect(throws: PathError.emptyPath) { try VehiclePath(segments: []) }
        #expect(throws: PathError.self) { try VehiclePath(segments: [.arc(center: .zero, radius: .zero, start: .zero, sweep: .quarterTurn)]) }
        #expect(throws: PathError.degenerateSegment(index: 0, reason: "the line has zero length")) {
            try VehiclePath(segments: [.line(from: .zero, to: .zero)])
        }
        // The derived-arc constructor gives the same segment.
        #expect(PathSegment.arc(from: Self.p(Self.f(1, 2), .zero), center: Self.p(Self.f(1, 2), Self.f(1, 2)), sweep: -Self.quarter)
            == .arc(center: Self.p(Self.f(1, 2), Self.f(1, 2)), radius: Self.f(1, 2), start: -Self.quarter, sweep: -Self.quarter))
    }

    @Test("trip: the lateral-acceleration cap √(a·r) sets the cruise speed on a loop with 0.5 m corners; duration = the profile over the length; v²/r ≤ a on every arc tick")
    func tripWithLateralCap() throws {
        let path = try VehiclePath(segments: Self.squareSegments)
        let amr = try RobotFixtures.load("amr")
        guard case .differentialDrive(let vehicle) = amr.model else { Issue.record("amr is not a differential drive"); return }
        let tick: Int64 = 10_000_000
        for kind in ProfileKind.allCases {
            let trip = try VehicleTrip(path: path, vehicle: vehicle, kind: kind, tickNanoseconds: tick)
            // AMR: 1.5 m/s, 0.5 m/s²: on r = 0.5 m, √(0.5 · 0.5) = 0.5 m/s < 1.5 m/s.
            #expect(trip.speedLimit == Fixed(1, over: 2))
            #expect(trip.speedCap == .arc(segment: 1))
            let capped = MotionLimits(velocity: Fixed(1, over: 2), acceleration: vehicle.maxAcceleration, jerk: vehicle.maxJerk)
            let profile = try MotionProfile(distance: path.length, limits: capped, kind: kind, tickNanoseconds: tick)
            #expect(trip.durationTicks == profile.durationTicks)
            if kind == .trapezoidal {
                // L/v + v/a = (4 + π)/0.5 + 1 s.
                #expect(abs(trip.profile.optimalDurationSeconds.double - ((4 + Double.pi) / 0.5 + 1)) < 1e-8)
            }
            var worstLateral = 0.0, last = Fixed.zero
            for n in 0...trip.durationTicks {
                let s = trip.distance(atTick: n)
                #expect(s >= last)
                last = s
                let v = trip.speed(atTick: n).double
                #expect(v <= 0.5)
                let i = path.segmentIndex(atDistance: s)
                if case .arc(_, let r, _, _) = path.segments[i] { worstLateral = max(worstLateral, v * v / r.double) }
                #expect(trip.pose(atTick: n) == path.pose(atDistance: s))
            }
            #expect(worstLateral <= 0.5 && worstLateral > 0.45, "peak lateral acceleration \(worstLateral) m/s²")
            #expect(trip.distance(atTick: trip.durationTicks) == path.length)
            #expect(trip.pose(atTick: trip.durationTicks) == path.pose(atDistance: path.length))
        }
    }

    @Test("trip: without tight arcs the vehicle's own limit (or the path's maxSpeed) sets the cruise speed")
    func tripOtherCaps() throws {
        let limits = MotionLimits(velocity: Fixed(3, over: 2), acceleration: Fixed(1, over: 2), jerk: Fixed(2))
        let straight = try VehiclePath(segments: [.line(from: .zero, to: Self.p(Fixed(10), .zero))])
        let trip = try VehicleTrip(path: straight, limits: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000)
        #expect(trip.speedCap == .vehicle && trip.speedLimit == Fixed(3, over: 2))
        // 10/1.5 + 1.5/0.5 = 9.666… s → 9,667 ticks of 1 ms.
        #expect(trip.durationTicks == 9_667)
        // A wide arc (r = 5 m: √2.5 ≈ 1.58 m/s) does not bind; a path speed limit does.
        let wide = try VehiclePath(segments: [
            .line(from: .zero, to: Self.p(Fixed(2), .zero)),
            .arc(center: Self.p(Fixed(2), Fixed(5)), radius: Fixed(5), start: -Self.quarter, sweep: Self.quarter),
        ], maxSpeed: Fixed(1))
        let slow = try VehicleTrip(path: wide, limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000)
        #expect(slow.speedCap == .path && slow.speedLimit == Fixed(1))
        #expect(VehicleTrip.lateralSpeedLimit(radius: Fixed(5), acceleration: Fixed(1, over: 2)).double <= sqrt(2.5))
        #expect(VehicleTrip.lateralSpeedLimit(radius: Fixed(5), acceleration: Fixed(1, over: 2)).double > sqrt(2.5) - 1e-9)
        #expect(throws: PathError.nonPositiveSpeedLimit(.zero)) { try VehiclePath(segments: straight.segments, maxSpeed: .zero) }
    }
}
