#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TaktEngine
import TaktLine

/// Reads a trace as a stream of records, in constant memory: a file, or stdin for `-`.
///
/// The header is read when the reader opens; the line in it is compiled so events can be
/// decoded into `EngineEvent`s of that model. Every byte read is hashed, and each checkpoint's
/// and the end line's `sha256` is checked against the bytes before it, so an edited or
/// damaged trace is reported at the first line where it no longer adds up. At the end of the
/// input, `isTruncated` tells whether the end line was missing.
public final class TraceReader {
    public enum Record {
        case event(seq: Int64, event: EngineEvent)
        case checkpoint(TraceCheckpoint)
        case end(TraceEnd)
        /// Where the robots and vehicles are at `tick` (`--sample`): the line as written.
        case sample(tick: Int64, line: String)
    }

    public let file: String
    public let header: TraceHeader
    public let line: LoadedLine
    public var model: LineModel { line.model }
    let decoder: TraceEventDecoder
    let input: LineInput
    var hasher = SHA256()
    /// 1-based number of the last line returned.
    public private(set) var lineNumber = 0
    public private(set) var lastSeq: Int64 = 0
    public private(set) var lastTick: Int64 = 0
    public private(set) var end: TraceEnd?
    /// True once the input ended without an end line.
    public private(set) var isTruncated = false

    /// Opens `path` (`-`: stdin) and reads its header.
    public init(path: String) throws(TraceError) {
        file = path == "-" ? "stdin" : path
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw TraceError(file: path, line: 0, "cannot read: \(String(cString: strerror(errno)))") }
        }
        input = LineInput(fd: fd)
        guard let first = try Self.readLine(input, file: file, hasher: &hasher) else {
            throw TraceError(file: file, line: 0, "empty file: not a takt trace")
        }
        let firstLine = String(decoding: first, as: UTF8.self)
        lineNumber = 1
        header = try TraceHeader.parse(firstLine, file: file)
        line = try header.loadLine(file: file)
        decoder = TraceEventDecoder(model: line.model)
    }

    /// The next record, or nil at the end of the input (then see `isTruncated`).
    public func next() throws(TraceError) -> Record? {
        guard end == nil else {
            if try rawLine() != nil { throw TraceError(file: file, line: lineNumber, "text after the end line") }
            return nil
        }
        let before = hasher   // the digest of everything before this line
        guard let bytes = try rawLine() else {
            isTruncated = true
            return nil
        }
        let n = lineNumber
        func fail(_ m: String) -> TraceError { TraceError(file: file, line: n, m) }
        if Self.hasPrefix(bytes, #"{"seq":"#) {
            let decoded: (seq: Int64, event: EngineEvent)
            do { decoded = try decoder.decode(bytes) } catch { throw fail(error.message) }
            guard decoded.seq == lastSeq + 1 else { throw fail("event seq \(decoded.seq) follows \(lastSeq); lines are missing or out of order") }
            guard decoded.event.tick >= lastTick else { throw fail("tick \(decoded.event.tick) goes back in time (previous event at \(lastTick))") }
            lastSeq = decoded.seq
            lastTick = decoded.event.tick
            return .event(seq: decoded.seq, event: decoded.event)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if Self.hasPrefix(bytes, #"{"sample":"#) {
            let digits = text.dropFirst(10).prefix { $0.isASCII && $0.isNumber }
            guard let t = Int64(digits), text.dropFirst(10 + digits.count).hasPrefix(#","poses":{"#), text.hasSuffix("}}") else {
                throw fail("malformed sample line: expected {\"sample\":TICK,\"poses\":{…}}")
            }
            guard t >= lastTick else { throw fail("sample at tick \(t) goes back in time (previous event at \(lastTick))") }
            lastTick = t
            return .sample(tick: t, line: text)
        }
        if Self.hasPrefix(bytes, #"{"cp":"#) {
            let cp = try TraceCheckpoint.parse(text, model: model, file: file, line: n)
            try checkDigest(cp.sha256, before, what: "checkpoint \(cp.index)", line: n)
            return .checkpoint(cp)
        }
        if Self.hasPrefix(bytes, #"{"end":"#) {
            let e = try TraceEnd.parse(text, file: file, line: n)
            try checkDigest(e.sha256, before, what: "the end line", line: n)
            guard e.seq == lastSeq else { throw fail("the end line counts \(e.seq) events, the trace has \(lastSeq)") }
            end = e
            return .end(e)
        }
        throw fail("not a trace line: expected an event {\"seq\":…}, a checkpoint {\"cp\":…} or the end {\"end\":…}")
    }

    func checkDigest(_ stated: String, _ before: SHA256, what: String, line: Int) throws(TraceError) {
        guard before.hexDigest() == stated else {
            throw TraceError(file: file, line: line, "\(what) states SHA-256 \(stated) but the bytes before it hash to \(before.hexDigest()): the trace was edited or damaged above this line")
        }
    }

    /// The next line without its newline (valid until the next call), hashed with its newline.
    func rawLine() throws(TraceError) -> UnsafeBufferPointer<UInt8>? {
        let l = try Self.readLine(input, file: file, hasher: &hasher)
        if l != nil { lineNumber += 1 }
        return l
    }

    /// The next line from `input`, hashed with its newline; the bytes stay valid until the next call.
    static func readLine(_ input: LineInput, file: String, hasher: inout SHA256) throws(TraceError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let line = input.takeLine() {
                hasher.update(UnsafeRawBufferPointer(start: line.baseAddress, count: line.count + 1))
                return line
            }
            if input.eof {
                // A last line without its newline was cut off mid-line: it is dropped, and the
                // trace reads as truncated (no end line).
                input.dropPartialLine()
                return nil
            }
            guard input.fill() else { throw TraceError(file: file, line: 0, "read failed: \(String(cString: strerror(errno)))") }
        }
    }

    static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, _ p: StaticString) -> Bool {
        let n = p.utf8CodeUnitCount
        guard b.count >= n else { return false }
        for i in 0..<n where b[i] != p.utf8Start[i] { return false }
        return true
    }

    /// Reads to the end, handing each event to `sink`, then finishes the sink at the end tick
    /// (or, for a truncated trace, at the last event's tick). Returns the end line if there was one.
    public func feed<S: EventSink>(into sink: inout S) throws(TraceError) -> TraceEnd? {
        while let r = try next() {
            if case .event(_, let e) = r { sink.record(e) }
        }
        sink.finish(atTick: end?.tick ?? lastTick)
        return end
    }

    /// What to say about a truncated trace.
    public var truncationMessage: String {
        "\(file): truncated: no end line after line \(lineNumber) (event \(lastSeq), tick \(lastTick))"
            + (input.droppedBytes > 0 ? ", and line \(lineNumber + 1) is cut off after \(input.droppedBytes) bytes" : "")
            + "; the run was cut off or the file is incomplete, so figures cover only up to tick \(lastTick)"
    }
}

/// Buffered reading of lines from a file descriptor into memory the reader owns: a line handed
/// out stays in place until the next `takeLine` or `fill`.
final class LineInput {
    let fd: Int32
    var storage: UnsafeMutablePointer<UInt8>
    var capacity = 1 << 20
    /// Bytes [start, end) are read and not yet handed out.
    var start = 0
    var end = 0
    private(set) var eof = false

    init(fd: Int32) {
        self.fd = fd
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
        if fd > 2 { close(fd) }
    }

    var pending: Int { end - start }
    /// Bytes of a last line without a newline that were dropped.
    private(set) var droppedBytes = 0

    func dropPartialLine() {
        droppedBytes += pending
        start = end
    }

    /// The next complete line (without its newline, which follows it in memory), or nil.
    func takeLine() -> UnsafeBufferPointer<UInt8>? {
        guard let p = memchr(storage + start, Int32(UInt8(ascii: "\n")), end - start) else { return nil }
        let nl = storage.distance(to: p.assumingMemoryBound(to: UInt8.self))
        let line = UnsafeBufferPointer(start: storage + start, count: nl - start)
        start = nl + 1
        return line
    }

    /// Reads more: moves the unread bytes to the front, grows if a line fills the buffer.
    /// False on a read error (errno says which).
    func fill() -> Bool {
        if start > 0 {
            if pending > 0 { memmove(storage, storage + start, pending) }
            end = pending
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: storage, count: end)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        while true {
            let n = read(fd, storage + end, capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            if n == 0 { eof = true }
            end += n
            return true
        }
    }
}
