#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signal (SIGINT or SIGTERM) that asked a long run to stop, set by the handler.
nonisolated(unsafe) private var receivedSignal: sig_atomic_t = 0

/// Lets a run that writes a trace stop cleanly on Ctrl-C or SIGTERM: the handler only records
/// the signal; the run loop notices it between chunks and closes the trace.
enum Signals {
    static func catchInterrupts() {
        signal(SIGINT) { receivedSignal = $0 }
        signal(SIGTERM) { receivedSignal = $0 }
    }

    /// The signal received so far, if any.
    static var received: Int32? { receivedSignal == 0 ? nil : Int32(receivedSignal) }
}
