#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A trace written to a file descriptor. For a path, the bytes go to a temporary file beside
/// it (`.NAME.tmp-PID`), renamed onto the path by `commit()` — readers never see half a trace
/// under the real name, and an existing file is replaced only by a whole one. For `-`, stdout.
public final class FileTraceOutput: TraceOutput {
    public let path: String
    let fd: Int32
    let temporary: String?
    var closed = false

    /// Opens `path` for writing (`-`: stdout).
    public init(path: String) throws(TraceError) {
        self.path = path
        if path == "-" {
            fd = 1
            temporary = nil
            return
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw TraceError(file: path, line: 0, "a trace path must name a file") }
        let tmp = dir + "." + base + ".tmp-\(getpid())"
        let f = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard f >= 0 else {
            throw TraceError(file: path, line: 0, "cannot write here: \(String(cString: strerror(errno))) (does the directory exist?)")
        }
        fd = f
        temporary = tmp
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(TraceError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw TraceError(file: path, line: 0, "writing the trace failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    /// Closes the file and gives it its name.
    public func commit() throws(TraceError) {
        guard let temporary, !closed else { return }
        closed = true
        guard close(fd) == 0 else { throw TraceError(file: path, line: 0, "closing the trace failed: \(String(cString: strerror(errno)))") }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw TraceError(file: path, line: 0, "cannot rename the finished trace onto this path: \(message)")
        }
    }

    /// Removes the temporary file (after an error): nothing half-written is left behind.
    public func abandon() {
        guard let temporary, !closed else { return }
        closed = true
        close(fd)
        unlink(temporary)
    }
}
