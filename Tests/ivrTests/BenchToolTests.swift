import Foundation
import Testing

/// The benchmarks and the load tool never delete or fill an operator's data folder (issue 11, data loss).
struct BenchToolTests {
    /// A folder that looks like live data: a store file, a key and a voicemail.
    static func liveFolder() throws -> String {
        let data = IVRProcess.temporaryDirectory("live") + "/var"
        try FileManager.default.createDirectory(atPath: data + "/voicemail/2025/09/26", withIntermediateDirectories: true)
        for file in ["ivr.sqlite", "ivr.key", "voicemail/2025/09/26/100017.wav"] {
            try Data("live \(file)".utf8).write(to: URL(fileURLWithPath: data + "/" + file))
        }
        return data
    }

    static func untouched(_ data: String) -> Bool {
        ["ivr.sqlite", "ivr.key", "voicemail/2025/09/26/100017.wav"].allSatisfy {
            (try? String(contentsOfFile: data + "/" + $0, encoding: .utf8)) == "live \($0)"
        }
    }

    /// `ivr tickets bench --data ./var` used to remove the whole folder; the shipped CLI no longer has it.
    @Test(arguments: [["tickets", "bench", "--count", "2", "--partials", "1", "--data"],
                      ["tickets", "stress", "--count", "2", "--data"]])
    func theShippedCLIHasNoDataWritingBenchmarks(args: [String]) throws {
        let data = try Self.liveFolder()
        let r = try IVRProcess.run(args + [data], in: TicketsCommandTests.root)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(Self.untouched(data))
        #expect(!FileManager.default.fileExists(atPath: data + "/.ivr-bench"))
    }

    @Test func theShippedHelpListsNoBenchmarks() throws {
        for command in ["tickets", "prompts"] {
            let r = try IVRProcess.run([command, "--help"])
            #expect(!r.stdout.contains("bench") && !r.stdout.contains("stress"), "\(r.stdout)")
            #expect(try IVRProcess.run([command, "bench"]).status == 64)
        }
    }

    /// The bench tool refuses a folder that holds anything and leaves it as it was.
    @Test(arguments: [["tickets", "--count", "2", "--partials", "1", "--data"], ["stress", "--count", "2", "--data"]])
    func theBenchToolRefusesAFolderWithData(args: [String]) throws {
        let data = try Self.liveFolder()
        let r = try TicketsCommandTests.ivr(args + [data], tool: TicketsCommandTests.bench)
        #expect(r.status == 7)
        #expect(r.err.contains("already holds data"), "\(r.err)")
        #expect(Self.untouched(data))
        let entries = try FileManager.default.contentsOfDirectory(atPath: data).sorted()
        #expect(entries == ["ivr.key", "ivr.sqlite", "voicemail"])
    }

    /// With no folder, the benchmark works in a temporary folder of its own and prints its numbers.
    @Test func theTicketBenchRunsInItsOwnTemporaryFolder() throws {
        let tmp = IVRProcess.temporaryDirectory("tmp")
        let r = try TicketsCommandTests.ivr(["tickets", "--count", "4", "--partials", "2", "--seconds", "1"], tool: TicketsCommandTests.bench,
                                            environment: ["TMPDIR": tmp])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("commit, ticket + 1 s WAV: n=2"))
        #expect(r.out.contains("recovery: 2 partial recordings of 1 s -> 2 tickets"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
    }

    @Test func thePromptBenchMeasuresACopy() throws {
        let r = try TicketsCommandTests.ivr(["prompts", "--repeats", "10"], tool: TicketsCommandTests.bench)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("cached play lookup"))
    }
}
