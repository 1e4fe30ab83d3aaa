/// Exit codes: 0 ok, 1 a check failed, 2 bad usage or bad input.
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case checkFailed = 1
    case usage = 2
    /// Stopped by SIGINT (128 + 2) or SIGTERM (128 + 15), as shells expect.
    case interrupted = 130
    case terminated = 143
}

/// A user error: printed as one `error: …` line on stderr, exit 2.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
