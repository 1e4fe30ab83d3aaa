import TaktFixed

/// A 3-vector of fixed-point numbers (metres, unless a name says otherwise).
@frozen
public struct Vec3: Sendable, Hashable {
    public var x: Fixed, y: Fixed, z: Fixed

    @inlinable public init(_ x: Fixed, _ y: Fixed, _ z: Fixed) { self.x = x; self.y = y; self.z = z }
    public static let zero = Vec3(.zero, .zero, .zero)

    @inlinable public static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static prefix func - (a: Vec3) -> Vec3 { Vec3(-a.x, -a.y, -a.z) }
    @inlinable public static func * (a: Vec3, k: Fixed) -> Vec3 { Vec3(a.x * k, a.y * k, a.z * k) }

    /// a·b, accumulated wide and rounded once.
    @inlinable public func dot(_ b: Vec3) -> Fixed { Fixed.dot(x, b.x, y, b.y, z, b.z) }

    @inlinable public func cross(_ b: Vec3) -> Vec3 {
        Vec3(Fixed.dot(y, b.z, -z, b.y), Fixed.dot(z, b.x, -x, b.z), Fixed.dot(x, b.y, -y, b.x))
    }

    /// |v|, correctly rounded.
    @inlinable public var length: Fixed {
        let s = UInt128(x.raw.magnitude) * UInt128(x.raw.magnitude)
            + UInt128(y.raw.magnitude) * UInt128(y.raw.magnitude)
            + UInt128(z.raw.magnitude) * UInt128(z.raw.magnitude)
        return Fixed(raw: Int64(Fixed.isqrtRounded(s)))
    }

    @inlinable public subscript(i: Int) -> Fixed {
        get { i == 0 ? x : (i == 1 ? y : z) }
        set { if i == 0 { x = newValue } else if i == 1 { y = newValue } else { z = newValue } }
    }
}
