import Foundation
import Testing
import TaktRandom
@testable import TaktTrace

/// SHA-256 against the FIPS 180-4 / NIST example vectors, against the system `sha256sum` for random
/// inputs around the 64-byte block boundaries, independence from how the input is split between
/// `update` calls, and the non-consuming `finalized()` (a running digest of a stream).
@Suite struct SHA256Tests {

    /// Hashes `bytes` through the raw-buffer fast path.
    static func rawHex(_ bytes: [UInt8]) -> String {
        var h = SHA256()
        bytes.withUnsafeBytes { h.update($0) }
        return h.hexDigest()
    }

    // MARK: FIPS 180-4 / NIST examples

    @Test func nistExamples() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            // 448 bits: padding no longer fits in the first block.
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            // 896 bits (the two-block example of the SHA-2 test vectors).
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ]
        for (message, digest) in vectors {
            #expect(SHA256.hex(of: message.utf8) == digest, "\"\(message)\"")
            #expect(Self.rawHex(Array(message.utf8)) == digest, "\"\(message)\" (raw buffer)")
        }
        // The raw digest bytes and the hex rendering agree.
        let abc = { var h = SHA256(); h.update("abc".utf8); return h }()
        #expect(abc.finalized().count == 32)
        #expect(abc.finalized().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined() == abc.hexDigest())
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(of: a) == expected)
        // Also fed in uneven pieces (1000 × 1000 bytes, offset so that no piece starts on a block boundary).
        var h = SHA256()
        h.update(a[0 ..< 7])
        a.withUnsafeBytes { raw in
            var i = 7
            while i < raw.count {
                let end = Swift.min(i + 1000, raw.count)
                h.update(UnsafeRawBufferPointer(rebasing: raw[i ..< end]))
                i = end
            }
        }
        #expect(h.hexDigest() == expected)
    }

    // MARK: Agreement with sha256sum

    /// Runs the system `sha256sum` once on all `inputs` (written to temporary files) and returns the hex
    /// digests in order. Throws, with a clear message, when `sha256sum` cannot be found or fails.
    static func systemSHA256(_ inputs: [[UInt8]]) throws -> [String] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":")
            .map { String($0) + "/sha256sum" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool = path else {
            throw ToolError("sha256sum not found on PATH — the SHA-256 cross-check needs GNU coreutils' sha256sum")
        }
        // ~230 small files: on tmpfs (/dev/shm, where present) this takes milliseconds instead of the
        // better part of a second on a busy disk-backed /tmp.
        let shm = "/dev/shm"
        let scratch = FileManager.default.isWritableFile(atPath: shm)
            ? URL(fileURLWithPath: shm, isDirectory: true) : FileManager.default.temporaryDirectory
        let dir = scratch
            .appendingPathComponent("takt-sha256-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (i, bytes) in inputs.enumerated() {
            let url = dir.appendingPathComponent("in-\(i).bin")
            try Data(bytes).write(to: url)
            files.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = files
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolError("\(tool) exited with status \(process.terminationStatus)")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.count == inputs.count else {
            throw ToolError("\(tool) printed \(lines.count) lines for \(inputs.count) files")
        }
        return zip(lines, files).map { line, file in
            // "<64 hex>  <path>"
            #expect(line.hasSuffix(file), "unexpected sha256sum line: \(line)")
            return String(line.prefix(64))
        }
    }

    struct ToolError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func agreesWithSystemSHA256Sum() throws {
        var rng = SplitMix64(state: 0x5EED_0000_0000_0256)
        let boundaries = [55, 56, 63, 64, 65, 119, 120, 127, 128]
        let lengths = Array(0 ... 200) + boundaries + [447, 448, 1000, 4095, 4096, 4097, 65_601] + [1_000_003]
        let inputs = lengths.map { rng.bytes($0) }
        let expected = try Self.systemSHA256(inputs)
        for (bytes, digest) in zip(inputs, expected) {
            #expect(SHA256.hex(of: bytes) == digest, "length \(bytes.count)")
            if bytes.count < 100_000 {   // the large one: once is enough (same path), keeps the debug test fast
                #expect(Self.rawHex(bytes) == digest, "length \(bytes.count), raw buffer")
            }
        }
        #expect(inputs.last!.count >= 1_000_000)
    }

    // MARK: Chunking

    /// Feeds `bytes` split at random points (including empty pieces), through every entry point in
    /// turn: `[UInt8]`, `ArraySlice`, a non-contiguous sequence, and the raw buffer (with empty buffers
    /// with and without a base address).
    static func chunkedHex(_ bytes: [UInt8], _ rng: inout SplitMix64, maxChunk: Int) -> String {
        var h = SHA256()
        var i = 0
        var way = rng.below(5)
        while i < bytes.count {
            let n = rng.below(6) == 0 ? 0 : Swift.min(rng.below(maxChunk + 1), bytes.count - i)
            let piece = bytes[i ..< i + n]
            switch way % 5 {
            case 0: h.update(Array(piece))
            case 1: h.update(piece)
            case 2: h.update(piece.lazy.map { $0 })   // no contiguous storage: the byte-by-byte path
            case 3: piece.withUnsafeBytes { h.update($0) }
            default:
                h.update(UnsafeRawBufferPointer(start: nil, count: 0))
                bytes.withUnsafeBytes { h.update(UnsafeRawBufferPointer(rebasing: $0[i ..< i + n])) }
            }
            way += 1
            i += n
        }
        return h.hexDigest()
    }

    @Test func chunkingDoesNotMatter() {
        var rng = SplitMix64(state: 20_240_601)
        for trial in 0 ..< 40 {
            let bytes = rng.bytes(trial == 0 ? 0 : rng.below(1200))
            let whole = SHA256.hex(of: bytes)
            for maxChunk in [1, 3, 64, 130] {
                #expect(Self.chunkedHex(bytes, &rng, maxChunk: maxChunk) == whole,
                        "trial \(trial), \(bytes.count) bytes, chunks ≤ \(maxChunk)")
            }
        }
        // A large buffer in big random pieces through the fast path.
        let big = rng.bytes(300_001)
        #expect(Self.chunkedHex(big, &rng, maxChunk: 20_000) == Self.rawHex(big))
    }

    // MARK: Running digest

    @Test func finalizedMidStreamIsThePrefixDigestAndDoesNotDisturb() {
        var rng = SplitMix64(state: 0xC0FF_EE00)
        let bytes = rng.bytes(1_000)
        let cuts = [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 129, 500, 999, 1_000]
        var h = SHA256()
        var fed = 0
        for cut in cuts {
            h.update(bytes[fed ..< cut])
            fed = cut
            let prefix = Array(bytes[0 ..< cut])
            #expect(h.hexDigest() == SHA256.hex(of: prefix), "prefix of \(cut) bytes")
            #expect(h.finalized() == h.finalized(), "finalized() is repeatable at \(cut)")
            // A copy taken here keeps the prefix digest while the original moves on.
            let snapshot = h
            h.update([0xAB])
            #expect(snapshot.hexDigest() == SHA256.hex(of: prefix), "snapshot at \(cut)")
            // Undo the probe byte by replaying from the snapshot.
            h = snapshot
        }
        #expect(h.hexDigest() == SHA256.hex(of: bytes))

        // Interleaving finalized() with updates gives the same final digest as never calling it.
        var plain = SHA256()
        var probed = SHA256()
        for start in stride(from: 0, to: bytes.count, by: 37) {
            let piece = bytes[start ..< Swift.min(start + 37, bytes.count)]
            plain.update(piece)
            probed.update(piece)
            _ = probed.finalized()
            _ = probed.hexDigest()
        }
        #expect(probed.finalized() == plain.finalized())
        #expect(probed.hexDigest() == SHA256.hex(of: bytes))
    }
}

/// Reproducible test inputs from TaktRandom's SplitMix64 (fixed seeds).
extension SplitMix64 {
    mutating func bytes(_ n: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(n)
        while out.count < n {
            var x = next()
            for _ in 0 ..< Swift.min(8, n - out.count) {
                out.append(UInt8(truncatingIfNeeded: x))
                x >>= 8
            }
        }
        return out
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
