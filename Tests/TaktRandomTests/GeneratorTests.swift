import Testing
import TaktFixed
import TaktRandom

/// Reference vectors of the published C implementations, stable hashing, and named streams.
@Suite struct GeneratorTests {
    // MARK: Published reference vectors

    @Test func splitMix64MatchesReference() {
        // splitmix64.c from seed 1234567 (the vector used by many ports), and from the rand_xoshiro test seed
        var a = SplitMix64(state: 1_234_567)
        #expect((0..<5).map { _ in a.next() } == [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ])
        var b = SplitMix64(state: 1_477_776_061_723_855_037)
        #expect((0..<5).map { _ in b.next() } == [
            1_985_237_415_132_408_290, 2_979_275_885_539_914_483, 13_511_426_838_097_143_398,
            8_488_337_342_461_049_707, 15_141_737_807_933_549_159,
        ])
        var c = SplitMix64(state: 0)
        #expect((0..<4).map { _ in c.next() } == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    @Test func xoshiro256StarStarMatchesReference() {
        // xoshiro256starstar.c from the state {1, 2, 3, 4} (the published vector, e.g. rand_xoshiro's test)
        var x = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect((0..<10).map { _ in x.next() } == [
            11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
            607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
            10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
        ])
        // seeded by four splitmix64 outputs from 0 (computed with the two C files compiled together)
        var y = Xoshiro256StarStar(seed: 0)
        #expect((0..<5).map { _ in y.next() } == [
            11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768,
            7_684_712_102_626_143_532, 13_521_403_990_117_723_737,
        ])
    }

    @Test func fnv1a64MatchesReference() {
        #expect(StableHash.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_F739_67E8)
    }

    // MARK: Named streams

    @Test func streamsArePinned() {
        // computed by an independent python3 port of the documented derivation (FNV-1a → SplitMix64 → xoshiro256**)
        var p = RandomStream(seed: 42, key: "A3", purpose: "process")
        #expect((0..<3).map { _ in p.next() } == [9_782_809_538_859_444_554, 5_767_036_958_169_158_121, 3_136_221_483_876_365_169])
        var f = RandomStream(seed: 42, key: "A3", purpose: "failure")
        #expect((0..<3).map { _ in f.next() } == [7_089_242_175_308_443_459, 15_741_570_589_904_848_468, 18_076_379_229_778_680_122])
        var k = RandomStream(seed: 42, key: "A3")
        #expect((0..<3).map { _ in k.next() } == [14_695_616_309_058_594_284, 2_008_282_328_673_842_904, 13_038_645_059_361_984_237])
        var u = RandomStream(seed: 7, key: "Robot-1 ✓")                    // non-ASCII names hash their UTF-8 bytes
        #expect((0..<3).map { _ in u.next() } == [13_209_719_199_398_817_354, 12_987_530_009_689_308_626, 1_603_303_035_882_420_655])
        var v = RandomStream(seed: 42, key: "A3", purpose: "process")
        #expect((0..<3).map { _ in v.nextUnit().raw } == [2_277_737_841, 1_342_742_926, 730_208_466])
    }

    @Test func sameSeedAndKeyGiveTheSameSequence() {
        var a = RandomStream(seed: 99, key: "Conveyor 2", purpose: "failure")
        var b = RandomStream(seed: 99, key: "Conveyor 2", purpose: "failure")
        for _ in 0..<1_000 { #expect(a.next() == b.next()) }
        #expect(RandomStream(seed: 5, key: "X") == RandomStream(seed: 5, key: "X", purpose: ""))
    }

    @Test func addingOtherEntitiesDoesNotChangeDraws() {
        // Scenario 1: only "A" exists.
        var alone = RandomStream(seed: 2024, key: "A")
        let reference = (0..<500).map { _ in alone.next() }

        // Scenario 2: "B", "C" and A's own failure stream are created first and drawn from, interleaved.
        var b = RandomStream(seed: 2024, key: "B")
        var c = RandomStream(seed: 2024, key: "C", purpose: "process")
        var aFailure = RandomStream(seed: 2024, key: "A", purpose: "failure")
        for _ in 0..<37 { _ = b.next(); _ = c.next() }
        var a = RandomStream(seed: 2024, key: "A")
        var interleaved: [UInt64] = []
        for i in 0..<500 {
            if i % 3 == 0 { _ = b.next() }
            if i % 5 == 0 { _ = aFailure.next(); _ = c.next() }
            interleaved.append(a.next())
        }
        #expect(interleaved == reference)

        // A failure draw in between does not shift A's process draws either.
        var process = RandomStream(seed: 2024, key: "A", purpose: "process")
        var processRef = process
        var failure = RandomStream(seed: 2024, key: "A", purpose: "failure")
        let x = (0..<100).map { i -> UInt64 in if i.isMultiple(of: 7) { _ = failure.next() }; return process.next() }
        #expect(x == (0..<100).map { _ in processRef.next() })
    }

    @Test func differentKeysPurposesAndSeedsDiffer() {
        func first(_ s: RandomStream) -> [UInt64] { var s = s; return (0..<8).map { _ in s.next() } }
        let variants = [
            RandomStream(seed: 1, key: "A"), RandomStream(seed: 2, key: "A"), RandomStream(seed: 1, key: "B"),
            RandomStream(seed: 1, key: "A", purpose: "process"), RandomStream(seed: 1, key: "A", purpose: "failure"),
            RandomStream(seed: 1, key: "AB"), RandomStream(seed: 1, key: "A", purpose: "B"),  // no concatenation clash
            RandomStream(seed: 0, key: ""), RandomStream(seed: 1, key: "a"),
        ]
        let sequences = variants.map(first)
        #expect(Set(sequences.map { $0.description }).count == variants.count)
        // nor do they agree in any single position (a shifted or shared sequence would)
        var firsts = Set<UInt64>()
        for s in sequences { for v in s { firsts.insert(v) } }
        #expect(firsts.count == variants.count * 8)
    }

    @Test func manyKeysGiveUncorrelatedFirstDraws() {
        // Stations named "S0"..."S9999": the first unit draw of each should be uniform (the hashing and
        // mixing must not map similar names to similar states). Mean and chi-square over 16 bins.
        var bins = [Int](repeating: 0, count: 16)
        var sum = 0.0
        for i in 0..<10_000 {
            var s = RandomStream(seed: 1, key: "S\(i)")
            let u = s.nextUnit()
            bins[Int(u.raw >> 28)] += 1
            sum += Double(u.raw) / 4_294_967_296
        }
        #expect(abs(sum / 10_000 - 0.5) < 5 * (1.0 / 12.0 / 10_000).squareRoot())
        let expected = 10_000.0 / 16
        let chi2 = bins.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 44.3)                                           // χ²(15) at p = 1e-4
    }

    // MARK: Uniform variates

    @Test func unitVariatesHaveRangeAndFullResolution() {
        var s = RandomStream(seed: 3, key: "unit")
        var orLow: Int64 = 0, andHigh: Int64 = -1
        var openMin = Int64.max
        for _ in 0..<20_000 {
            let u = s.nextUnit()
            #expect(u.raw >= 0 && u.raw < Fixed.oneRaw)
            orLow |= u.raw & 0xF
            andHigh &= u.raw
            let o = s.nextOpenUnit()
            #expect(o.raw > 0 && o.raw < Fixed.oneRaw)
            openMin = min(openMin, o.raw)
            let n = s.nextInt(below: 7)
            #expect(n >= 0 && n < 7)
        }
        #expect(orLow == 0xF)                                          // the lowest bits vary: 32-bit resolution
        #expect(andHigh == 0)
    }
}
