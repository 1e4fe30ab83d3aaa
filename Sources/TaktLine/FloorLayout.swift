import TaktFixed
import TaktJSON

/// Where the line stands on the shop floor, for drawing it: the optional `"at": ["x m", "y m"]`
/// of each source, buffer, station and sink, and the nodes and edges of the route graphs. One
/// frame for all of them, in metres, x to the right and y up. The simulation never reads it:
/// moving an element changes the picture, not a single event (route nodes are the exception:
/// their distances set trip times, which is why they live in the same frame).
public struct FloorLayout: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var x: Fixed
        public var y: Fixed
        public init(x: Fixed, y: Fixed) { self.x = x; self.y = y }
    }

    public struct Route: Sendable, Equatable {
        public var name: String
        public var nodes: [(name: String, at: Point)]
        /// Pairs of node indices; `oneWay` edges run from `a` to `b`.
        public var edges: [(a: Int, b: Int, oneWay: Bool)]

        public static func == (l: Route, r: Route) -> Bool {
            l.name == r.name && l.nodes.elementsEqual(r.nodes) { $0.name == $1.name && $0.at == $1.at }
                && l.edges.elementsEqual(r.edges) { $0.a == $1.a && $0.b == $1.b && $0.oneWay == $1.oneWay }
        }
    }

    /// Element name → its place; elements without `"at"` are absent.
    public var elements: [String: Point] = [:]
    /// The route graphs in name order.
    public var routes: [Route] = []

    public init() {}

    /// `["12 m", "4.5 m"]`: two lengths.
    static func point(_ n: ConfigNode) throws(ConfigError) -> Point {
        let xs = try n.items()
        guard xs.count == 2 else {
            throw n.error("\"at\" is the element's place on the floor as [x, y] in metres, e.g. [\"12 m\", \"4 m\"]; found \(xs.count) value\(xs.count == 1 ? "" : "s")")
        }
        return Point(x: try xs[0].quantity(.length), y: try xs[1].quantity(.length))
    }

    static func route(_ g: RouteGraph) -> Route {
        Route(name: g.name,
              nodes: zip(g.nodeNames, g.positions).map { ($0, Point(x: $1.x, y: $1.y)) },
              edges: g.edges.map { ($0.a, $0.b, $0.oneWay) })
    }
}
