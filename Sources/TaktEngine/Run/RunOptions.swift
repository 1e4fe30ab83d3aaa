/// How to run a compiled line.
public struct RunOptions: Sendable, Equatable {
    public var seed: UInt64
    /// The run covers ticks [0, durationTicks).
    public var durationTicks: Int64
    /// Statistics are reset at this tick.
    public var warmupTicks: Int64
    /// Step every tick instead of jumping to the next event (must give identical results).
    public var everyTick: Bool

    public init(seed: UInt64, durationTicks: Int64, warmupTicks: Int64 = 0, everyTick: Bool = false) {
        self.seed = seed; self.durationTicks = durationTicks; self.warmupTicks = warmupTicks; self.everyTick = everyTick
    }
}
