// swift-tools-version: 6.0
// The ivr package: a 12333-style IVR engine. Sections: C shims, libraries, executable, tests.
// Layers (bottom-up): C shims, FileSafety, CDTMFKernel → DSP, WorkingDays → AudioIO → Prompts → IVREngine, Supervision → TicketStore → ivr.
// Test tooling (DTMFTestSupport, CallTestSupport, TestGate) sits beside the layers; no library of the product imports it.
import PackageDescription

/// Strict settings applied to every Swift target (swift-log's loop).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Imports are internal unless written `public import` (only where a public API shows the module's types).
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ivr",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ivr", targets: ["ivr"]),
        .library(name: "DSP", targets: ["DSP"]),
        .library(name: "AudioIO", targets: ["AudioIO"]),
        // Test tooling shared by DSPTests and the nested Benchmarks package; the `ivr` executable never links it.
        .library(name: "DTMFTestSupport", targets: ["DTMFTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: - C shims (only AudioIO imports them)
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        // The SIP/RTP shim over libre (Debian libre-dev): its .c files own every libre object; only SIPLine imports it.
        .target(
            name: "CSIPShim",
            cSettings: [.define("HAVE_INTTYPES_H"), .define("HAVE_STDBOOL_H"), .define("HAVE_INET6")],
            linkerSettings: [.linkedLibrary("re")]
        ),

        // MARK: - Libraries
        // Owner-only folders and files, one temporary-file scheme, fsync of file and folder (package access only).
        .target(name: "FileSafety"),
        // The DTMF detector's per-sample kernel (Goertzel bank, block values, first block test) in C, so that it can
        // use AVX where the CPU has it (chosen at run time); only DSP imports it (docs/dtmf.md, "Speed").
        .target(name: "CDTMFKernel"),
        // No unsafe flags: `DSP` is a library product (the Benchmarks package depends on it), and SwiftPM refuses
        // unsafe flags in a package fetched as a remote dependency. Debug builds run it unoptimised (measured before
        // the C kernel: DSPTests cost 107 s CPU instead of 59 s with `-O`); release builds are unchanged.
        .target(name: "DSP", dependencies: ["CDTMFKernel"]),
        .target(name: "WorkingDays", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "AudioIO",
            dependencies: ["CALSA", "CSndFile", "CSampleRate", "DSP", "FileSafety", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Prompts",
            dependencies: ["AudioIO", "DSP", "FileSafety", "WorkingDays", .product(name: "Yams", package: "Yams"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "IVREngine",
            dependencies: ["DSP", "AudioIO", "FileSafety", "Prompts", "WorkingDays", .product(name: "Yams", package: "Yams"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Supervision: call index model, report figures, QA sampling, line states (no HTTP, no audio devices).
        .target(name: "Supervision", dependencies: ["WorkingDays"]),
        .target(
            name: "TicketStore",
            dependencies: ["FileSafety", "IVREngine", "Supervision", "WorkingDays", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "_CryptoExtras", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // The shared PostgreSQL store for several `ivr serve` nodes (issue 14); its own module so that SQLite-only
        // code never links postgres-nio.
        .target(
            name: "PostgresStore",
            dependencies: ["FileSafety", "IVREngine", "TicketStore", "Supervision", "WorkingDays", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")]
        ),

        .target(
            name: "SIPLine",
            dependencies: ["CSIPShim", "IVREngine", "Prompts", "DSP", "AudioIO", "FileSafety", "WorkingDays",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Prometheus", package: "swift-prometheus")]
        ),

        // DTMF test battery stimuli, talk-off material and scoring (test tooling, not part of the product).
        .target(name: "DTMFTestSupport", dependencies: ["DSP", "AudioIO"]),
        // Caller scripts (`ivr gen call`), call expectations and the batch runner (`ivr batch`): test tooling that
        // IVREngine never imports; only the `ivr` executable, the fuzz entries and the tests link it.
        .target(name: "CallTestSupport", dependencies: ["IVREngine", "WorkingDays", .product(name: "Yams", package: "Yams")]),
        // The CI gate of tests that need a tool or root: skipped outside CI, run (and failing) in CI (test tooling).
        .target(name: "TestGate"),
        // The PostgreSQL server of the store and console tests (started with Scripts/postgres.sh; test tooling).
        .target(name: "PostgresTestServer", dependencies: ["PostgresStore", "IVREngine"]),

        // The staff web console (issue 16): Hummingbird routes, Mustache pages, staff accounts and sessions.
        .target(
            name: "Console",
            dependencies: ["TicketStore", "IVREngine", "Prompts", "Supervision", "WorkingDays",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "Mustache", package: "swift-mustache"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Executable (the composition root; the only target that imports ArgumentParser)
        .executableTarget(
            name: "ivr",
            dependencies: ["DSP", "AudioIO", "FileSafety", "Prompts", "IVREngine", "TicketStore", "PostgresStore", "Supervision", "SIPLine", "WorkingDays", "Console", "CallTestSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            // Release builds link the Swift runtime and Foundation statically (docs/dtmf.md, "Speed": loading and
            // relocating them cost a whole-file `ivr detect` about 8 ms of its 71). The module is compiled with the
            // flag too, so that it names the static libraries Foundation needs. Debug builds (and the tests that link
            // this module) stay dynamic. An executable's flags never reach a package that depends on a library.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]
        ),

        // Benchmarks and load tools that write data: never part of the shipped `ivr` (they work only in folders they own).
        .executableTarget(
            name: "ivr-bench",
            dependencies: ["AudioIO", "DSP", "FileSafety", "IVREngine", "Prompts", "TicketStore", "PostgresStore", "Supervision", "WorkingDays", "Console",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),

        // The fuzz targets' entry points (one per parser of outside input); the tests replay Fuzz/corpus through them.
        .target(
            name: "FuzzEntries",
            dependencies: ["CallTestSupport", "FileSafety", "IVREngine", "Prompts", "TicketStore", "WorkingDays",
                           .product(name: "Logging", package: "swift-log")],
            path: "Fuzz/Entries"
        ),

        // MARK: - Tests
        .testTarget(name: "DSPTests", dependencies: ["DSP", "AudioIO", "DTMFTestSupport"]),
        .testTarget(name: "WorkingDaysTests", dependencies: ["WorkingDays"]),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "DSP", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PromptsTests", dependencies: ["Prompts", "AudioIO", "DSP", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "IVREngineTests", dependencies: ["IVREngine", "CallTestSupport", "DSP", "AudioIO", "Prompts", "WorkingDays", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "TicketStoreTests", dependencies: ["TicketStore", "PostgresStore", "PostgresTestServer", "IVREngine", "Supervision", "WorkingDays", "AudioIO", "FileSafety", "TestGate",
                                                        .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SupervisionTests", dependencies: ["Supervision", "TicketStore", "WorkingDays"]),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzEntries"]),
        .testTarget(name: "ivrTests", dependencies: ["ivr", "ivr-bench", "DSP", "TestGate"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "TicketStore", "PostgresStore", "PostgresTestServer", "IVREngine", "Supervision", "WorkingDays", "AudioIO",
                                                         .product(name: "HummingbirdTesting", package: "hummingbird")]),
    ]
)

// The libFuzzer driver exists only for Scripts/fuzz.sh (IVR_FUZZ=1, built with -sanitize=fuzzer), so `swift build`
// and `swift test` never build it.
if Context.environment["IVR_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "fuzz-ivr", dependencies: ["FuzzEntries"], path: "Fuzz/Driver"))
}

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
