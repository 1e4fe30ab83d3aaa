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
    /// `String.UTF8View`, …) take the fast raw-buffer path; other sequences are buffered byte by byte.
    public mutating func update<B: Sequence>(_ bytes: B) where B.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        var block = tail
        var count = tailCount
        var fed: UInt64 = 0
        for byte in bytes {
            withUnsafeMutableBytes(of: &block) { $0[count] = byte }
            count &+= 1
            fed &+= 1
            if count == 64 {
                withUnsafeBytes(of: block) { Self.compress(&h, $0.baseAddress.unsafelyUnwrapped, blocks: 1) }
                count = 0
            }
        }
        tail = block
        tailCount = count
        byteCount &+= fed
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
            withUnsafeBytes(of: s) { words in
                for i in 0 ..< 8 {
                    let word = words.load(fromByteOffset: i &* 4, as: UInt32.self)
                    raw.storeBytes(of: word.bigEndian, toByteOffset: i &* 4, as: UInt32.self)
                }
            }
            initialized = 32
        }
    }

    /// The digest of all bytes fed so far as 64 lowercase hexadecimal characters. Non-consuming,
    /// like `finalized()`.
    public func hexDigest() -> String {
        Self.hexString(finalized())
    }

    /// Hashes `bytes` in one go and returns the lowercase hex digest.
    public static func hex(of bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    private static func hexString(_ digest: [UInt8]) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: digest.count &* 2) { out in
            digits.withUTF8Buffer { d in
                for (i, byte) in digest.enumerated() {
                    out[2 &* i] = d[Int(byte &>> 4)]
                    out[2 &* i &+ 1] = d[Int(byte & 0x0f)]
                }
            }
            return digest.count &* 2
        }
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
    /// `kw` is K_t + W_t. Ch and Maj use equivalent forms with fewer operations.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let bigS1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let ch = g ^ (e & (f ^ g))                // (e ∧ f) ⊕ (¬e ∧ g)
        let t1 = h &+ bigS1 &+ ch &+ kw
        let bigS0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let maj = (a & b) | (c & (a | b))         // (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c)
        d &+= t1
        h = t1 &+ bigS0 &+ maj
    }

    /// Message schedule step (§6.2.2 step 1) on a 16-word ring: turns W_{t-16} in place into
    /// W_t = σ1(W_{t-2}) + W_{t-7} + σ0(W_{t-15}) + W_{t-16}.
    @inline(__always)
    private static func schedule(_ w: inout UInt32, _ wMinus2: UInt32, _ wMinus7: UInt32, _ wMinus15: UInt32) {
        let s0 = rotr(wMinus15, 7) ^ rotr(wMinus15, 18) ^ (wMinus15 &>> 3)
        let s1 = rotr(wMinus2, 17) ^ rotr(wMinus2, 19) ^ (wMinus2 &>> 10)
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

                // Rounds 0–15: W_t is the message word itself.
                round(a, b, c, &d, e, f, g, &h, k[0] &+ w0)
                round(h, a, b, &c, d, e, f, &g, k[1] &+ w1)
                round(g, h, a, &b, c, d, e, &f, k[2] &+ w2)
                round(f, g, h, &a, b, c, d, &e, k[3] &+ w3)
                round(e, f, g, &h, a, b, c, &d, k[4] &+ w4)
                round(d, e, f, &g, h, a, b, &c, k[5] &+ w5)
                round(c, d, e, &f, g, h, a, &b, k[6] &+ w6)
                round(b, c, d, &e, f, g, h, &a, k[7] &+ w7)
                round(a, b, c, &d, e, f, g, &h, k[8] &+ w8)
                round(h, a, b, &c, d, e, f, &g, k[9] &+ w9)
                round(g, h, a, &b, c, d, e, &f, k[10] &+ w10)
                round(f, g, h, &a, b, c, d, &e, k[11] &+ w11)
                round(e, f, g, &h, a, b, c, &d, k[12] &+ w12)
                round(d, e, f, &g, h, a, b, &c, k[13] &+ w13)
                round(c, d, e, &f, g, h, a, &b, k[14] &+ w14)
                round(b, c, d, &e, f, g, h, &a, k[15] &+ w15)

                // Rounds 16–63, sixteen at a time; slot j holds W_t for t ≡ j (mod 16).
                var kt = k.advanced(by: 16)
                for _ in 0 ..< 3 {
                    schedule(&w0, w14, w9, w1);   round(a, b, c, &d, e, f, g, &h, kt[0] &+ w0)
                    schedule(&w1, w15, w10, w2);  round(h, a, b, &c, d, e, f, &g, kt[1] &+ w1)
                    schedule(&w2, w0, w11, w3);   round(g, h, a, &b, c, d, e, &f, kt[2] &+ w2)
                    schedule(&w3, w1, w12, w4);   round(f, g, h, &a, b, c, d, &e, kt[3] &+ w3)
                    schedule(&w4, w2, w13, w5);   round(e, f, g, &h, a, b, c, &d, kt[4] &+ w4)
                    schedule(&w5, w3, w14, w6);   round(d, e, f, &g, h, a, b, &c, kt[5] &+ w5)
                    schedule(&w6, w4, w15, w7);   round(c, d, e, &f, g, h, a, &b, kt[6] &+ w6)
                    schedule(&w7, w5, w0, w8);    round(b, c, d, &e, f, g, h, &a, kt[7] &+ w7)
                    schedule(&w8, w6, w1, w9);    round(a, b, c, &d, e, f, g, &h, kt[8] &+ w8)
                    schedule(&w9, w7, w2, w10);   round(h, a, b, &c, d, e, f, &g, kt[9] &+ w9)
                    schedule(&w10, w8, w3, w11);  round(g, h, a, &b, c, d, e, &f, kt[10] &+ w10)
                    schedule(&w11, w9, w4, w12);  round(f, g, h, &a, b, c, d, &e, kt[11] &+ w11)
                    schedule(&w12, w10, w5, w13); round(e, f, g, &h, a, b, c, &d, kt[12] &+ w12)
                    schedule(&w13, w11, w6, w14); round(d, e, f, &g, h, a, b, &c, kt[13] &+ w13)
                    schedule(&w14, w12, w7, w15); round(c, d, e, &f, g, h, a, &b, kt[14] &+ w14)
                    schedule(&w15, w13, w8, w0);  round(b, c, d, &e, f, g, h, &a, kt[15] &+ w15)
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
