import TaktEngine
import TaktJSON
import TaktLine

/// The first line of a trace: everything needed to run it again, and nothing that differs
/// between machines or days (no wall-clock time, host or path).
///
/// `{"format":"takt-trace","version":1,"takt":"0.1.0","rng":"…","seed":42,"tick_ns":1000000,
/// "duration_ticks":3600000,"warmup_ticks":0,"checkpoint_every":100000,"set":["k=v",…],
/// "line_sha256":"…","line":{…}}` — `line` is the line file in canonical form (after `--set`,
/// see cells/README.md) and `line_sha256` the SHA-256 of exactly those bytes; it comes last.
/// With `--sample`, `"sample_ticks":N` follows `checkpoint_every` (pose samples every N ticks).
public struct TraceHeader: Sendable, Equatable {
    public var taktVersion: String
    public var seed: UInt64
    public var tickNanoseconds: Int64
    public var durationTicks: Int64
    public var warmupTicks: Int64
    /// Events between checkpoints (a checkpoint is written at the end of the first tick that reaches it).
    public var checkpointEvery: Int64
    /// The `--set` overrides as given (already applied in `line`).
    public var overrides: [String]
    /// Ticks between pose samples of robots and vehicles (0: none).
    public var sampleTicks: Int64 = 0
    /// The canonical line JSON.
    public var line: String

    public static let rng = "xoshiro256** seeded by SplitMix64; one stream per element and purpose, keyed by FNV-1a of their names"

    public init(taktVersion: String, seed: UInt64, tickNanoseconds: Int64, durationTicks: Int64, warmupTicks: Int64,
                checkpointEvery: Int64, overrides: [String], line: String) {
        self.taktVersion = taktVersion; self.seed = seed; self.tickNanoseconds = tickNanoseconds
        self.durationTicks = durationTicks; self.warmupTicks = warmupTicks; self.checkpointEvery = checkpointEvery
        self.overrides = overrides; self.line = line
    }

    public var lineSHA256: String { SHA256.hex(of: Array(line.utf8)) }

    /// The header line, with its newline.
    public func text() -> String {
        var s = #"{"format":"# + JSONText.quoted(TraceFormat.name) + #","version":\#(TraceFormat.version)"#
        s += #","takt":"# + JSONText.quoted(taktVersion)
        s += #","rng":"# + JSONText.quoted(Self.rng)
        s += #","seed":\#(seed),"tick_ns":\#(tickNanoseconds),"duration_ticks":\#(durationTicks),"warmup_ticks":\#(warmupTicks)"#
        s += #","checkpoint_every":\#(checkpointEvery)"#
        if sampleTicks > 0 { s += #","sample_ticks":\#(sampleTicks)"# }
        s += #","set":["# + overrides.map(JSONText.quoted).joined(separator: ",") + "]"
        s += #","line_sha256":""# + lineSHA256 + #"","line":"# + line + "}\n"
        return s
    }

    /// Reads a header line (without its newline); `file` names the trace in errors.
    public static func parse(_ text: String, file: String) throws(TraceError) -> TraceHeader {
        func fail(_ m: String) -> TraceError { TraceError(file: file, line: 1, m) }
        guard text.hasPrefix(#"{"format":"#) else {
            throw fail("not a takt trace: the first line should start with {\"format\":\"\(TraceFormat.name)\"")
        }
        let root: ConfigNode
        do { root = try ConfigNode.parse(text, file: file) } catch { throw fail("malformed header: \(error.message)") }
        do {
            let format = try root.required("format").string()
            guard format == TraceFormat.name else { throw fail("not a takt trace: format is '\(format)'") }
            let version = try root.required("version").int()
            guard version == TraceFormat.version else {
                throw fail("trace format version \(version); this takt reads version \(TraceFormat.version) (re-run the line with this takt to get a new trace)")
            }
            let takt = try root.required("takt").string()
            let seedText = try root.required("seed").numberText
            guard let seed = UInt64(seedText) else { throw fail("header: seed '\(seedText)' is not a whole number") }
            func int64(_ key: String) throws -> Int64 {
                let t = try root.required(key).numberText
                guard let v = Int64(t), v >= 0 else { throw fail("header: \(key) '\(t)' is not a non-negative integer") }
                return v
            }
            let tick = try int64("tick_ns"), duration = try int64("duration_ticks"), warmup = try int64("warmup_ticks")
            let every = try int64("checkpoint_every")
            var overrides: [String] = []
            for item in try root.required("set").items() { overrides.append(try item.string()) }
            let sha = try root.required("line_sha256").string()
            _ = try root.required("line")
            // The line's bytes are exactly what follows "line": up to the closing brace.
            let marker = #","line_sha256":""# + sha + #"","line":"#
            let bytes = Array(text.utf8), m = Array(marker.utf8)
            guard bytes.last == UInt8(ascii: "}"),
                  let at = (0...max(bytes.count - m.count, 0)).first(where: { bytes[$0..<min($0 + m.count, bytes.count)].elementsEqual(m) }) else {
                throw fail("header: the line must come last, after line_sha256")
            }
            let line = String(decoding: bytes[(at + m.count)..<(bytes.count - 1)], as: UTF8.self)
            var header = TraceHeader(taktVersion: takt, seed: seed, tickNanoseconds: tick, durationTicks: duration, warmupTicks: warmup,
                                     checkpointEvery: every, overrides: overrides, line: line)
            if try root.optional("sample_ticks") != nil {
                header.sampleTicks = try int64("sample_ticks")
                guard header.sampleTicks > 0 else { throw fail("header: sample_ticks must be at least 1") }
            }
            guard header.lineSHA256 == sha else {
                throw fail("the line in the header does not match its SHA-256 (\(sha)); the trace was edited or damaged")
            }
            return header
        } catch let e as TraceError {
            throw e
        } catch let e as ConfigError {
            throw fail("header: \(e.path.map { $0 + ": " } ?? "")\(e.message)")
        } catch {
            throw fail("header: \(error)")
        }
    }

    /// The compiled line of the header.
    public func loadLine(file: String) throws(TraceError) -> LoadedLine {
        do { return try LineFile.load(text: line, file: file + " (header line)") } catch {
            throw TraceError(file: file, line: 1, "the line in the header does not load: \(error.message)")
        }
    }

    public var runOptions: RunOptions { RunOptions(seed: seed, durationTicks: durationTicks, warmupTicks: warmupTicks) }
}

/// How a run ended, as its trace's last line says.
public enum TraceOutcome: String, Sendable {
    /// Ran to the end of its duration.
    case complete
    /// Stopped early: units wait on each other in a cycle.
    case deadlock
    /// Stopped early: units wait and nothing scheduled can let them move.
    case stall
    /// Stopped by SIGINT or SIGTERM.
    case interrupted

    /// How a simulation that was run to its end (not interrupted) ended.
    public init(endOf simulation: Simulation) {
        self = simulation.deadlock.map { $0.isCycle ? .deadlock : .stall } ?? .complete
    }
}

/// The last line: `{"end":"complete","seq":N,"t":T,"started":…,"completed":…,"scrapped":…,
/// "made":…,"consumed":…,"wip":…,"state":"…","sha256":"…"}` — totals over the whole run (no
/// warm-up cut), the state digest at the end and the SHA-256 of every byte before this line.
public struct TraceEnd: Sendable, Equatable {
    public var outcome: TraceOutcome
    public var seq: Int64
    public var tick: Int64
    public var started: Int64
    public var completed: Int64
    public var scrapped: Int64
    public var made: Int64
    public var consumed: Int64
    public var wip: Int64
    public var state: String
    public var sha256: String

    public func text() -> String {
        #"{"end":"\#(outcome.rawValue)","seq":\#(seq),"t":\#(tick),"started":\#(started),"completed":\#(completed),"scrapped":\#(scrapped),"made":\#(made),"consumed":\#(consumed),"wip":\#(wip),"state":"\#(state)","sha256":"\#(sha256)"}"# + "\n"
    }

    static func parse(_ text: String, file: String, line: Int) throws(TraceError) -> TraceEnd {
        func fail(_ m: String) -> TraceError { TraceError(file: file, line: line, m) }
        do {
            let root = try ConfigNode.parse(text, file: file)
            guard let outcome = TraceOutcome(rawValue: try root.required("end").string()) else { throw fail("end line: unknown outcome") }
            func int(_ k: String) throws -> Int64 {
                let t = try root.required(k).numberText
                guard let v = Int64(t) else { throw fail("end line: \(k) '\(t)' is not an integer") }
                return v
            }
            return TraceEnd(outcome: outcome, seq: try int("seq"), tick: try int("t"), started: try int("started"), completed: try int("completed"),
                            scrapped: try int("scrapped"), made: try int("made"), consumed: try int("consumed"), wip: try int("wip"),
                            state: try root.required("state").string(), sha256: try root.required("sha256").string())
        } catch let e as TraceError { throw e } catch { throw fail("malformed end line: \(error)") }
    }
}

/// A checkpoint line: `{"cp":K,"seq":N,"t":T,"sha256":"…","state":"…","units":[[id,type,created,reworked],…],
/// "buffers":[["B1",[ids…]],…],"servers":[["S1",0,"busy",down,off,unit,[kit…],[outputs…]],…]}`.
/// `sha256` covers every byte of the trace before this line; `state` is the simulation's own
/// state digest (`Simulation.stateDigest`, 16 hex digits); the rest is `StateSnapshot`.
public struct TraceCheckpoint: Sendable, Equatable {
    public var index: Int64
    public var seq: Int64
    public var sha256: String
    public var state: String
    public var snapshot: StateSnapshot

    public var tick: Int64 { snapshot.tick }

    static let stateNames = ["busy", "blocked", "starved", "idle"]

    func text(model: LineModel) -> String {
        var s = #"{"cp":\#(index),"seq":\#(seq),"t":\#(snapshot.tick),"sha256":"\#(sha256)","state":"\#(state)","units":["#
        s += snapshot.units.map { "[\($0.id),\($0.type),\($0.created),\($0.reworked ? 1 : 0)]" }.joined(separator: ",")
        s += #"],"buffers":["#
        s += snapshot.buffers.map { "[" + JSONText.quoted(model.elements[Int($0.element)].name) + ",[" + $0.units.map(String.init).joined(separator: ",") + "]]" }.joined(separator: ",")
        s += #"],"servers":["#
        s += snapshot.servers.map { v in
            "[" + JSONText.quoted(model.elements[Int(v.element)].name) + ",\(v.server),\"\(Self.stateNames[Int(v.state.rawValue)])\",\(v.down ? 1 : 0),\(v.offShift ? 1 : 0),\(v.unit),["
                + v.kit.map(String.init).joined(separator: ",") + "],[" + v.outputs.map(String.init).joined(separator: ",") + "]]"
        }.joined(separator: ",")
        s += "]}\n"
        return s
    }

    static func parse(_ text: String, model: LineModel, file: String, line: Int) throws(TraceError) -> TraceCheckpoint {
        func fail(_ m: String) -> TraceError { TraceError(file: file, line: line, "checkpoint: " + m) }
        do {
            let root = try ConfigNode.parse(text, file: file)
            func int(_ n: ConfigNode) throws -> Int64 {
                guard let v = Int64(n.numberText) else { throw fail("'\(n.numberText)' is not an integer") }
                return v
            }
            func element(_ n: ConfigNode) throws -> Int32 {
                let name = try n.string()
                guard let i = model.index(of: name) else { throw fail("no element named '\(name)'") }
                return Int32(i)
            }
            var units: [StateSnapshot.Unit] = []
            for u in try root.required("units").items() {
                let f = try u.items()
                guard f.count == 4 else { throw fail("a unit is [id, type, created, reworked]") }
                units.append(.init(id: try int(f[0]), type: Int32(try int(f[1])), created: try int(f[2]), reworked: try int(f[3]) != 0))
            }
            var buffers: [(element: Int32, units: [Int64])] = []
            for b in try root.required("buffers").items() {
                let f = try b.items()
                guard f.count == 2 else { throw fail("a buffer is [name, [unit ids]]") }
                buffers.append((try element(f[0]), try f[1].items().map { try int($0) }))
            }
            var servers: [StateSnapshot.Server] = []
            for v in try root.required("servers").items() {
                let f = try v.items()
                guard f.count == 8, let state = stateNames.firstIndex(of: try f[2].string()) else { throw fail("a server is [name, server, state, down, off, unit, [kit], [outputs]]") }
                servers.append(.init(element: try element(f[0]), server: Int32(try int(f[1])), state: StateSnapshot.ServerState(rawValue: UInt8(state))!,
                                     down: try int(f[3]) != 0, offShift: try int(f[4]) != 0, unit: try int(f[5]),
                                     kit: try f[6].items().map { try int($0) }, outputs: try f[7].items().map { try int($0) }))
            }
            let snapshot = StateSnapshot(tick: try int(try root.required("t")), units: units, buffers: buffers, servers: servers)
            return TraceCheckpoint(index: try int(try root.required("cp")), seq: try int(try root.required("seq")),
                                   sha256: try root.required("sha256").string(), state: try root.required("state").string(), snapshot: snapshot)
        } catch let e as TraceError { throw e } catch { throw fail("malformed: \(error)") }
    }
}

extension ConfigNode {
    /// The digits of a JSON number as written (empty for other values).
    var numberText: String {
        if case .number(let t) = value.kind { return t }
        return ""
    }
}
