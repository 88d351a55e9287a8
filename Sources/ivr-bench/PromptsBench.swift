import ArgumentParser
import Foundation
import Logging
import Prompts

/// `ivr-bench prompts`: timings of the prompt layer, on a copy of the prompt folder in a temporary folder.
struct PromptsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "Print timings: first play (decode), cached play (stat + cache), verbaliser, check.")
    @Option(help: ArgumentHelp("The prompt folder to copy and measure.", valueName: "DIR")) var prompts = "Prompts"
    @Option(help: "Repetitions of the cached lookups.") var repeats = 20_000

    func run() throws {
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        }
        let folder = try BenchFolder.temporary()
        defer { folder.finish(keep: false) }
        let copy = folder.path + "/Prompts"
        try FileManager.default.copyItem(atPath: prompts, toPath: copy)
        let manifest = try PromptManifest.load(directory: copy)
        let library = PromptLibrary(directory: copy, logger: Logger(label: "ivr-bench"))
        var audio = 0
        let cold = seconds { for e in manifest.entries { audio += library.audio(e.id, language: "cmn").samples.count } }
        let ids = manifest.entries.map(\.id)
        var sink = 0
        let warm = seconds { for i in 0..<repeats { sink &+= library.audio(ids[i % ids.count], language: "cmn").samples.count } }
        let v = ChineseVerbaliser()
        let say = try seconds { for i in 0..<repeats { sink &+= try v.money(fen: Int64(i) * 137).count + v.date(year: 2025, month: 1 + i % 12, day: 1 + i % 28).count } }
        let check = seconds { sink &+= PromptChecker(manifest: manifest, directory: copy).run(menuPromptIDs: nil).filesChecked }
        print(String(format: "first play (decode) of %d prompts, %.0f s of audio: %.1f ms (%.2f ms per audio second)", ids.count,
                     Double(audio) / 8000, cold * 1e3, cold * 1e3 / (Double(audio) / 8000)))
        print(String(format: "cached play lookup (stat + cache hit): %.1f µs", warm / Double(repeats) * 1e6))
        print(String(format: "verbaliser, one money + one date: %.1f µs", say / Double(repeats) * 1e6))
        print(String(format: "check of all recordings (no menu): %.0f ms  [%d]", check * 1e3, sink & 1))
    }
}
