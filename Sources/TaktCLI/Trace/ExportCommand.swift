import TaktTrace

/// `takt export`: a trace in another tool's format.
enum ExportCommand {
    static let help = """
    usage: takt export TRACE --format ocel2|chrome|csv [-o OUT] [--epoch \(ExportClock.defaultEpoch)]

    Writes the events of TRACE (a file from 'takt run --trace', '-' for stdin) in another format,
    streaming: to stdout, or with -o OUT to a temporary file beside OUT renamed at the end (nothing
    half-written is left on an error; '-o -' is stdout). Times are exact: integer ticks × the tick
    length, written as decimals. A truncated trace (no end line) is exported up to its last event,
    with a note on stderr and exit 1.

    --format ocel2   OCEL 2.0 JSON, for process mining (pm4py.read_ocel2_json, OCPA, …).
                     Objects: each unit 'unit:ID', of an object type named after its unit type;
                     each element 'station:S1', 'buffer:B1', 'source:NAME', 'sink:NAME' (stations
                     carry 'servers', buffers 'capacity'). An assembled unit 'contains' its
                     components; a unit made by a split relates to its parent as 'split from'.
                     Events 'e<seq>', typed by the trace's kind (created, arrived, op_start, op_end,
                     departed, blocked, unblocked, scrapped, shipped, consumed, made, down, up,
                     off_shift, on_shift), at epoch + tick × tick_ns in UTC (milliseconds, or
                     finer when the tick is shorter). Attributes: server (integer) on all; scrap
                     (boolean) on op_end, reworked (boolean) on shipped, cause (string) on down/up/
                     off_shift/on_shift. Qualifiers: the element 'at'; the unit 'created',
                     'arrived', 'processed', 'moved' (with the target 'to'), 'blocked' (with
                     'waits for'), 'scrapped', 'shipped'; a merge's 'component' and 'assembly', a
                     split's 'parent' and 'child'. starved/unstarved are left out (no unit, and
                     the complement of the other events; see the ledger or the Chrome export).
    --format chrome  Chrome Trace Event JSON, for the Perfetto UI (ui.perfetto.dev) or chrome://tracing.
                     Process 1 is the line (counter 'WIP'); each element is a process
                     ('station S1', …; pid = element rank + 2). Each station server is a thread
                     ('server 0', …), a source has one ('source'). Slices (X) show a server's
                     effective state: off shift over down over busy/blocked; starved and idle
                     time is left blank. One slice per operation (busy, args: unit), per blocked
                     spell (args: unit, on), per breakdown (down) and per off-shift window; slices
                     never overlap on a track and open ones end at the trace's end. Counters (C):
                     each buffer's 'level', each sink's 'shipped', the line's 'WIP'. ts and dur
                     in microseconds from tick 0.
    --format csv     One row per event, RFC 4180 quoting, LF line ends. Columns:
                     seq,tick,time_s,event,element,server,unit,type,target,value,reworked —
                     time_s exact seconds; unit -1 when none; type for created/made; target for
                     departed (to) and blocked/unblocked (on); value: op_end 1 if scrapped,
                     scrapped/shipped the creation tick, consumed the unit it went into (a
                     split's first); reworked: shipped 1 if it passed a rework station.
    --epoch T        wall-clock time of tick 0 for OCEL, YYYY-MM-DDTHH:MM:SSZ (default
                     \(ExportClock.defaultEpoch), a Monday at midnight).

    """

    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        // '-o' is the one short option: take it as --output before the common parser sees it.
        var rewritten: [String] = []
        for a in args { rewritten.append(a == "-o" ? "--output" : a) }
        let a = try Arguments(rewritten, options: ["format", "output", "epoch"], flags: [], command: "export")
        guard let formatName = a.value("format") else {
            throw UsageError("export: say which format: --format \(TraceExport.Format.allCases.map(\.rawValue).joined(separator: "|")) (see 'takt export --help')")
        }
        guard let format = TraceExport.Format(rawValue: formatName) else {
            throw UsageError("export: --format must be one of \(TraceExport.Format.allCases.map(\.rawValue).joined(separator: ", ")), not '\(formatName)'")
        }
        let path = try TraceCommands.onePositional(a, "export")
        var epoch: Int64 = 0
        switch ExportClock.parseEpoch(a.value("epoch") ?? ExportClock.defaultEpoch) {
        case .success(let s): epoch = s
        case .failure(let e): throw UsageError("export: --epoch: \(e)")
        }
        let reader = try TraceCommands.reader(path)
        let clock = ExportClock(tickNanoseconds: reader.model.tickNanoseconds, epochSeconds: epoch)
        let outPath = a.value("output") ?? "-"

        let outcome: TraceExport.Outcome
        if outPath == "-" {
            do {
                outcome = try TraceExport.run(reader, format: format, clock: clock) { context.output.out(String(decoding: $0, as: UTF8.self)) }
            } catch { throw UsageError("\(error)") }
        } else {
            guard outPath != path else { throw UsageError("export: -o names the trace itself; choose another file") }
            let file: FileTraceOutput
            do { file = try FileTraceOutput(path: outPath) } catch { throw UsageError("export: -o \(error)") }
            do {
                outcome = try TraceExport.run(reader, format: format, clock: clock) { bytes in
                    try bytes.withUnsafeBytes { try file.write($0) }
                }
                try file.commit()
            } catch {
                file.abandon()
                throw UsageError("\(error)")
            }
        }
        if outcome.truncated {
            context.output.err("error: \(reader.truncationMessage); the export covers events 1–\(outcome.events)\n")
            return .checkFailed
        }
        return .ok
    }
}
