/// SHA-256 as specified in FIPS 180-4 (Secure Hash Standard, NIST, August 2015), §6.2, written in
/// plain Swift: no Foundation, no CryptoKit, no system crypto library, no package dependency.
///
/// Incremental use:
///
///     var hasher = SHA256()
///     hasher.update(header.utf8)
///     buffer.withUnsafeBytes { hasher.update($0) }   // fast path for large inputs
///     let hex = hasher.hexDigest()
///
/// **Chaining (a running digest of a stream).** The hasher is a value type whose whole state lives in
/// fixed-size scalar fields, so copying it is a plain memory copy. `finalized()` and `hexDigest()` pad
/// and finish a *copy* of that state and leave `self` untouched: at any point of a stream they return
/// the digest of exactly the bytes fed so far, and `update` can carry on afterwards, so a later digest
/// covers the whole stream including everything before the earlier one. This lets a trace writer
/// publish a checkpoint digest of its output so far (e.g. every N ticks) without rehashing the prefix
/// and without disturbing the final digest.
///
/// How the bytes are split between `update` calls never matters: only their concatenation does.
///
/// Tested against the FIPS 180-4 / NIST example vectors and against the system `sha256sum` for
/// random inputs of many lengths around the 64-byte block boundaries (see `SHA256Tests`).
public struct SHA256: Sendable {
    /// The eight 32-bit working hash values H0…H7 (FIPS 180-4 §5.3.3 initial values).
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes of the current, incomplete 64-byte block (only the first `tailCount` are meaningful).
    private var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Number of bytes buffered in `tail`, always in 0..<64 between calls.
    private var tailCount: Int = 0
    /// Total number of message bytes fed so far (the length field is this times 8, modulo 2^64).
    private var byteCount: UInt64 = 0

    /// A hasher over the empty message.
    public init() {}

    // MARK: Feeding bytes

    /// Appends `buffer` to the message. The fast path: whole 64-byte blocks are compressed straight
    /// from the buffer (no copying, no allocation); only a partial block at either end is buffered.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let n = buffer.count
        byteCount &+= UInt64(truncatingIfNeeded: n)
        var offset = 0
        let have = tailCount
        if have > 0 {
            // Top up the buffered partial block first.
            let take = Swift.min(64 &- have, n)
            withUnsafeMutableBytes(of: &tail) { t in
                t.baseAddress.unsafelyUnwrapped.advanced(by: have).copyMemory(from: base, byteCount: take)
            }
            offset = take
            if have &+ take < 64 {
                tailCount = have &+ take
                return
            }
            let block = tail
            withUnsafeBytes(of: block) { Self.compress(&h, $0.baseAddress.unsafelyUnwrapped, blocks: 1) }
            tailCount = 0
        }
        let blocks = (n &- offset) / 64
        if blocks > 0 {
            Self.compress(&h, base.advanced(by: offset), blocks: blocks)
            offset &+= blocks &* 64
        }
        let rest = n &- offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &tail) { t in
                t.baseAddress.unsafelyUnwrapped.copyMemory(from: base.advanced(by: offset), byteCount: rest)
            }
            tailCount = rest
        }
    }

    /// Appends `bytes` to the message. Contiguous collections (`[UInt8]`, `ArraySlice`, native
    /// `String.UTF8View`, …) take the raw-buffer fast path directly; other sequences are gathered
    /// into a 64-byte stack buffer and handed over one block at a time. (`@inlinable` so that the
    /// per-byte loop is specialized for the caller's sequence type.)
    @inlinable
    public mutating func update<B: Sequence>(_ bytes: B) where B.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        var chunk: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &chunk) { buffer in
            var n = 0
            for byte in bytes {
                buffer[n] = byte
                n &+= 1
                if n == 64 {
                    update(UnsafeRawBufferPointer(buffer))
                    n = 0
                }
            }
            update(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n]))
        }
    }

    // MARK: Digests

    /// The 32-byte digest of all bytes fed so far. Does not consume or modify the hasher: it pads a
    /// copy of the state, so `update` may continue afterwards (see "Chaining" above).
    public func finalized() -> [UInt8] {
        var copy = self
        let bitLength = byteCount &* 8
        // Padding (FIPS 180-4 §5.1.1): 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        let zeros = tailCount < 56 ? 55 &- tailCount : 119 &- tailCount
        var pad: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &pad) { p in
            p[0] = 0x80
            p.storeBytes(of: bitLength.bigEndian, toByteOffset: 1 &+ zeros, as: UInt64.self)
            copy.update(UnsafeRawBufferPointer(rebasing: p[0 ..< (9 &+ zeros)]))
        }
        let s = copy.h
        return [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            raw.storeBytes(of: s.0.bigEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: s.1.bigEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: s.2.bigEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: s.3.bigEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: s.4.bigEndian, toByteOffset: 16, as: UInt32.self)
            raw.storeBytes(of: s.5.bigEndian, toByteOffset: 20, as: UInt32.self)
            raw.storeBytes(of: s.6.bigEndian, toByteOffset: 24, as: UInt32.self)
            raw.storeBytes(of: s.7.bigEndian, toByteOffset: 28, as: UInt32.self)
            initialized = 32
        }
    }

    /// The digest of all bytes fed so far as 64 lowercase hexadecimal characters. Non-consuming,
    /// like `finalized()`.
    public func hexDigest() -> String {
        Self.hexString(finalized())
    }

    /// Hashes `bytes` in one go and returns the lowercase hex digest.
    @inlinable
    public static func hex(of bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    private static func hexString(_ digest: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(digest.count &* 2)
        for byte in digest {
            text.append(digits[Int(byte &>> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: Compression

    /// Round constants K0…K63 (FIPS 180-4 §4.2.2).
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    /// One round (FIPS 180-4 §6.2.2 step 3) with the working variables renamed instead of shifted:
    /// the caller rotates the argument order, so only `d` and `h` change (`d += T1`, `h = T1 + T2`).
    /// `kw` is K_t + W_t. Ch and Maj use equivalent forms with fewer operations; `bc` carries b ⊕ c in
    /// and a ⊕ b out, which is the next round's b ⊕ c.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32, _ bc: inout UInt32
    ) {
        let bigS1 = rotr(rotr(rotr(e, 14) ^ e, 5) ^ e, 6)   // ROTR6 ⊕ ROTR11 ⊕ ROTR25
        let ch = g ^ (e & (f ^ g))                          // (e ∧ f) ⊕ (¬e ∧ g)
        let t1 = h &+ kw &+ ch &+ bigS1
        let bigS0 = rotr(rotr(rotr(a, 9) ^ a, 11) ^ a, 2)   // ROTR2 ⊕ ROTR13 ⊕ ROTR22
        let ab = a ^ b
        let maj = b ^ (ab & bc)                             // (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
        bc = ab
        d &+= t1
        h = t1 &+ bigS0 &+ maj
    }

    /// Message schedule step (§6.2.2 step 1) on a 16-word ring: turns W_{t-16} in place into
    /// W_t = σ1(W_{t-2}) + W_{t-7} + σ0(W_{t-15}) + W_{t-16}.
    @inline(__always)
    private static func schedule(_ w: inout UInt32, _ wMinus2: UInt32, _ wMinus7: UInt32, _ wMinus15: UInt32) {
        let s0 = rotr(rotr(wMinus15, 11) ^ wMinus15, 7) ^ (wMinus15 &>> 3)   // ROTR7 ⊕ ROTR18 ⊕ SHR3
        let s1 = rotr(rotr(wMinus2, 2) ^ wMinus2, 17) ^ (wMinus2 &>> 10)     // ROTR17 ⊕ ROTR19 ⊕ SHR10
        w &+= s1 &+ wMinus7 &+ s0
    }

    /// Runs the SHA-256 compression function (FIPS 180-4 §6.2.2) over `blocks` consecutive 64-byte
    /// blocks starting at `base` (any alignment), updating `state` in place. The 64 rounds are unrolled
    /// by 16 so that the message schedule lives in sixteen locals (W_t in slot t mod 16).
    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ base: UnsafeRawPointer, blocks: Int
    ) {
        k.withUnsafeBufferPointer { kb in
            let k = kb.baseAddress.unsafelyUnwrapped
            var (h0, h1, h2, h3, h4, h5, h6, h7) = state
            var p = base
            for _ in 0 ..< blocks {
                @inline(__always) func word(_ i: Int) -> UInt32 {
                    UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                }
                var w0 = word(0), w1 = word(1), w2 = word(2), w3 = word(3)
                var w4 = word(4), w5 = word(5), w6 = word(6), w7 = word(7)
                var w8 = word(8), w9 = word(9), w10 = word(10), w11 = word(11)
                var w12 = word(12), w13 = word(13), w14 = word(14), w15 = word(15)
                var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                var x = b ^ c

                // Rounds 0–15: W_t is the message word itself.
                round(a, b, c, &d, e, f, g, &h, k[0] &+ w0, &x)
                round(h, a, b, &c, d, e, f, &g, k[1] &+ w1, &x)
                round(g, h, a, &b, c, d, e, &f, k[2] &+ w2, &x)
                round(f, g, h, &a, b, c, d, &e, k[3] &+ w3, &x)
                round(e, f, g, &h, a, b, c, &d, k[4] &+ w4, &x)
                round(d, e, f, &g, h, a, b, &c, k[5] &+ w5, &x)
                round(c, d, e, &f, g, h, a, &b, k[6] &+ w6, &x)
                round(b, c, d, &e, f, g, h, &a, k[7] &+ w7, &x)
                round(a, b, c, &d, e, f, g, &h, k[8] &+ w8, &x)
                round(h, a, b, &c, d, e, f, &g, k[9] &+ w9, &x)
                round(g, h, a, &b, c, d, e, &f, k[10] &+ w10, &x)
                round(f, g, h, &a, b, c, d, &e, k[11] &+ w11, &x)
                round(e, f, g, &h, a, b, c, &d, k[12] &+ w12, &x)
                round(d, e, f, &g, h, a, b, &c, k[13] &+ w13, &x)
                round(c, d, e, &f, g, h, a, &b, k[14] &+ w14, &x)
                round(b, c, d, &e, f, g, h, &a, k[15] &+ w15, &x)

                // Rounds 16–63, sixteen at a time; slot j holds W_t for t ≡ j (mod 16).
                var kt = k.advanced(by: 16)
                for _ in 0 ..< 3 {
                    schedule(&w0, w14, w9, w1);   round(a, b, c, &d, e, f, g, &h, kt[0] &+ w0, &x)
                    schedule(&w1, w15, w10, w2);  round(h, a, b, &c, d, e, f, &g, kt[1] &+ w1, &x)
                    schedule(&w2, w0, w11, w3);   round(g, h, a, &b, c, d, e, &f, kt[2] &+ w2, &x)
                    schedule(&w3, w1, w12, w4);   round(f, g, h, &a, b, c, d, &e, kt[3] &+ w3, &x)
                    schedule(&w4, w2, w13, w5);   round(e, f, g, &h, a, b, c, &d, kt[4] &+ w4, &x)
                    schedule(&w5, w3, w14, w6);   round(d, e, f, &g, h, a, b, &c, kt[5] &+ w5, &x)
                    schedule(&w6, w4, w15, w7);   round(c, d, e, &f, g, h, a, &b, kt[6] &+ w6, &x)
                    schedule(&w7, w5, w0, w8);    round(b, c, d, &e, f, g, h, &a, kt[7] &+ w7, &x)
                    schedule(&w8, w6, w1, w9);    round(a, b, c, &d, e, f, g, &h, kt[8] &+ w8, &x)
                    schedule(&w9, w7, w2, w10);   round(h, a, b, &c, d, e, f, &g, kt[9] &+ w9, &x)
                    schedule(&w10, w8, w3, w11);  round(g, h, a, &b, c, d, e, &f, kt[10] &+ w10, &x)
                    schedule(&w11, w9, w4, w12);  round(f, g, h, &a, b, c, d, &e, kt[11] &+ w11, &x)
                    schedule(&w12, w10, w5, w13); round(e, f, g, &h, a, b, c, &d, kt[12] &+ w12, &x)
                    schedule(&w13, w11, w6, w14); round(d, e, f, &g, h, a, b, &c, kt[13] &+ w13, &x)
                    schedule(&w14, w12, w7, w15); round(c, d, e, &f, g, h, a, &b, kt[14] &+ w14, &x)
                    schedule(&w15, w13, w8, w0);  round(b, c, d, &e, f, g, h, &a, kt[15] &+ w15, &x)
                    kt = kt.advanced(by: 16)
                }

                // Intermediate hash value (§6.2.2 step 4).
                h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                p = p.advanced(by: 64)
            }
            state = (h0, h1, h2, h3, h4, h5, h6, h7)
        }
    }
}
