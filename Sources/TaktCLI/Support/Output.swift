#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes: data to stdout, diagnostics to stderr. Buffered; tests capture both.
public final class Output {
    public private(set) var capturedOut = ""
    public private(set) var capturedErr = ""
    private let capture: Bool
    public var isCapturing: Bool { capture }
    private var outBuffer: [UInt8] = []

    /// The process's real stdout and stderr.
    public static func standard() -> Output { Output(capture: false) }
    /// Buffers for tests.
    public static func capturing() -> Output { Output(capture: true) }

    private init(capture: Bool) {
        self.capture = capture
        if !capture { outBuffer.reserveCapacity(1 << 16) }
    }

    public func out(_ s: String) {
        if capture { capturedOut += s; return }
        outBuffer.append(contentsOf: s.utf8)
        if outBuffer.count >= 1 << 16 { flushOut() }
    }

    /// Diagnostics go out at once (after any pending data), so they interleave sensibly on a terminal.
    public func err(_ s: String) {
        if capture { capturedErr += s; return }
        flushOut()
        Output.writeAll(2, Array(s.utf8))
    }

    public func flush() { if !capture { flushOut() } }

    private func flushOut() {
        guard !outBuffer.isEmpty else { return }
        Output.writeAll(1, outBuffer)
        outBuffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
