import TaktEngine
import TaktFixed
import TaktJSON
import TaktKinematics

/// An AGV/AMR route graph: named nodes on the floor (x, y in metres) joined by straight edges,
/// each with an optional speed limit, two-way unless `"one_way": true`.
///
/// Traffic control: every node and every edge is a resource that one vehicle holds at a time.
/// A vehicle reserves its whole path before it sets off, releases each edge and the node behind
/// it as it passes them, and holds the node it stands on. Nodes listed as vehicle homes are
/// depots: any number of vehicles may stand there and they are not reserved.
struct RouteGraph {
    struct Edge { let a: Int, b: Int, length: Fixed, speed: Fixed?, oneWay: Bool }

    let name: String
    var nodeNames: [String] = []
    var nodeIndex: [String: Int] = [:]
    var positions: [Vec3] = []
    var edges: [Edge] = []
    /// Outgoing (edge, neighbour) per node, in edge order.
    var out: [[(edge: Int, to: Int)]] = []

    static let edgeKeys = ["from", "to", "speed", "one_way"]

    static func parse(_ e: Entry) throws(ConfigError) -> RouteGraph {
        try e.node.checkLineKeys(["nodes", "edges"])
        var g = RouteGraph(name: e.key)
        for nodeEntry in try e.node.required("nodes").entries() {
            if let reason = LineCompiler.nameProblem(nodeEntry.key, kind: "node") { throw nodeEntry.error(reason) }
            let xs = try nodeEntry.node.items()
            guard xs.count == 2 || xs.count == 3 else { throw nodeEntry.node.error("a node's position is [x, y] in metres, found \(xs.count) values") }
            let p = Vec3(try xs[0].quantity(.length), try xs[1].quantity(.length), xs.count == 3 ? try xs[2].quantity(.length) : .zero)
            g.nodeIndex[nodeEntry.key] = g.nodeNames.count
            g.nodeNames.append(nodeEntry.key)
            g.positions.append(p)
        }
        guard !g.nodeNames.isEmpty else { throw try e.node.required("nodes").error("a route needs nodes, e.g. {\"store\": [\"0 m\", \"0 m\"]}") }
        g.out = Array(repeating: [], count: g.nodeNames.count)
        let edgesNode = try e.node.required("edges")
        for item in try edgesNode.items() {
            try item.checkLineKeys(edgeKeys)
            let a = try g.node(try item.required("from"))
            let b = try g.node(try item.required("to"))
            guard a != b else { throw item.error("an edge joins two different nodes") }
            var speed: Fixed?
            if let s = try item.optional("speed") {
                let v = try s.quantity(.speed)
                guard v > .zero else { throw s.error("a speed limit must be greater than 0 m/s") }
                speed = v
            }
            let oneWay = try item.optional("one_way")?.bool() ?? false
            let length = (g.positions[b] - g.positions[a]).length
            guard length > .zero else { throw item.error("nodes '\(g.nodeNames[a])' and '\(g.nodeNames[b])' are at the same place") }
            if g.edges.contains(where: { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }) {
                throw item.error("'\(g.nodeNames[a])' and '\(g.nodeNames[b])' are already joined by an edge")
            }
            let k = g.edges.count
            g.edges.append(Edge(a: a, b: b, length: length, speed: speed, oneWay: oneWay))
            g.out[a].append((k, b))
            if !oneWay { g.out[b].append((k, a)) }
        }
        return g
    }

    func node(_ n: ConfigNode) throws(ConfigError) -> Int {
        let s = try n.string()
        guard let i = nodeIndex[s] else {
            throw n.error("route '\(name)' has no node '\(s)'\(didYouMean(s, nodeNames, otherwise: "; its nodes are \(listed(nodeNames.map { "'\($0)'" }))"))")
        }
        return i
    }

    /// The quickest path from `a` to `b` for a vehicle of top speed `vmax` (edge time = length /
    /// min(vmax, edge limit)): the nodes and the edges between them, or nil when `b` cannot be
    /// reached. Ties go to the path found first with edges in file order, so it is deterministic.
    func path(from a: Int, to b: Int, vmax: Fixed) -> (nodes: [Int], edges: [Int])? {
        let n = nodeNames.count
        var best = [Fixed?](repeating: nil, count: n)
        var via = [(edge: Int, from: Int)?](repeating: nil, count: n)
        var done = [Bool](repeating: false, count: n)
        best[a] = .zero
        while true {
            var u = -1
            for i in 0..<n where !done[i] {
                if let d = best[i], u < 0 || d < best[u]! { u = i }
            }
            guard u >= 0 else { break }
            done[u] = true
            if u == b { break }
            for (edge, to) in out[u] where !done[to] {
                let v = min(vmax, edges[edge].speed ?? vmax)
                let d = best[u]! + edges[edge].length / v
                if best[to] == nil || d < best[to]! { best[to] = d; via[to] = (edge, u) }
            }
        }
        guard best[b] != nil else { return nil }
        var nodes = [b], es: [Int] = []
        var x = b
        while x != a, let (edge, from) = via[x] { es.append(edge); nodes.append(from); x = from }
        return (nodes.reversed(), es.reversed())
    }

    func edgeResourceName(_ k: Int) -> String {
        let e = edges[k]
        return "edge \(name).\(nodeNames[e.a])-\(nodeNames[e.b])"
    }

    func nodeResourceName(_ i: Int) -> String { "node \(name).\(nodeNames[i])" }
}
