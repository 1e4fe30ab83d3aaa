import TaktEngine

/// Turns a trace's event stream into another format's bytes. Each format is one type with the
/// same three verbs, fed in order by `TraceExport.run`.
public protocol TraceExporter {
    /// Bytes before the first event.
    mutating func begin(into out: inout [UInt8])
    /// One event of the trace, in trace order.
    mutating func record(seq: Int64, event: EngineEvent, into out: inout [UInt8])
    /// Closes the document at `endTick`: the end line's tick, or the last event's for a truncated trace.
    mutating func finish(endTick: Int64, into out: inout [UInt8])
}

/// The export formats and the loop that drives them.
public enum TraceExport {
    public enum Format: String, CaseIterable, Sendable {
        /// OCEL 2.0 JSON (object-centric event log, for process mining).
        case ocel2
        /// Chrome Trace Event JSON (Perfetto UI, chrome://tracing).
        case chrome
        /// One CSV row per event.
        case csv
    }

    /// What `run` read.
    public struct Outcome: Sendable {
        public var events: Int64
        public var endTick: Int64
        public var truncated: Bool
    }

    /// Reads `reader` to its end, handing the exporter's bytes to `write` in chunks of about
    /// 64 KiB (the last may be shorter) that end between records, so never inside a UTF-8 character. A truncated trace is exported up to its last event.
    /// - Throws: the reader's `TraceError` for a damaged trace, or what `write` throws.
    public static func run<E: TraceExporter>(_ reader: TraceReader, _ exporter: inout E,
                                             write: ([UInt8]) throws -> Void) throws -> Outcome {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        exporter.begin(into: &out)
        var events: Int64 = 0
        while let record = try reader.next() {
            guard case .event(let seq, let event) = record else { continue }
            exporter.record(seq: seq, event: event, into: &out)
            events += 1
            if out.count >= 1 << 16 {
                try write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        let endTick = reader.end?.tick ?? reader.lastTick
        exporter.finish(endTick: endTick, into: &out)
        try write(out)
        return Outcome(events: events, endTick: endTick, truncated: reader.isTruncated)
    }

    /// Exports `reader` in `format`; see `run`.
    public static func run(_ reader: TraceReader, format: Format, clock: ExportClock,
                           write: ([UInt8]) throws -> Void) throws -> Outcome {
        switch format {
        case .ocel2:
            var e = OCELExporter(model: reader.model, clock: clock)
            return try run(reader, &e, write: write)
        case .chrome:
            var e = ChromeTraceExporter(model: reader.model, clock: clock, title: reader.model.name)
            return try run(reader, &e, write: write)
        case .csv:
            var e = CSVExporter(model: reader.model, clock: clock)
            return try run(reader, &e, write: write)
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `s`.
    @inline(__always)
    mutating func append(_ s: String) { append(contentsOf: s.utf8) }
}
