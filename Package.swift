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
        .target(name: "TaktRandom", dependencies: ["TaktFixed"], exclude: ["README.md", "Generated/gen_ziggurat_tables.py"]),
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
        // On Linux, a fully static executable: the Swift runtime, FoundationEssentials and the C and
        // C++ libraries are linked in, so a run starts with no dynamic loader at work (no shared
        // libraries to map, no symbols to look up or relocations to apply at every start: 2 M of 6 M
        // instructions and ~1.3 ms of a start, a fair share of a short run in a shell loop). What
        // `swift build --static-swift-stdlib -Xswiftc -static-executable` does, for this product
        // alone; the three -l name what FoundationEssentials.a needs besides the runtime (toolchain
        // 6.x). glibc's static-link warnings (getpwnam_r and the like) concern lookups takt never makes.
        .executableTarget(name: "takt", dependencies: ["TaktCLI"], linkerSettings: [
            .unsafeFlags(["-static-executable", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
                          "-Xlinker", "-lswiftSynchronization"], .when(platforms: [.linux])),
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
