import TaktEngine
import TaktJSON

/// A kind of cell: the keys its station accepts and how it compiles into the station's servers
/// and programs (see `Program`). The line compiler looks a station's `"kind"` up in
/// `LineCompiler.cellKindTypes`.
///
/// **Adding a kind.** Copy `ManualCell` below into a file of its own, give it a `name` and its
/// `keys` (the station keys it accepts; comment keys are always allowed), and build one
/// `Program` per server from `LineCompiler`'s helpers: `stepInfo` (what a timed step is, for the
/// trace), `resource` (a named thing programs take turns at), `compileSteps` (a list of
/// `move`/`tool`/`cycle` steps for a cell's robots), and the common station keys (`yield`,
/// `failures`, `initial`, `calendar`, `to`), which the compiler reads for every kind. Then add it
/// to `cellKindTypes`, to cells/schema.json (a `$defs` entry listing the same keys) and to
/// cells/README.md. Everything else — trace events, replay, stats, exports — follows.
protocol CellKind: Sendable {
    static var name: String { get }
    static var keys: [String] { get }
    static func compile(_ d: LineCompiler.Declaration, _ compiler: inout LineCompiler) throws(ConfigError) -> LineCompiler.CellParts
}

/// The smallest cell kind, kept as the template for new ones: a manual station where operators
/// work each unit for `cycle`.
///
///     "trim": { "kind": "manual", "operators": 2, "cycle": {"normal": {"mean": "55 s", "sd": "4 s"}}, "to": "next" }
///
/// Each operator is a server; its program is one timed step, written to the trace as
/// `"do":"cycle","by":"trim.operator1","to":"work"`.
enum ManualCell: CellKind {
    static let name = "manual"
    static let keys = ["kind", "operators", "cycle", "yield", "failures", "initial", "staggered", "calendar", "to", "at"]

    static func compile(_ d: LineCompiler.Declaration, _ compiler: inout LineCompiler) throws(ConfigError) -> LineCompiler.CellParts {
        let operators = try d.node.optional("operators")?.int(min: 1, max: 1000) ?? 1
        let cycle = try DurationDistribution.parse(try d.node.required("cycle"))
        var programs: [Program] = []
        for k in 0..<operators {
            let info = compiler.stepInfo(StepInfo(kind: .cycle, actor: "\(d.name).operator\(k + 1)", label: "work"))
            programs.append(Program(steps: [.hold(cycle, info: info)]))
        }
        return LineCompiler.CellParts(servers: operators, process: cycle, programs: programs)
    }
}

/// Robots run a task program on each unit (see `LineCompiler.assembly`).
enum AssemblyCell: CellKind {
    static let name = "assembly"
    static let keys = ["kind", "servers", "robots", "targets", "program", "yield", "failures", "initial", "staggered", "calendar", "needs", "makes", "rework", "recovery", "to", "at"]
    static func compile(_ d: LineCompiler.Declaration, _ c: inout LineCompiler) throws(ConfigError) -> LineCompiler.CellParts { try c.assembly(d) }
}

/// A test with an outcome per unit (see `LineCompiler.inspection`).
enum InspectionCell: CellKind {
    static let name = "inspection"
    static let keys = ["kind", "servers", "test", "robots", "targets", "program", "defects", "false_reject", "escape", "max_fails", "failures", "initial", "staggered", "calendar", "rework", "recovery", "to", "at"]
    static func compile(_ d: LineCompiler.Declaration, _ c: inout LineCompiler) throws(ConfigError) -> LineCompiler.CellParts { try c.inspection(d) }
}

/// A loader robot serving machine slots (see `LineCompiler.tending`).
enum TendingCell: CellKind {
    static let name = "tending"
    static let keys = ["kind", "slots", "cycle", "robots", "targets", "load", "unload", "yield", "failures", "initial", "staggered", "calendar", "to", "at"]
    static func compile(_ d: LineCompiler.Declaration, _ c: inout LineCompiler) throws(ConfigError) -> LineCompiler.CellParts { try c.tending(d) }
}

/// A vehicle fleet on a route graph (see `LineCompiler.logistics`).
enum LogisticsCell: CellKind {
    static let name = "logistics"
    static let keys = ["kind", "route", "vehicles", "pickup", "dropoff", "load", "unload", "failures", "calendar", "to", "at"]
    static func compile(_ d: LineCompiler.Declaration, _ c: inout LineCompiler) throws(ConfigError) -> LineCompiler.CellParts { try c.logistics(d) }
}
