// swift-tools-version: 6.0
// Benchmarks and the side-by-side evaluation against spandsp. A nested package: `swift test` of the root
// package never builds it. Run: `swift run -c release dtmf-bench` from this folder.
import PackageDescription

let package = Package(
    name: "ivr-benchmarks",
    dependencies: [.package(name: "ivr", path: "../")],
    targets: [
        // Debian's libspandsp-dev (spandsp 0.0.6), found with pkg-config.
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp", providers: [.apt(["libspandsp-dev"])]),
        .systemLibrary(name: "CSndFileBench", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        // The whole-process reference: a C program that reads a file with libsndfile and runs spandsp's dtmf_rx on
        // 1 s chunks (`dtmf-bench process` times it beside `ivr detect --jsonl`).
        .executableTarget(name: "spandsp-detect", dependencies: ["CSpanDSP", "CSndFileBench"]),
        // A small C harness: runs spandsp's dtmf_rx over a buffer and records digits with start/end samples.
        .target(name: "SpanDSPHarness", dependencies: ["CSpanDSP"]),
        .executableTarget(
            name: "dtmf-bench",
            dependencies: ["SpanDSPHarness", .product(name: "DSP", package: "ivr"), .product(name: "AudioIO", package: "ivr"),
                           .product(name: "DTMFTestSupport", package: "ivr")],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
    ]
)
