// swift-tools-version: 6.0
// takt: a deterministic, tick-based simulator of robotic factory cells.
// Layers, arrows pointing one way:
//   TaktFixed (numbers) -> TaktRandom -> TaktKinematics; TaktEngine; TaktKinematics + TaktEngine -> TaktLine (cells)
//   -> TaktTrace -> TaktCLI -> takt
import PackageDescription

let package = Package(
    name: "takt",
    products: [
        .executable(name: "takt", targets: ["takt"]),
        .executable(name: "takt-bench", targets: ["takt-bench"]),
    ],
    targets: [
        // MARK: Numbers
        .target(
            name: "TaktFixed",
            exclude: ["README.md", "Generated/gen_tables.py", "Generated/gen_exp_tables.py"]
        ),
        .target(name: "TaktRandom", dependencies: ["TaktFixed"], exclude: ["README.md"]),
        // Input files: JSON with locations, typed accessors whose errors name file, line and path.
        .target(name: "TaktJSON", dependencies: ["TaktFixed"]),

        // MARK: Kinematics
        .target(name: "TaktKinematics", dependencies: ["TaktFixed", "TaktJSON"], exclude: ["README.md"]),

        // MARK: Engine and line model
        .target(name: "TaktEngine", dependencies: ["TaktFixed", "TaktRandom"], exclude: ["README.md"]),
        // Line files (cells/*.json) parsed, overridden with --set, validated and compiled to a LineModel;
        // robotic cells compiled to programs whose timing comes from the kinematics core.
        .target(name: "TaktLine", dependencies: ["TaktFixed", "TaktRandom", "TaktJSON", "TaktKinematics", "TaktEngine"]),

        // MARK: Traces
        // The trace format (one place: Format/), its writer, reader, replay and exports.
        .target(name: "TaktTrace", dependencies: ["TaktFixed", "TaktRandom", "TaktJSON", "TaktKinematics", "TaktEngine", "TaktLine"]),

        // MARK: Command line
        .target(name: "TaktCLI", dependencies: ["TaktFixed", "TaktRandom", "TaktJSON", "TaktKinematics", "TaktEngine", "TaktLine", "TaktTrace"]),
        // On Linux the Swift runtime and FoundationEssentials are linked in statically: a run starts
        // ~2.5 ms sooner (no loading and relocating of a dozen shared libraries), a fair share of a
        // short run. What `swift build --static-swift-stdlib` does, for this product alone; the three
        // -l name what FoundationEssentials.a needs besides the runtime (toolchain 6.x). Linked as a
        // fixed-address (non-PIE) executable: its ~36,000 relative relocations, applied at every start
        // and dirtying ~100 pages, are resolved by the linker instead (~0.5 ms per run).
        .executableTarget(name: "takt", dependencies: ["TaktCLI"], linkerSettings: [
            .unsafeFlags(["-static-stdlib", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
                          "-Xlinker", "-lswiftSynchronization", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux])),
        ]),
        .executableTarget(name: "takt-bench", dependencies: ["TaktFixed", "TaktJSON", "TaktKinematics", "TaktEngine", "TaktLine", "TaktTrace"]),

        // MARK: Tests
        // Helpers shared by test targets (the shipped line files).
        .target(name: "TaktTestSupport", dependencies: ["TaktLine"], path: "Tests/TaktTestSupport"),
        .testTarget(name: "TaktFixedTests", dependencies: ["TaktFixed"]),
        .testTarget(name: "TaktRandomTests", dependencies: ["TaktRandom"]),
        .testTarget(name: "TaktJSONTests", dependencies: ["TaktJSON"]),
        .testTarget(name: "TaktKinematicsTests", dependencies: ["TaktKinematics"]),
        .testTarget(name: "TaktEngineTests", dependencies: ["TaktEngine", "TaktLine", "TaktTestSupport"]),
        .testTarget(name: "TaktLineTests", dependencies: ["TaktLine", "TaktKinematics", "TaktEngine", "TaktTestSupport"]),
        .testTarget(name: "TaktTraceTests", dependencies: ["TaktTrace", "TaktEngine", "TaktLine", "TaktRandom", "TaktTestSupport"]),
        .testTarget(name: "TaktCLITests", dependencies: ["TaktCLI"]),
    ]
)
