import FuzzEntries
import Foundation
import Testing

/// Replays every saved fuzz input (`Fuzz/corpus/<target>/`, including the crashers found, which are kept as
/// regression inputs) through its parser: none may crash. Run the fuzzers themselves with `Scripts/fuzz.sh`.
struct CorpusReplayTests {
    static let corpus: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/Fuzz/corpus"
    }()

    @Test(arguments: FuzzTarget.allCases)
    func everySavedInputParsesWithoutCrashing(target: FuzzTarget) throws {
        let folder = Self.corpus + "/" + target.rawValue
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        // A target without saved inputs would make this test pass without testing anything.
        #expect(names.count >= 5, "Fuzz/corpus/\(target.rawValue) holds \(names.count) inputs")
        for name in names {
            target.run(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        }
    }
}
