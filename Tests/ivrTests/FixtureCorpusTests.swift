import Foundation
import Testing

/// The scripted-call corpus in Tests/Fixtures/calls: every call passes `ivr batch`, a changed menu or prompt id
/// makes named calls fail, the corpus reaches every node of the national menu, and secrets never reach a file.
@Suite("fixture corpus", .serialized)
struct FixtureCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let calls = root + "/Tests/Fixtures/calls"

    /// Every node id of the national menu (the fixed ids tests and reports use).
    static let nationalNodes = [
        "welcome", "main",
        "social_insurance", "social_insurance.pension", "social_insurance.medical", "social_insurance.unemployment",
        "social_insurance.injury", "social_insurance.maternity",
        "employment", "employment.services", "employment.startup", "employment.training",
        "labor_relations", "labor_relations.contracts", "labor_relations.wages", "labor_relations.disputes",
        "personnel", "personnel.exams", "personnel.titles", "personnel.talent",
        "identity", "account", "account.contributions", "account.medical_balance", "account.status",
        "voicemail", "documents", "complaints", "complaints.complaint", "complaints.ticket_status",
        "agent", "survey", "goodbye",
    ]

    /// The names of the calls (NAME.wav with NAME.expect.yaml and NAME.script.yaml).
    static func callNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: calls).filter { $0.hasSuffix(".wav") }
            .map { String($0.dropLast(4)) }.sorted()
    }

    /// The `key: value` line of a call's expectation file.
    static func expectation(_ name: String, _ key: String) throws -> String? {
        let text = try String(contentsOfFile: "\(calls)/\(name).expect.yaml", encoding: .utf8)
        return text.split(separator: "\n").first { $0.hasPrefix("\(key): ") }
            .map { String($0.dropFirst(key.count + 2)).trimmingCharacters(in: .whitespaces) }
    }

    /// Runs one call with its expectation's `now` and `caller`; returns the event log and what ivr printed.
    static func runCall(_ name: String, data: String, out: String) throws -> (events: String, result: IVRProcess.Result) {
        var args = ["call", "\(calls)/\(name).wav", "--now", try #require(try expectation(name, "now")),
                    "--data", data, "--out", out, "--prompts", root + "/Prompts", "--call-id", name]
        if let caller = try expectation(name, "caller") { args += ["--caller", caller.trimmingCharacters(in: ["\""])] }
        let r = try IVRProcess.run(args)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        return (try String(contentsOfFile: out + "/events.jsonl", encoding: .utf8), r)
    }

    static func events(_ jsonl: String) -> [[String: Any]] {
        jsonl.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// A copy of the shipped Prompts folder to break on purpose.
    static func promptsCopy() throws -> String {
        let dir = IVRProcess.temporaryDirectory("fixture-prompts") + "/Prompts"
        try FileManager.default.copyItem(atPath: root + "/Prompts", toPath: dir)
        return dir
    }

    static func replace(_ old: String, with new: String, in path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old), "\(path) has no \(old)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func corpusIsLargeAndSmall() throws {
        let names = try Self.callNames()
        #expect(names.count >= 28)
        var bytes = 0
        for name in names {
            for ext in ["script.yaml", "expect.yaml"] {
                #expect(FileManager.default.fileExists(atPath: "\(Self.calls)/\(name).\(ext)"), "\(name).\(ext) is missing")
            }
            let wav = try Data(contentsOf: URL(fileURLWithPath: "\(Self.calls)/\(name).wav"))
            bytes += wav.count
            // RIFF/WAVE, PCM, 1 channel, 8000 Hz, 16 bits.
            #expect(wav.count > 44 && String(decoding: wav[8..<12], as: UTF8.self) == "WAVE")
            let channels = Int(wav[22]) | Int(wav[23]) << 8
            let rate = Int(wav[24]) | Int(wav[25]) << 8 | Int(wav[26]) << 16
            let bits = Int(wav[34]) | Int(wav[35]) << 8
            #expect(channels == 1 && rate == 8000 && bits == 16, "\(name).wav: \(channels) ch, \(rate) Hz, \(bits) bit")
        }
        #expect(bytes < 26_500_000, "the corpus is \(bytes) bytes; keep calls short")
    }

    @Test func everyCallPassesTheBatch() throws {
        let count = try Self.callNames().count
        let r = try IVRProcess.run(["batch", Self.calls, "--prompts", Self.root + "/Prompts"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\(count) passed, 0 failed"), "\(r.stdout)")
    }

    /// The corpus must notice a changed menu: 6 no longer reaches the voicemail, so every voicemail call fails.
    @Test func aMovedMenuKeyFailsTheVoicemailCalls() throws {
        let copy = try Self.promptsCopy()
        try Self.replace("\"6\": voicemail", with: "\"9\": voicemail", in: copy + "/menu.yaml")
        let r = try IVRProcess.run(["batch", Self.calls, "--prompts", copy])
        #expect(r.status != 0)
        for name in ["voicemail-hash-friday", "voicemail-silence-spring", "voicemail-rerecord", "voicemail-too-short"] {
            #expect(r.stdout.contains("FAIL \(name)\n"), "\(r.stdout)")
        }
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("nodes: expected voicemail") && $0.contains(", got welcome → main") }, "\(r.stdout)")
        #expect(lines.contains { $0.contains("tickets: expected [voicemail due 2025-09-30], got []") }, "\(r.stdout)")
        // Calls that never press 6 still pass (names that exist in the corpus, so this can fail).
        let names = try Self.callNames()
        for name in ["policy-replay", "identity-demo-account", "agent-business-hours", "global-keys-employment"] {
            #expect(names.contains(name), "\(name) is not in the corpus")
            #expect(!r.stdout.contains("FAIL \(name)\n"), "\(r.stdout)")
        }
    }

    /// The corpus must notice a renamed prompt: the calls that expect to hear it fail, the others pass.
    @Test func aRenamedPromptFailsTheCallsThatPlayIt() throws {
        let copy = try Self.promptsCopy()
        try Self.replace("too_short: voicemail_too_short", with: "too_short: voicemail_discarded", in: copy + "/menu.yaml")
        try Self.replace("- id: voicemail_too_short\n", with: "- id: voicemail_discarded\n", in: copy + "/prompts.yaml")
        try FileManager.default.moveItem(atPath: copy + "/cmn/voicemail_too_short.wav", toPath: copy + "/cmn/voicemail_discarded.wav")
        let check = try IVRProcess.run(["prompts", "check", "--prompts", copy])
        #expect(check.status == 0, "the renamed set itself is valid: \(check.stdout)\(check.stderr)")
        let r = try IVRProcess.run(["batch", Self.calls, "--prompts", copy])
        #expect(r.status != 0)
        let count = try Self.callNames().count
        #expect(r.stdout.contains("\(count - 2) passed, 2 failed"), "\(r.stdout)")
        for name in ["voicemail-too-short", "voicemail-no-speech"] { #expect(r.stdout.contains("FAIL \(name)\n"), "\(r.stdout)") }
        #expect(r.stdout.split(separator: "\n").contains {
            $0.contains("prompts: expected voicemail_too_short → main_menu in order, got ") && $0.contains("voicemail_discarded")
        }, "\(r.stdout)")
    }

    /// Every national-menu node is named by some expectation and visited in the batch's event logs.
    @Test func everyNationalNodeIsExpectedAndVisited() throws {
        var expected = Set<String>()
        for name in try Self.callNames() {
            let list = try #require(try Self.expectation(name, "nodes"), "\(name) has no nodes list")
            expected.formUnion(list.trimmingCharacters(in: ["[", "]"]).split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            })
        }
        let eventsDir = IVRProcess.temporaryDirectory("fixture-events")
        let r = try IVRProcess.run(["batch", Self.calls, "--prompts", Self.root + "/Prompts", "--keep-events", eventsDir])
        #expect(r.status == 0, "\(r.stdout)")
        var visited = Set<String>()
        for name in try Self.callNames() {
            let text = try String(contentsOfFile: "\(eventsDir)/\(name).events.jsonl", encoding: .utf8)
            for e in Self.events(text) where e["event"] as? String == "node" { visited.insert(e["id"] as? String ?? "") }
        }
        for node in Self.nationalNodes {
            #expect(expected.contains(node), "no expectation names \(node)")
            #expect(visited.contains(node), "no call of the batch visits \(node)")
        }
        #expect(expected.subtracting(Self.nationalNodes).isEmpty, "unknown node ids: \(expected.subtracting(Self.nationalNodes))")
    }

    /// What the expectation files cannot say: the language chosen, the festive greeting, the no-input rounds.
    @Test(arguments: [
        ("cantonese-choice", #""event":"language","lang":"yue""#),
        ("typeahead-welcome", #""event":"language","lang":"cmn""#),
        ("silent-caller", #""event":"noinput","node":"main","count":3"#),
        ("global-keys-employment", #""event":"noinput","node":"employment","count":1"#),
        ("wrong-keys-agent-offer", #""event":"nomatch","node":"main","count":3"#),
        ("voicemail-hangup", #""event":"record_end","reason":"hangup""#),
        ("voicemail-silence-spring", #""event":"record_end","reason":"silence""#),
        ("voicemail-hash-friday", #""event":"record_end","reason":"dtmf""#),
        ("voicemail-too-short", #""event":"record_discarded""#),
        ("ticket-status-unknown", #""event":"input","node":"complaints.ticket_status","field":"ticket_number","value":"100017""#),
        ("documents-request", #""event":"input","node":"documents","field":"contact","value":"13800138000""#),
        ("noisy-keys-documents", #""event":"input","node":"documents","field":"contact","value":"02087654321""#),
    ])
    func callEventsShow(name: String, fragment: String) throws {
        let dir = IVRProcess.temporaryDirectory("fixture-call")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (events, _) = try Self.runCall(name, data: dir + "/data", out: dir + "/out")
        #expect(events.contains(fragment), "\(name): no \(fragment) in\n\(events)")
    }

    /// Privacy: the demo ID number (with X or as typed with *) and PIN reach no log, event, recording folder,
    /// database file or output of `ivr call`.
    @Test(arguments: ["identity-demo-account", "identity-typo", "identity-lockout", "identity-flush-typeahead",
                      "noisy-keys-identity"])
    func secretsReachNoFile(name: String) throws {
        let dir = IVRProcess.temporaryDirectory("fixture-privacy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (events, r) = try Self.runCall(name, data: dir + "/data", out: dir + "/out")
        #expect(events.contains(#""event":"auth""#), "\(name) reached no identity check")
        let secrets = ["11010519870412006X", "11010519870412006x", "11010519870412006*", "958473"].map { Data($0.utf8) }
        var checked = 0
        let files = FileManager.default.enumerator(atPath: dir)
        while let relative = files?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = "\(dir)/\(relative)"
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for secret in secrets { #expect(bytes.range(of: secret) == nil, "\(relative) holds \(String(decoding: secret, as: UTF8.self))") }
            checked += 1
        }
        #expect(checked >= 3, "expected events.jsonl, line.wav and the database, found \(checked) files")
        for secret in secrets {
            #expect(Data(r.stdout.utf8).range(of: secret) == nil && Data(r.stderr.utf8).range(of: secret) == nil)
        }
    }

    /// Margins: the scripts still pass when every prompt is re-recorded 25 % slower (sox tempo 0.8), as studio
    /// recordings often are, so a re-recording does not break the corpus by itself.
    @Test func corpusSurvivesSlowerPrompts() throws {
        let copy = try Self.promptsCopy()
        for lang in ["cmn", "yue"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: "\(copy)/\(lang)") where file.hasSuffix(".wav") {
                let path = "\(copy)/\(lang)/\(file)", slower = "\(copy)/\(lang)/slower-\(file)"
                let sox = Process()
                sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
                sox.arguments = ["-V1", path, slower, "tempo", "-s", "0.8"]
                try sox.run()
                sox.waitUntilExit()
                #expect(sox.terminationStatus == 0, "sox failed on \(path)")
                #expect(rename(slower, path) == 0, "cannot replace \(path)")
            }
        }
        let r = try IVRProcess.run(["batch", Self.calls, "--prompts", copy])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("\(try Self.callNames().count) passed, 0 failed"), "\(r.stdout)")
    }
}
