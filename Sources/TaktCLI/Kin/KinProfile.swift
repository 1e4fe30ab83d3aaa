import TaktFixed
import TaktKinematics

/// `takt kin profile`.
enum KinProfile {
    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        let a = try Arguments(args, options: ["distance", "vmax", "amax", "jmax", "tick", "format"], flags: [], command: "kin profile")
        guard a.positionals.isEmpty else { throw UsageError("kin profile: unexpected argument '\(a.positionals[0])'") }
        let format = try a.choice("format", ["text", "json"], default: "text", command: "kin profile")
        func number(_ name: String) throws(UsageError) -> Fixed? {
            guard let t = a.value(name) else { return nil }
            return try Format.decimals(t, option: name)[0]
        }
        guard let distance = try number("distance") else { throw UsageError("kin profile: --distance is required") }
        guard let vmax = try number("vmax") else { throw UsageError("kin profile: --vmax is required") }
        guard let amax = try number("amax") else { throw UsageError("kin profile: --amax is required") }
        let jmax = try number("jmax")
        let tickText = a.value("tick") ?? "1ms"
        let tickSeconds: Fixed
        do { tickSeconds = try Quantity.parse(tickText, as: .duration) } catch { throw UsageError("kin profile: --tick: \(error)") }
        let tickNs = (tickSeconds * 1_000_000_000).roundedInt
        guard tickNs > 0 else { throw UsageError("kin profile: --tick must be at least 1 ns, got '\(tickText)'") }
        let kind: ProfileKind = jmax == nil ? .trapezoidal : .sCurve
        let profile: MotionProfile
        do {
            profile = try MotionProfile(distance: distance, limits: MotionLimits(velocity: vmax, acceleration: amax, jerk: jmax),
                                        kind: kind, tickNanoseconds: Int64(tickNs))
        } catch {
            throw UsageError("kin profile: \(error)")
        }
        let kindName = kind == .trapezoidal ? "trapezoidal" : "s-curve"
        let tickS = Fixed(Int(tickNs), over: 1_000_000_000)
        let out = context.output
        if format == "json" {
            let phases = profile.phases.map { "{\"name\":\(Format.jsonString($0.name)),\"duration_s\":\($0.seconds.formatted(decimals: 9))}" }
            out.out("{\"kind\":\"\(kindName)\",\"distance\":\(distance.formatted(decimals: 9)),\"duration_s\":\(profile.optimalDurationSeconds.formatted(decimals: 9)),\"duration_ticks\":\(profile.durationTicks),\"tick_s\":\(tickS.formatted(decimals: 9)),\"phases\":[\(phases.joined(separator: ","))]}\n")
        } else {
            out.out("kind            \(kindName)\n")
            out.out("duration        \(profile.optimalDurationSeconds.formatted(decimals: 9)) s (time-optimal)\n")
            out.out("duration ticks  \(profile.durationTicks) × \(tickText)\n")
            for p in profile.phases { out.out("  \(p.name.padded(toLength: 14))\(p.seconds.formatted(decimals: 9)) s\n") }
        }
        return .ok
    }
}
