import TaktFixed

/// A 3×3 rotation matrix stored by columns: `c0`, `c1`, `c2` are the images of the
/// x, y and z axes (so `c2` is a tool frame's approach direction).
@frozen
public struct Rot3: Sendable, Hashable {
    public var c0: Vec3, c1: Vec3, c2: Vec3

    @inlinable public init(c0: Vec3, c1: Vec3, c2: Vec3) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    /// From rows r11 r12 r13 / r21 r22 r23 / r31 r32 r33 (the order users write).
    public init(rows m: [Fixed]) {
        precondition(m.count == 9)
        c0 = Vec3(m[0], m[3], m[6]); c1 = Vec3(m[1], m[4], m[7]); c2 = Vec3(m[2], m[5], m[8])
    }

    public static let identity = Rot3(c0: Vec3(.one, .zero, .zero), c1: Vec3(.zero, .one, .zero), c2: Vec3(.zero, .zero, .one))

    /// Element at row r, column c.
    @inlinable public subscript(r: Int, c: Int) -> Fixed { c == 0 ? c0[r] : (c == 1 ? c1[r] : c2[r]) }

    /// The rows, r11 … r33.
    public var rowMajor: [Fixed] { (0..<3).flatMap { r in (0..<3).map { self[r, $0] } } }

    @inlinable public var transposed: Rot3 {
        Rot3(c0: Vec3(c0.x, c1.x, c2.x), c1: Vec3(c0.y, c1.y, c2.y), c2: Vec3(c0.z, c1.z, c2.z))
    }

    /// R·v, each component accumulated wide and rounded once.
    @inlinable public func apply(_ v: Vec3) -> Vec3 {
        Vec3(Fixed.dot(c0.x, v.x, c1.x, v.y, c2.x, v.z),
             Fixed.dot(c0.y, v.x, c1.y, v.y, c2.y, v.z),
             Fixed.dot(c0.z, v.x, c1.z, v.y, c2.z, v.z))
    }

    @inlinable public static func * (a: Rot3, b: Rot3) -> Rot3 {
        Rot3(c0: a.apply(b.c0), c1: a.apply(b.c1), c2: a.apply(b.c2))
    }

    /// Rotation about z by an angle with known sine and cosine.
    @inlinable public static func aboutZ(sin s: Fixed, cos c: Fixed) -> Rot3 {
        Rot3(c0: Vec3(c, s, .zero), c1: Vec3(-s, c, .zero), c2: Vec3(.zero, .zero, .one))
    }

    /// Rotation about x.
    @inlinable public static func aboutX(sin s: Fixed, cos c: Fixed) -> Rot3 {
        Rot3(c0: Vec3(.one, .zero, .zero), c1: Vec3(.zero, c, s), c2: Vec3(.zero, -s, c))
    }
}

/// A rigid transform: rotation and position (metres).
@frozen
public struct Pose: Sendable, Hashable {
    public var rotation: Rot3
    public var position: Vec3

    @inlinable public init(rotation: Rot3, position: Vec3) { self.rotation = rotation; self.position = position }
    public static let identity = Pose(rotation: .identity, position: .zero)

    /// self ∘ other.
    @inlinable public static func * (a: Pose, b: Pose) -> Pose {
        Pose(rotation: a.rotation * b.rotation, position: a.rotation.apply(b.position) + a.position)
    }

    /// The inverse rigid transform (Rᵀ, −Rᵀp).
    @inlinable public var inverse: Pose {
        let rt = rotation.transposed
        return Pose(rotation: rt, position: -rt.apply(position))
    }
}
