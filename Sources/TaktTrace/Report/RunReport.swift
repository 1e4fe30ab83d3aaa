import TaktEngine
import TaktFixed
import TaktLine

/// The report of a run: one self-contained HTML page (inline CSS and SVG, no script, nothing
/// fetched) with the KPI table, a floor plan, a Gantt chart of every server, robot and vehicle,
/// buffer levels and WIP, cumulative output against a target, and utilization bars. Each chart is
/// also a standalone SVG document (`charts`). Coordinates are computed in `Double`: presentation.
public struct RunReport {
    public var line: LoadedLine
    public var summary: LineSummary
    public var timeline: RunTimeline
    /// What is missing or unusual, shown in a banner (a deadlock, a truncated trace).
    public var notes: [String]
    /// Units per hour drawn as the target line of the output chart (nil: the run's mean rate).
    public var targetPerHour: Double?
    public var title: String
    /// Replications of the same line (their summaries, the first being this run): the page adds
    /// throughput per replication with its 95 % confidence interval.
    public var replications: [LineSummary] = []

    public init(line: LoadedLine, summary: LineSummary, timeline: RunTimeline, notes: [String], targetPerHour: Double?, title: String) {
        self.line = line; self.summary = summary; self.timeline = timeline; self.notes = notes
        self.targetPerHour = targetPerHour; self.title = title
    }

    // MARK: Colours and helpers

    static let stateColors = ["#2e7d32", "#f9a825", "#90a4ae", "#c62828", "#6a1b9a", "#e0e0e0", "#1565c0"]
    static let font = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"

    static func esc(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(ch)
            }
        }
        return o
    }

    static func f(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A fixed-point value as a `Double`, for drawing only.
    static func real(_ v: Fixed) -> Double { Double(v.raw) / 4_294_967_296 }

    func seconds(_ ticks: Int64) -> Double { Double(ticks) * Double(line.model.tickNanoseconds) / 1e9 }

    static func hours(_ s: Double) -> String {
        s >= 7200 || (s >= 3600 && s.truncatingRemainder(dividingBy: 3600) == 0) ? "\(f(s / 3600)) h" : s >= 120 ? "\(f(s / 60)) min" : "\(f(s)) s"
    }

    /// A utilization colour from light grey-green (0) to deep green (1).
    static func heat(_ u: Double) -> String {
        let v = max(0, min(1, u))
        let r = Int(232 - v * (232 - 27)), g = Int(245 - v * (245 - 94)), b = Int(233 - v * (233 - 32))
        return "rgb(\(r),\(g),\(b))"
    }

    func svg(_ width: Double, _ height: Double, _ body: String, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-label=\"\(Self.esc(label))\" style=\"\(Self.font);font-size:12px\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>" + body + "</svg>"
    }

    func legend(_ items: [(String, String)], x: Double, y: Double) -> String {
        var out = "", cx = x
        for (color, label) in items {
            out += "<rect x=\"\(Self.f(cx))\" y=\"\(Self.f(y - 10))\" width=\"12\" height=\"12\" fill=\"\(color)\" stroke=\"#555\" stroke-width=\"0.5\"/>"
            out += "<text x=\"\(Self.f(cx + 16))\" y=\"\(Self.f(y))\">\(Self.esc(label))</text>"
            cx += 24 + Double(label.count) * 7
        }
        return out
    }

    /// Time axis under a chart of width `w` starting at `x0`.
    func timeAxis(x0: Double, w: Double, y: Double) -> String {
        let span = seconds(timeline.to - timeline.from), start = seconds(timeline.from)
        let steps: [Double] = [60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800]
        let step = steps.first { span / $0 <= 10 } ?? span / 10
        var out = "<line x1=\"\(Self.f(x0))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(x0 + w))\" y2=\"\(Self.f(y))\" stroke=\"#555\"/>"
        var t = (start / step).rounded(.up) * step
        while t <= start + span + 1e-9 {
            let x = x0 + (t - start) / span * w
            out += "<line x1=\"\(Self.f(x))\" y1=\"\(Self.f(y))\" x2=\"\(Self.f(x))\" y2=\"\(Self.f(y + 4))\" stroke=\"#555\"/>"
            out += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y + 16))\" text-anchor=\"middle\" fill=\"#333\">\(Self.hours(t))</text>"
            t += step
        }
        return out
    }

    // MARK: Charts

    /// The floor plan: to scale from the line file's places (`"at"`, route nodes) when it has
    /// any, else a flow diagram with elements in columns by their distance from the sources.
    public func floorPlan() -> String {
        line.layout.elements.isEmpty ? flowPlan() : scaledPlan()
    }

    /// Whether `floorPlan()` is drawn to scale.
    public var planIsToScale: Bool { !line.layout.elements.isEmpty }

    /// A drawn element: its box (top left, size) in pixels.
    struct Box { var x: Double, y: Double, w: Double, h: Double }

    static func boxSize(_ e: Element) -> (w: Double, h: Double) {
        if case .station = e.kind { return (128, 34) }
        return (114, 30)
    }

    /// The box of element `i` with its name, what it is, its fill by utilization and the bottleneck mark.
    func elementBox(_ i: Int, _ b: Box, busy: [String: Double]) -> String {
        let e = line.model.elements[i]
        var fill = "#eceff1", sub = e.kindName
        switch e.kind {
        case .station(let st):
            let u = busy[e.name] ?? 0
            fill = Self.heat(u)
            sub = "\(st.programs.isEmpty ? "station" : "cell") ×\(st.servers) · \(Int((u * 100).rounded())) % busy"
        case .buffer(let buf): sub = buf.transit > .zero ? "conveyor, \(buf.capacity)" : "buffer, \(buf.capacity)"; fill = "#fff8e1"
        case .source: fill = "#e3f2fd"
        case .sink: fill = "#ede7f6"
        }
        let mark = summary.bottleneck == e.name ? " ★" : ""
        let chars = Int((b.w - 10) / 6.9), subChars = Int((b.w - 10) / 5.3)
        var out = "<g><title>\(Self.esc(e.name)): \(Self.esc(sub))</title><rect x=\"\(Self.f(b.x))\" y=\"\(Self.f(b.y))\" width=\"\(Self.f(b.w))\" height=\"\(Self.f(b.h))\" rx=\"5\" fill=\"\(fill)\" stroke=\"\(mark.isEmpty ? "#607d8b" : "#c62828")\" stroke-width=\"\(mark.isEmpty ? 1 : 2.5)\"/>"
        let dark: Bool
        if case .station = e.kind { dark = (busy[e.name] ?? 0) > 0.55 } else { dark = false }
        out += "<text x=\"\(Self.f(b.x + 6))\" y=\"\(Self.f(b.y + b.h / 2 - 3))\" font-weight=\"600\" font-size=\"11.5\" fill=\"\(dark ? "#ffffff" : "#263238")\">\(Self.esc(Self.clip(e.name, chars) + mark))</text>"
        out += "<text x=\"\(Self.f(b.x + 6))\" y=\"\(Self.f(b.y + b.h / 2 + 11))\" fill=\"\(dark ? "#e8f5e9" : "#455a64")\" font-size=\"9.5\">\(Self.esc(Self.clip(sub, subChars)))</text></g>"
        return out
    }

    var busyShares: [String: Double] {
        var busy: [String: Double] = [:]
        for e in summary.elements { if let l = e.ledger, l.capacity > 0 { busy[e.name] = Double(l.busy) / Double(l.capacity) } }
        return busy
    }

    /// Robots and vehicles: a dot each at the top right of their cell's box, coloured by their share of time moving or working.
    func robotDots(_ boxes: [Box?]) -> String {
        var dots = ""
        let moving = RunTimeline.State.moving.rawValue, states = RunTimeline.State.allCases.count
        var perCell: [String: Int] = [:]
        for tr in timeline.tracks where tr.kind == "robot" || tr.kind == "vehicle" {
            guard let cell = tr.name.split(separator: ".").first.map(String.init), let i = line.model.index(of: cell), let b = boxes[i] else { continue }
            var busyTicks: Int64 = 0, all: Int64 = 0
            for c in 0..<timeline.columns { for s in 0..<states { all += tr.ticks[c * states + s]; if s == moving { busyTicks += tr.ticks[c * states + s] } } }
            let u = all > 0 ? Double(busyTicks) / Double(all) : 0
            let k = perCell[cell, default: 0]
            perCell[cell] = k + 1
            guard k < 8 else { continue }
            dots += "<circle cx=\"\(Self.f(b.x + b.w - 7 - Double(k) * 9))\" cy=\"\(Self.f(b.y + 7))\" r=\"3.5\" fill=\"\(u > 0.01 ? "#1565c0" : "#cfd8dc")\" fill-opacity=\"\(Self.f(0.25 + 0.75 * u))\" stroke=\"#0d47a1\" stroke-width=\"0.6\"><title>\(Self.esc(tr.name)): moving or working \(Int((u * 100).rounded())) % of the window</title></circle>"
        }
        return dots
    }

    /// A straight arrow from the edge of box `a` to the edge of box `b`, along the line between their centres.
    static func arrow(from a: Box, to b: Box) -> String {
        func border(_ b: Box, towards tx: Double, _ ty: Double) -> (Double, Double) {
            let cx = b.x + b.w / 2, cy = b.y + b.h / 2, dx = tx - cx, dy = ty - cy
            let t = min(dx == 0 ? .infinity : (b.w / 2 + 2) / abs(dx), dy == 0 ? .infinity : (b.h / 2 + 2) / abs(dy), 1)
            return (cx + dx * t, cy + dy * t)
        }
        let (x1, y1) = border(a, towards: b.x + b.w / 2, b.y + b.h / 2), (x2, y2) = border(b, towards: a.x + a.w / 2, a.y + a.h / 2)
        return "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"#78909c\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>"
    }

    static let arrowDefs = "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#78909c\"/></marker></defs>"

    func planKey(extra: [(String, String)] = []) -> String {
        legend([(Self.heat(0), "0 % busy"), (Self.heat(0.5), "50 %"), (Self.heat(1), "100 %"), ("#fff8e1", "buffer"), ("#e3f2fd", "source"), ("#ede7f6", "sink"), ("#1565c0", "robot / vehicle (darker: busier)")] + extra, x: 30, y: 22)
    }

    /// Where the plan to scale puts things: pixels per metre, the floor point → pixel map, each
    /// element's box (placed ones centred on their `"at"`, the rest in a row below), the size.
    struct ScaledGeometry {
        var scale: Double
        var minX: Double, maxY: Double, left: Double, top: Double
        var boxes: [Box?]
        var unplaced: [Int]
        var width: Double, height: Double
        func pixel(_ x: Double, _ y: Double) -> (Double, Double) { (left + (x - minX) * scale, top + (maxY - y) * scale) }
    }

    func scaledGeometry() -> ScaledGeometry {
        let model = line.model, layout = line.layout
        let metres = Self.real
        var placed: [(i: Int, x: Double, y: Double, w: Double, h: Double)] = []
        var unplaced: [Int] = []
        for (i, e) in model.elements.enumerated() {
            let size = Self.boxSize(e)
            if let p = layout.elements[e.name] { placed.append((i, metres(p.x), metres(p.y), size.w, size.h)) } else { unplaced.append(i) }
        }
        var xs = placed.map(\.x), ys = placed.map(\.y)
        for r in layout.routes { for n in r.nodes { xs.append(metres(n.at.x)); ys.append(metres(n.at.y)) } }
        let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
        let spanX = max(maxX - minX, 1), spanY = max(maxY - minY, 1)
        // Pixels per metre: fill about 990 px of width (or 900 of height), more if boxes would
        // come closer than 8 px side by side or 8 px one above the other.
        var scale = min(990 / spanX, 900 / spanY)
        for a in 0..<placed.count {
            for b in (a + 1)..<placed.count {
                let dx = abs(placed[a].x - placed[b].x), dy = abs(placed[a].y - placed[b].y)
                let needX = dx > 0 ? ((placed[a].w + placed[b].w) / 2 + 8) / dx : .infinity
                let needY = dy > 0 ? ((placed[a].h + placed[b].h) / 2 + 8) / dy : .infinity
                scale = max(scale, min(needX, needY))
            }
        }
        scale = min(scale, 2400 / spanX, 3000 / spanY)
        var g = ScaledGeometry(scale: scale, minX: minX, maxY: maxY, left: 24 + 64, top: 70, boxes: Array(repeating: nil, count: model.elements.count),
                               unplaced: unplaced, width: 0, height: 0)
        for p in placed {
            let (cx, cy) = g.pixel(p.x, p.y)
            g.boxes[p.i] = Box(x: cx - p.w / 2, y: cy - p.h / 2, w: p.w, h: p.h)
        }
        g.width = max(g.left + spanX * scale + 76, 900)
        g.height = g.top + spanY * scale + 50
        if !unplaced.isEmpty {
            g.height += 26
            var x = 30.0, y = g.height
            for i in unplaced {
                let size = Self.boxSize(model.elements[i])
                if x + size.w > g.width - 20 { x = 30; y += 44 }
                g.boxes[i] = Box(x: x, y: y, w: size.w, h: size.h)
                x += size.w + 16
            }
            g.height = y + 56
        }
        return g
    }

    /// The plan to scale: each placed element's box centred on its `"at"`, the route graphs under
    /// them, arrows along the routing, a scale bar. The scale is the larger of "fits the page" and
    /// "no two boxes overlap" (capped so the drawing stays under 2,400 px wide); elements without
    /// `"at"` are listed in a row below.
    func scaledPlan() -> String {
        let g = scaledGeometry()
        let model = line.model, layout = line.layout, scale = g.scale, boxes = g.boxes, width = g.width, height = g.height
        let metres = Self.real
        let px = g.pixel
        // Route graphs under everything.
        var routes = ""
        for r in layout.routes {
            for e in r.edges {
                let (x1, y1) = px(metres(r.nodes[e.a].at.x), metres(r.nodes[e.a].at.y)), (x2, y2) = px(metres(r.nodes[e.b].at.x), metres(r.nodes[e.b].at.y))
                routes += "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"#cfd8dc\" stroke-width=\"5\" stroke-linecap=\"round\"><title>route \(Self.esc(r.name)): \(Self.esc(r.nodes[e.a].name)) \(e.oneWay ? "→" : "↔") \(Self.esc(r.nodes[e.b].name))</title></line>"
            }
            for n in r.nodes {
                let (x, y) = px(metres(n.at.x), metres(n.at.y))
                routes += "<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#78909c\" stroke-width=\"1.5\"><title>\(Self.esc(r.name)): node \(Self.esc(n.name))</title></circle>"
                routes += "<text x=\"\(Self.f(x + 6))\" y=\"\(Self.f(y + 13))\" font-size=\"9\" fill=\"#78909c\">\(Self.esc(n.name))</text>"
            }
        }
        // Arrows along the routing, from box edge to box edge.
        var edges = ""
        for i in 0..<model.elements.count {
            guard let a = boxes[i] else { continue }
            for t in model.elements[i].routing.successors where t != i {
                guard let b = boxes[t] else { continue }
                edges += Self.arrow(from: a, to: b)
            }
        }
        let busy = busyShares
        var nodes = ""
        for i in 0..<model.elements.count { if let b = boxes[i] { nodes += elementBox(i, b, busy: busy) } }
        // Scale bar: a round number of metres near 120 px.
        let metresPerBar = [1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000].first { $0 * scale >= 80 } ?? 1000
        let barY = 44.0
        var key = planKey(extra: layout.routes.isEmpty ? [] : [("#cfd8dc", "AGV route")])
        key += "<line x1=\"30\" y1=\"\(Self.f(barY))\" x2=\"\(Self.f(30 + metresPerBar * scale))\" y2=\"\(Self.f(barY))\" stroke=\"#263238\" stroke-width=\"3\"/>"
        key += "<text x=\"\(Self.f(36 + metresPerBar * scale))\" y=\"\(Self.f(barY + 4))\" fill=\"#263238\">\(Self.f(metresPerBar)) m · to scale, x to the right, y up</text>"
        key += "<text x=\"\(Self.f(width - 10))\" y=\"\(Self.f(barY + 4))\" text-anchor=\"end\" fill=\"#c62828\">★ bottleneck</text>"
        if let first = g.unplaced.first {
            key += "<text x=\"30\" y=\"\(Self.f(boxes[first]!.y - 8))\" fill=\"#c62828\">Not placed (no \"at\" in the line file):</text>"
        }
        return svg(width, height, Self.arrowDefs + key + routes + edges + nodes + robotDots(boxes), label: "floor plan")
    }

    /// Elements in columns by their distance from the sources along the routing, arrows between.
    func flowPlan() -> String {
        let model = line.model
        let n = model.elements.count
        var layer = [Int](repeating: -1, count: n)
        var queue: [Int] = []
        for (i, e) in model.elements.enumerated() { if case .source = e.kind { layer[i] = 0; queue.append(i) } }
        var head = 0
        while head < queue.count {
            let x = queue[head]; head += 1
            for t in model.elements[x].routing.successors where layer[t] < 0 { layer[t] = layer[x] + 1; queue.append(t) }
        }
        for i in 0..<n where layer[i] < 0 { layer[i] = 0 }
        let layers = (layer.max() ?? 0) + 1
        var rows = [[Int]](repeating: [], count: layers)
        for i in 0..<n { rows[layer[i]].append(i) }
        // Long lines wrap: bands of at most 7 layers, one under the other, so the plan fits the page.
        let perBand = 7, colW = 158.0, boxW = 134.0, rowH = 56.0, top = 58.0
        let bands = (layers + perBand - 1) / perBand
        var bandTop = [Double](), y = top
        for b in 0..<bands {
            bandTop.append(y)
            let tallest = rows[(b * perBand)..<min(layers, (b + 1) * perBand)].map(\.count).max() ?? 1
            y += Double(tallest) * rowH + 34
        }
        let height = y + 10
        let width = Double(min(layers, perBand)) * colW + 40
        var boxes = [Box?](repeating: nil, count: n)
        for (l, r) in rows.enumerated() {
            for (k, i) in r.enumerated() { boxes[i] = Box(x: 30 + Double(l % perBand) * colW, y: bandTop[l / perBand] + Double(k) * rowH, w: boxW, h: 36) }
        }
        let busy = busyShares
        var edges = "", nodes = ""
        for i in 0..<n {
            let (x1, y1) = (boxes[i]!.x, boxes[i]!.y)
            for t in model.elements[i].routing.successors where t != i {
                let (x2, y2) = (boxes[t]!.x, boxes[t]!.y)
                if layer[t] == layer[i] { edges += Self.arrow(from: boxes[i]!, to: boxes[t]!); continue }   // one above the other
                let back = layer[t] < layer[i] || layer[t] / perBand != layer[i] / perBand
                edges += back
                    ? "<path d=\"M\(Self.f(x1 + boxW / 2)) \(Self.f(y1 + 36)) C \(Self.f(x1 + boxW / 2)) \(Self.f(y1 + 60)), \(Self.f(x2 + boxW / 2)) \(Self.f(y2 + 60)), \(Self.f(x2 + boxW / 2)) \(Self.f(y2 + 36))\" fill=\"none\" stroke=\"#b0bec5\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>"
                    : "<line x1=\"\(Self.f(x1 + boxW))\" y1=\"\(Self.f(y1 + 18))\" x2=\"\(Self.f(x2 - 2))\" y2=\"\(Self.f(y2 + 18))\" stroke=\"#90a4ae\" marker-end=\"url(#arrow)\"/>"
            }
            nodes += elementBox(i, boxes[i]!, busy: busy)
        }
        let key = planKey()
            + "<text x=\"30\" y=\"42\" fill=\"#c62828\">★ bottleneck · dashed: to an earlier element or the next band</text>"
        return svg(width, height, Self.arrowDefs + key + edges + nodes + robotDots(boxes), label: "floor plan")
    }

    /// The AGV route graphs, each drawn to scale in its own panel (nodes at their coordinates,
    /// each edge once); nil when the line has no routes.
    public func routes() -> String? {
        let graphs = line.layout.routes.map { r in
            (name: r.name,
             position: Dictionary(uniqueKeysWithValues: r.nodes.map { ($0.name, (Self.real($0.at.x), Self.real($0.at.y))) }),
             pairs: r.edges.map { (r.nodes[$0.a].name, r.nodes[$0.b].name) })
        }
        guard !graphs.isEmpty else { return nil }
        let panelW = 330.0, panelH = 200.0, pad = 30.0, perRow = 3
        var body = "<text x=\"10\" y=\"18\" fill=\"#455a64\">Route graphs, each to scale: nodes where vehicles load, unload, park and pass</text>"
        for (k, g) in graphs.enumerated() {
            let ox = 10 + Double(k % perRow) * (panelW + 20), oy = 30 + Double(k / perRow) * (panelH + 30)
            let xs = g.position.values.map(\.0), ys = g.position.values.map(\.1)
            let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
            let scale = min((panelW - 2 * pad - 60) / max(maxX - minX, 1), (panelH - 2 * pad) / max(maxY - minY, 1))
            func p(_ n: String) -> (Double, Double)? {
                guard let (x, y) = g.position[n] else { return nil }
                return (ox + pad + (x - minX) * scale, oy + pad + 10 + (maxY - y) * scale)   // y up on the floor
            }
            body += "<rect x=\"\(Self.f(ox))\" y=\"\(Self.f(oy))\" width=\"\(Self.f(panelW))\" height=\"\(Self.f(panelH))\" fill=\"#fafafa\" stroke=\"#cfd8dc\"/>"
            body += "<text x=\"\(Self.f(ox + 8))\" y=\"\(Self.f(oy + 16))\" font-weight=\"600\">\(Self.esc(g.name)) (1 m = \(Self.f(scale)) px)</text>"
            for (a, b) in g.pairs {
                guard let (x1, y1) = p(a), let (x2, y2) = p(b) else { continue }
                body += "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"#78909c\" stroke-width=\"3\" stroke-linecap=\"round\"/>"
            }
            // Labels point away from the graph's middle: above the upper nodes, below the lower ones.
            let midY = oy + pad + 10 + (maxY - (minY + maxY) / 2) * scale
            for n in g.position.keys.sorted() {
                guard let (x, y) = p(n) else { continue }
                body += "<circle cx=\"\(Self.f(x))\" cy=\"\(Self.f(y))\" r=\"5\" fill=\"#ffffff\" stroke=\"#37474f\" stroke-width=\"2\"><title>\(Self.esc(n))</title></circle>"
                body += "<text x=\"\(Self.f(x + 7))\" y=\"\(Self.f(y <= midY ? y - 8 : y + 16))\" font-size=\"10\">\(Self.esc(n))</text>"
            }
        }
        let rows = (graphs.count + perRow - 1) / perRow
        // At least as wide as the caption line above the panels.
        return svg(max(Double(min(graphs.count, perRow)) * (panelW + 20) + 10, 560), 30 + Double(rows) * (panelH + 30), body, label: "route graphs")
    }

    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    public func gantt() -> String {
        let tracks = timeline.tracks
        let labelW = 190.0, w = 860.0, rowH = 15.0, top = 34.0
        let height = top + Double(tracks.count) * rowH + 36
        let cols = timeline.columns, n = RunTimeline.State.allCases.count
        var body = legend(RunTimeline.State.allCases.map { (Self.stateColors[$0.rawValue], $0.label) }, x: labelW, y: 20)
        for (k, tr) in tracks.enumerated() {
            let y = top + Double(k) * rowH
            body += "<text x=\"\(Self.f(labelW - 6))\" y=\"\(Self.f(y + 11))\" text-anchor=\"end\">\(Self.esc(Self.clip(tr.name, 26)))</text>"
            // Runs of equal dominant state become one rectangle.
            var runStart = 0, runState = -1
            func flush(_ end: Int) {
                guard runState >= 0 else { return }
                let x = labelW + Double(runStart) / Double(cols) * w, x2 = labelW + Double(end) / Double(cols) * w
                body += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y + 1))\" width=\"\(Self.f(max(x2 - x, 0.6)))\" height=\"\(Self.f(rowH - 3))\" fill=\"\(Self.stateColors[runState])\"/>"
            }
            for c in 0..<cols {
                var best = -1, bestTicks: Int64 = 0
                for s in 0..<n where tr.ticks[c * n + s] > bestTicks { best = s; bestTicks = tr.ticks[c * n + s] }
                if best != runState { flush(c); runStart = c; runState = best }
            }
            flush(cols)
        }
        body += timeAxis(x0: labelW, w: w, y: top + Double(tracks.count) * rowH + 4)
        return svg(labelW + w + 20, height, body, label: "Gantt chart")
    }

    /// One small line chart per buffer (mean level per column, capacity dashed), then WIP.
    public func levels() -> String {
        let names = timeline.bufferNames + ["WIP (units in the line)"]
        let chartW = 330.0, chartH = 90.0, perRow = 3
        let rows = (names.count + perRow - 1) / perRow
        let height = Double(rows) * (chartH + 50) + 10
        let span = Double(timeline.to - timeline.from) / Double(timeline.columns)
        var body = ""
        for (i, name) in names.enumerated() {
            let x0 = 40 + Double(i % perRow) * (chartW + 40), y0 = 26 + Double(i / perRow) * (chartH + 50)
            let values: [Double] = i < timeline.bufferNames.count ? timeline.bufferLevel[i].map { Double($0) / span } : timeline.wipIntegral.map { Double($0) / span }
            let cap = i < timeline.bufferNames.count ? Double(timeline.bufferCapacity[i]) : (values.max() ?? 1)
            let top = max(cap, values.max() ?? 1, 1)
            body += "<text x=\"\(Self.f(x0))\" y=\"\(Self.f(y0 - 8))\" font-weight=\"600\">\(Self.esc(Self.clip(name, 40)))</text>"
            body += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(y0))\" width=\"\(Self.f(chartW))\" height=\"\(Self.f(chartH))\" fill=\"#fafafa\" stroke=\"#cfd8dc\"/>"
            if i < timeline.bufferNames.count {
                let yc = y0 + chartH - cap / top * chartH
                body += "<line x1=\"\(Self.f(x0))\" y1=\"\(Self.f(yc))\" x2=\"\(Self.f(x0 + chartW))\" y2=\"\(Self.f(yc))\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>"
                body += "<text x=\"\(Self.f(x0 + chartW - 4))\" y=\"\(Self.f(yc - 3))\" text-anchor=\"end\" fill=\"#c62828\" font-size=\"10\">capacity \(Int(cap))</text>"
            }
            var pts = ""
            for (c, v) in values.enumerated() {
                pts += "\(Self.f(x0 + (Double(c) + 0.5) / Double(values.count) * chartW)),\(Self.f(y0 + chartH - v / top * chartH)) "
            }
            body += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.2\"/>"
            body += "<text x=\"\(Self.f(x0 - 4))\" y=\"\(Self.f(y0 + 10))\" text-anchor=\"end\" font-size=\"10\">\(Self.f(top))</text><text x=\"\(Self.f(x0 - 4))\" y=\"\(Self.f(y0 + chartH))\" text-anchor=\"end\" font-size=\"10\">0</text>"
        }
        return svg(40 + Double(perRow) * (chartW + 40), height, body, label: "buffer levels and WIP")
    }

    /// Cumulative units shipped against a straight line at the target rate.
    public func output() -> String {
        let x0 = 60.0, y0 = 30.0, w = 860.0, h = 220.0
        var cum: [Double] = [], total = 0.0
        for s in timeline.shipped { total += Double(s); cum.append(total) }
        let spanS = seconds(timeline.to - timeline.from)
        let rate = targetPerHour ?? (spanS > 0 ? total / spanS * 3600 : 0)
        let targetEnd = rate * spanS / 3600
        let top = max(total, targetEnd, 1)
        var pts = "\(Self.f(x0)),\(Self.f(y0 + h)) "
        for (c, v) in cum.enumerated() { pts += "\(Self.f(x0 + Double(c + 1) / Double(cum.count) * w)),\(Self.f(y0 + h - v / top * h)) " }
        var body = legend([("#1565c0", "units shipped"), ("#c62828", targetPerHour != nil ? "target \(Self.f(rate)) /h" : "mean rate \(Self.f(rate)) /h (no --target)")], x: x0, y: 18)
        body += "<rect x=\"\(Self.f(x0))\" y=\"\(Self.f(y0))\" width=\"\(Self.f(w))\" height=\"\(Self.f(h))\" fill=\"#fafafa\" stroke=\"#cfd8dc\"/>"
        body += "<line x1=\"\(Self.f(x0))\" y1=\"\(Self.f(y0 + h))\" x2=\"\(Self.f(x0 + w))\" y2=\"\(Self.f(y0 + h - targetEnd / top * h))\" stroke=\"#c62828\" stroke-dasharray=\"6 4\"/>"
        body += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>"
        body += "<text x=\"\(Self.f(x0 - 6))\" y=\"\(Self.f(y0 + 10))\" text-anchor=\"end\">\(Int(top.rounded()))</text><text x=\"\(Self.f(x0 - 6))\" y=\"\(Self.f(y0 + h))\" text-anchor=\"end\">0</text>"
        body += timeAxis(x0: x0, w: w, y: y0 + h)
        return svg(x0 + w + 30, y0 + h + 40, body, label: "cumulative output")
    }

    /// One stacked bar per station and source: the shares of its server time in each state.
    public func utilization() -> String {
        let rows = summary.elements.compactMap { e -> (String, LineSummary.Ledger)? in
            guard let l = e.ledger, l.capacity > 0 else { return nil }
            return (e.name, l)
        }
        let labelW = 190.0, w = 700.0, rowH = 20.0, top = 34.0
        var body = legend([(Self.stateColors[0], "busy"), (Self.stateColors[1], "blocked"), (Self.stateColors[2], "starved"),
                           (Self.stateColors[3], "down"), (Self.stateColors[4], "off shift"), (Self.stateColors[5], "idle")], x: labelW, y: 20)
        for (k, (name, l)) in rows.enumerated() {
            let y = top + Double(k) * rowH
            body += "<text x=\"\(Self.f(labelW - 6))\" y=\"\(Self.f(y + 13))\" text-anchor=\"end\">\(Self.esc(Self.clip(name, 26)))\(summary.bottleneck == name ? " ★" : "")</text>"
            var x = labelW
            for (s, v) in [l.busy, l.blocked, l.starved, l.down, l.offShift, l.idle].enumerated() where v > 0 {
                let bw = Double(v) / Double(l.capacity) * w
                body += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y + 2))\" width=\"\(Self.f(bw))\" height=\"\(Self.f(rowH - 5))\" fill=\"\(Self.stateColors[s])\"><title>\(Self.esc(name)): \(RunTimeline.State(rawValue: s)!.label) \(Self.f(Double(v) / Double(l.capacity) * 100)) %</title></rect>"
                x += bw
            }
            body += "<text x=\"\(Self.f(labelW + w + 6))\" y=\"\(Self.f(y + 13))\">\(Self.f(Double(l.busy) / Double(l.capacity) * 100)) % busy</text>"
        }
        return svg(labelW + w + 110, top + Double(rows.count) * rowH + 10, body, label: "utilization")
    }

    /// Throughput of each replication as a dot, with the mean and its 95 % Student-t interval.
    public func replicationChart() -> String? {
        guard replications.count >= 2 else { return nil }
        let values = replications.map { $0.throughputPerHour.map(Self.real) ?? 0 }
        let stat = ReplicationSummary.statistic("throughput_per_h", values, decimals: 3)
        let x0 = 60.0, w = 760.0, y0 = 40.0, h = 120.0
        let lo = min(values.min()!, stat.low), hi = max(values.max()!, stat.high)
        let pad = max((hi - lo) * 0.1, 0.5)
        let a = lo - pad, b = hi + pad
        func x(_ v: Double) -> Double { x0 + (v - a) / (b - a) * w }
        var body = legend([("#1565c0", "one replication"), ("#c62828", "mean and 95 % interval (Student t, \(values.count - 1) d.f.)")], x: x0, y: 18)
        body += "<rect x=\"\(Self.f(x(stat.low)))\" y=\"\(Self.f(y0))\" width=\"\(Self.f(max(x(stat.high) - x(stat.low), 1)))\" height=\"\(Self.f(h))\" fill=\"#ffcdd2\" fill-opacity=\"0.6\"/>"
        body += "<line x1=\"\(Self.f(x(stat.mean)))\" y1=\"\(Self.f(y0))\" x2=\"\(Self.f(x(stat.mean)))\" y2=\"\(Self.f(y0 + h))\" stroke=\"#c62828\" stroke-width=\"2\"/>"
        for (i, v) in values.enumerated() {
            let yy = y0 + 12 + Double(i % 8) * ((h - 24) / 7)
            body += "<circle cx=\"\(Self.f(x(v)))\" cy=\"\(Self.f(yy))\" r=\"4\" fill=\"#1565c0\"><title>seed \(replications[i].seed): \(Self.f(v)) /h</title></circle>"
        }
        body += "<line x1=\"\(Self.f(x0))\" y1=\"\(Self.f(y0 + h))\" x2=\"\(Self.f(x0 + w))\" y2=\"\(Self.f(y0 + h))\" stroke=\"#555\"/>"
        for k in 0...4 {
            let v = a + (b - a) * Double(k) / 4
            body += "<text x=\"\(Self.f(x(v)))\" y=\"\(Self.f(y0 + h + 16))\" text-anchor=\"middle\">\(Self.f(v)) /h</text>"
        }
        body += "<text x=\"\(Self.f(x0 + w))\" y=\"\(Self.f(y0 - 6))\" text-anchor=\"end\" fill=\"#c62828\">\(ReplicationSummary.number(stat.mean, 3)) /h, 95 % interval \(ReplicationSummary.number(stat.low, 3)) … \(ReplicationSummary.number(stat.high, 3))</text>"
        return svg(x0 + w + 40, y0 + h + 30, body, label: "throughput of the replications")
    }

    /// The charts, by file name, as standalone SVG documents.
    public var charts: [(name: String, svg: String)] {
        [("floorplan.svg", floorPlan())] + (routes().map { [("routes.svg", $0)] } ?? [])
            + [("gantt.svg", gantt()), ("levels.svg", levels()), ("output.svg", output()), ("utilization.svg", utilization())]
            + (replicationChart().map { [("replications.svg", $0)] } ?? [])
    }

    // MARK: Page

    public func html() -> String {
        let s = summary
        func kpi(_ label: String, _ value: String) -> String { "<tr><th>\(Self.esc(label))</th><td>\(Self.esc(value))</td></tr>" }
        func fx(_ x: Fixed?, _ d: Int) -> String { x.map { $0.formatted(decimals: d) } ?? "–" }
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(Self.esc(title))</title><style>"
        page += "body{\(Self.font);margin:24px auto;max-width:1160px;color:#263238;background:#fff}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #cfd8dc;padding-bottom:4px}"
        page += ".sub{color:#607d8b;margin-bottom:12px}.note{background:#fff3e0;border-left:4px solid #ef6c00;padding:8px 12px;margin:8px 0}table.kpi{border-collapse:collapse}table.kpi th{text-align:left;font-weight:500;padding:3px 16px 3px 0;color:#455a64}table.kpi td{padding:3px 0;font-variant-numeric:tabular-nums}"
        page += "figure{margin:0;overflow-x:auto}figcaption{color:#607d8b;font-size:13px;margin:4px 0 0}</style></head><body>\n"
        page += "<h1>\(Self.esc(title))</h1><div class=\"sub\">\(Self.esc(line.model.name)) · seed \(s.seed) · window \(Self.esc(Self.hours(seconds(timeline.from)))) to \(Self.esc(Self.hours(seconds(timeline.to))))</div>\n"
        for n in notes { page += "<div class=\"note\">\(Self.esc(n))</div>\n" }
        page += "<h2>Key figures</h2><table class=\"kpi\">"
        page += kpi("units completed", String(s.completed)) + kpi("throughput", "\(fx(s.throughputPerHour, 3)) per hour")
        page += kpi("lead time mean / p50 / p95", "\(fx(s.leadTime.meanSeconds, 1)) s / \(fx(s.leadTime.p50Seconds, 1)) s / \(fx(s.leadTime.p95Seconds, 1)) s")
        page += kpi("mean WIP", fx(s.wipMean, 2)) + kpi("first-pass yield", fx(s.firstPassYield, 4))
        page += kpi("bottleneck (active-period method)", s.bottleneck.map { "★ \($0)" } ?? "–")
        page += kpi("scrapped / reworked", "\(s.scrapped) / \(s.reworked)") + "</table>\n"
        page += "<h2>Floor plan</h2><figure>\(floorPlan())<figcaption>\(planIsToScale ? "Drawn to scale from the places (\"at\") in the line file, with the AGV route graphs" : "The line file gives no places (\"at\"): elements left to right by their distance from the sources"); stations coloured by the share of time busy.</figcaption></figure>\n"
        if let r = routes() { page += "<figure>\(r)</figure>\n" }
        page += ""
        page += "<h2>Gantt chart</h2><figure>\(gantt())<figcaption>Each server, robot and vehicle over the window; each sliver shows the state that took most of its time slice.</figcaption></figure>\n"
        page += "<h2>Buffer levels and work in progress</h2><figure>\(levels())<figcaption>Mean level per time slice; dashed: capacity.</figcaption></figure>\n"
        page += "<h2>Output</h2><figure>\(output())</figure>\n"
        page += "<h2>Utilization</h2><figure>\(utilization())<figcaption>Shares of each element's server time, from the run's KPIs.</figcaption></figure>\n"
        if let r = replicationChart() {
            page += "<h2>Throughput over \(replications.count) replications</h2><figure>\(r)<figcaption>The time charts above show the first trace; this one every trace given.</figcaption></figure>\n"
        }
        page += "</body></html>\n"
        return page
    }
}
