import Foundation
import Testing

/// `ivr qa sample` and `ivr qa score` on recorded calls: reproducible with the seed, recently sampled calls left out,
/// a scoring CSV, scores with their audit trail, and the report showing them.
@Suite("ivr qa", .serialized)
struct QACommandTests {
    static var root: String { LineCommandTests.packageRoot }

    @Test func sampleScoreAndReport() throws {
        let data = IVRProcess.temporaryDirectory("qa") + "/var"
        let fixtures = ["voicemail-hash-friday", "policy-replay", "documents-request", "typeahead-welcome", "complaint-ticket"]
        for (i, f) in fixtures.enumerated() {
            _ = try RecordingTests.recordedCall(f, id: "q\(i)", data: data)
        }
        let common = ["--data", data, "--calendar", "\(Self.root)/Prompts/calendar"]
        let period = ["--from", "2025-09-26", "--to", "2025-09-26"]
        let dir = (data as NSString).deletingLastPathComponent
        // A dry run twice with one seed gives the same sample; nothing is stored.
        let a = try IVRProcess.run(["qa", "sample"] + period + ["--n", "3", "--seed", "7", "--dry-run", "--csv", "\(dir)/a.csv",
                                    "--now", "2025-10-01T09:00:00+08:00"] + common)
        let b = try IVRProcess.run(["qa", "sample"] + period + ["--n", "3", "--seed", "7", "--dry-run", "--csv", "\(dir)/b.csv",
                                    "--now", "2025-10-01T09:00:00+08:00"] + common)
        #expect(a.status == 0, "\(a.stderr)")
        let lines = a.stdout.split(separator: "\n").filter { $0.contains("\t") }
        #expect(lines == b.stdout.split(separator: "\n").filter { $0.contains("\t") })
        #expect(lines.count == 3)
        // Three topics drawn from five calls in five topics: one each, with the recording's path.
        #expect(Set(lines.map { $0.split(separator: "\t")[1] }).count == 3)
        #expect(lines.allSatisfy { $0.hasSuffix(".flac") })
        let csv = try String(contentsOfFile: "\(dir)/a.csv", encoding: .utf8)
        #expect(csv.hasPrefix("call_id,start,topic,topic_zh,duration_seconds,caller,recording,score,note\n"))
        #expect(csv.split(separator: "\n").count == 4)

        // --export writes the drawn recordings (owner-only, the same bytes), and the lines name the copies.
        let exported = try IVRProcess.run(["qa", "sample"] + period + ["--n", "3", "--seed", "7", "--dry-run", "--csv", "\(dir)/e.csv",
                                           "--export", "\(dir)/audio", "--now", "2025-10-01T09:00:00+08:00"] + common)
        #expect(exported.status == 0, "\(exported.stderr)")
        let exportedLines = exported.stdout.split(separator: "\n").filter { $0.contains("\t") }
        #expect(exportedLines.map { $0.split(separator: "\t")[0] } == lines.map { $0.split(separator: "\t")[0] })
        for (line, original) in zip(exportedLines, lines) {
            let copy = String(line.split(separator: "\t")[2]), source = String(original.split(separator: "\t")[2])
            #expect(copy.hasPrefix("\(dir)/audio/") && copy.hasSuffix(".flac"), "\(copy)")
            #expect(FileManager.default.contents(atPath: copy) == FileManager.default.contents(atPath: source), "\(copy) differs from \(source)")
            #expect((try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int) == 0o600)
        }
        #expect(try String(contentsOfFile: "\(dir)/e.csv", encoding: .utf8).contains("\(dir)/audio/"))

        // Drawn for real: the same calls are left out of a draw 30 days later, not 31.
        let real = try IVRProcess.run(["qa", "sample"] + period + ["--n", "3", "--seed", "7", "--csv", "\(dir)/r.csv", "--by", "wang",
                                       "--now", "2025-10-01T09:00:00+08:00"] + common)
        #expect(real.stdout.split(separator: "\n").filter { $0.contains("\t") } == lines)
        let later = try IVRProcess.run(["qa", "sample"] + period + ["--n", "5", "--seed", "8", "--dry-run", "--csv", "\(dir)/l.csv",
                                        "--now", "2025-10-31T09:00:00+08:00"] + common)
        let drawnIDs = Set(lines.map { $0.split(separator: "\t")[0] })
        let laterIDs = Set(later.stdout.split(separator: "\n").filter { $0.contains("\t") }.map { $0.split(separator: "\t")[0] })
        #expect(laterIDs.count == 2 && laterIDs.isDisjoint(with: drawnIDs), "\(later.stdout)")
        let afterCooldown = try IVRProcess.run(["qa", "sample"] + period + ["--n", "5", "--seed", "8", "--dry-run", "--csv", "\(dir)/m.csv",
                                                "--now", "2025-11-01T09:00:00+08:00"] + common)
        #expect(afterCooldown.stdout.split(separator: "\n").filter { $0.contains("\t") }.count == 5)

        // Scores: an audit trail (both kept), the latest counts in the report; bad input refused.
        let s1 = try IVRProcess.run(["qa", "score", "q0", "--score", "2", "--note", "语速过快", "--by", "wang", "--now", "2025-10-02T10:00:00+08:00"] + common)
        #expect(s1.status == 0, "\(s1.stderr)")
        let s2 = try IVRProcess.run(["qa", "score", "q0", "--score", "4", "--note", "复核", "--by", "li", "--now", "2025-10-03T10:00:00+08:00"] + common)
        #expect(s2.stdout.contains("2 scores in its trail"))
        #expect(try IVRProcess.run(["qa", "score", "q0", "--score", "6", "--by", "li"] + common).status == 64)
        #expect(try IVRProcess.run(["qa", "score", "nosuchcall", "--score", "3", "--by", "li"] + common).status == 2)
        let report = try IVRProcess.run(["report"] + period + ["--json", "\(dir)/r.json", "--now", "2025-10-05T10:00:00+08:00"] + common)
        #expect(report.status == 0, "\(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json"))) as? [String: Any])
        let qa = try #require(json["qa"] as? [String: Any])
        #expect(qa["scored"] as? Int == 1)
        #expect(qa["mean"] as? Double == 4)
        #expect(qa["distribution"] as? [Int] == [0, 0, 0, 1, 0])
    }
}
