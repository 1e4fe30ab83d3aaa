/// An angle in binary angle measure: 2^32 units per turn, stored in an `Int64`.
///
/// The low 32 bits are the phase within a turn; the high bits count whole turns,
/// so multi-turn joints and wheels keep their history. Wrapping to one turn is a mask.
/// One unit is 2π/2^32 rad ≈ 1.46e-9 rad.
@frozen
public struct Angle: Sendable, Hashable, Comparable {
    /// The angle in units of 2^-32 turn.
    public var raw: Int64

    public static let unitsPerTurn: Int64 = 1 << 32
    public static let zero = Angle(raw: 0)
    public static let quarterTurn = Angle(raw: 1 << 30)
    public static let halfTurn = Angle(raw: 1 << 31)
    public static let fullTurn = Angle(raw: 1 << 32)

    @inlinable public init(raw: Int64) { self.raw = raw }

    @inlinable public static func < (a: Angle, b: Angle) -> Bool { a.raw < b.raw }
    @inlinable public static func + (a: Angle, b: Angle) -> Angle { Angle(raw: a.raw + b.raw) }
    @inlinable public static func - (a: Angle, b: Angle) -> Angle { Angle(raw: a.raw - b.raw) }
    @inlinable public static prefix func - (a: Angle) -> Angle { Angle(raw: -a.raw) }
    @inlinable public static func += (a: inout Angle, b: Angle) { a.raw += b.raw }
    @inlinable public static func -= (a: inout Angle, b: Angle) { a.raw -= b.raw }

    /// The phase within one turn, in [0, 2^32).
    @inlinable public var phase: UInt32 { UInt32(truncatingIfNeeded: raw) }

    /// Wrapped into [-half turn, half turn).
    @inlinable public var wrappedSigned: Angle { Angle(raw: Int64(Int32(truncatingIfNeeded: raw))) }

    /// Wrapped into [0, full turn).
    @inlinable public var wrappedUnsigned: Angle { Angle(raw: raw & 0xFFFF_FFFF) }

    /// The signed shortest difference `self - other`, in [-half turn, half turn).
    @inlinable public func shortestDifference(from other: Angle) -> Angle { (self - other).wrappedSigned }
}
