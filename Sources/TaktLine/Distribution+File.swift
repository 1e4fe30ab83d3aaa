import TaktFixed
import TaktJSON
import TaktRandom

/// Distributions of durations as written in line files (see cells/README.md):
/// "170 s" (constant), {"constant": …}, {"exponential": mean}, {"uniform": [min, max]},
/// {"triangular": [min, mode, max]}, {"normal": {"mean", "sd"}}, {"lognormal": {"mean", "sd"}},
/// {"weibull": {"shape", "scale"}}, {"empirical": {"values": […], "weights": […]}}.
enum DurationDistribution {
    static let kinds = ["constant", "exponential", "uniform", "triangular", "normal", "lognormal", "weibull", "empirical"]

    /// A non-negative duration in seconds.
    static func duration(_ n: ConfigNode) throws(ConfigError) -> Fixed {
        let v = try n.quantity(.duration)
        guard v >= .zero else { throw n.error("a duration must not be negative, found '\(n.text)'") }
        return v
    }

    /// A duration greater than zero.
    static func positiveDuration(_ n: ConfigNode) throws(ConfigError) -> Fixed {
        let v = try duration(n)
        guard v > .zero else { throw n.error("must be greater than 0 s, found '\(n.text)'") }
        return v
    }

    static func parse(_ n: ConfigNode) throws(ConfigError) -> Distribution {
        let d: Distribution
        switch n.value.kind {
        case .string, .number:
            d = .constant(try duration(n))
        case .object:
            let es = try n.entries()
            guard es.count == 1 else {
                throw n.error(es.isEmpty
                    ? "empty distribution; write e.g. {\"exponential\": \"1.1 s\"} (kinds: \(kinds.joined(separator: ", ")))"
                    : "a distribution has exactly one kind, found \(listed(es.map { "'\($0.key)'" }))")
            }
            d = try parse(kind: es[0])
        default:
            throw n.error("expected a duration such as \"170 s\" or a distribution such as {\"exponential\": \"1.1 s\"}, found \(n.value.kindName)")
        }
        if let problem = d.validate() { throw n.error(problem) }
        return d
    }

    private static func parse(kind e: Entry) throws(ConfigError) -> Distribution {
        let n = e.node
        switch e.key {
        case "constant":
            return .constant(try duration(n))
        case "exponential":
            return .exponential(mean: try duration(n))
        case "uniform":
            let xs = try list(n, count: 2, example: "[\"1 s\", \"2 s\"] (min, max)")
            return .uniform(min: xs[0], max: xs[1])
        case "triangular":
            let xs = try list(n, count: 3, example: "[\"1 s\", \"1.5 s\", \"3 s\"] (min, mode, max)")
            return .triangular(min: xs[0], mode: xs[1], max: xs[2])
        case "normal", "lognormal":
            try n.checkLineKeys(["mean", "sd"])
            let mean = try duration(try n.required("mean")), sd = try duration(try n.required("sd"))
            return e.key == "normal" ? .normal(mean: mean, sd: sd) : .lognormal(mean: mean, sd: sd)
        case "weibull":
            try n.checkLineKeys(["shape", "scale"])
            let shapeNode = try n.required("shape")
            let shape: Fixed
            switch shapeNode.value.kind {
            case .string(let t):
                do { shape = try Quantity.parse(t, as: .dimensionless) } catch { throw shapeNode.error("\(error)") }
            default:
                shape = try shapeNode.fixed()
            }
            return .weibull(shape: shape, scale: try duration(try n.required("scale")))
        case "empirical":
            try n.checkLineKeys(["values", "weights"])
            var values: [Fixed] = []
            for item in try n.required("values").items() { values.append(try duration(item)) }
            var weights: [Fixed]?
            if let w = try n.optional("weights") {
                var ws: [Fixed] = []
                for item in try w.items() { ws.append(try item.fixed()) }
                weights = ws
            }
            return .empirical(values: values, weights: weights)
        default:
            throw e.error("unknown distribution '\(e.key)'\(didYouMean(e.key, kinds, otherwise: "; use one of \(kinds.joined(separator: ", "))"))")
        }
    }

    private static func list(_ n: ConfigNode, count: Int, example: String) throws(ConfigError) -> [Fixed] {
        guard case .array = n.value.kind else { throw n.error("expected \(example), found \(n.value.kindName)") }
        let items = try n.items()
        guard items.count == count else { throw n.error("expected \(count) durations \(example), found \(items.count)") }
        var out: [Fixed] = []
        for item in items { out.append(try duration(item)) }
        return out
    }
}
