import Foundation
import IVREngine
import PostgresStore
import PostgresTestServer
import Testing
import TicketStore
import WorkingDays

struct StoreTests {
    @Test(arguments: Backend.allCases) func opensAVoicemailTicketWithItsRecordingOwnerOnly(backend: Backend) throws {
        let dir = temporaryFolder() + "/var"  // created by the store
        let store = try openStore(dir, backend: backend)
        let samples = tone(seconds: 1.5)
        let t = try store.openTicket(voicemailRequest(samples: samples))
        #expect(t.number.digits == "100017")
        #expect(t.recordingPath == "voicemail/2025/09/26/100017.wav")
        let wav = try #require(try recordingBytes(store, t))
        #expect(wav.count == 44 + samples.count * 2)
        #expect(Array(wav.prefix(4)) == Array("RIFF".utf8))
        let back = wav.dropFirst(44).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        #expect(back == samples)
        for folder in ["", "/voicemail", "/voicemail/partial"] {
            #expect(mode(dir + folder) == 0o700, "\(folder)")
        }
        if backend == .sqlite {
            #expect(mode(dir + "/" + t.recordingPath!) == 0o600)
            for folder in ["/voicemail/2025", "/voicemail/2025/09", "/voicemail/2025/09/26"] {
                #expect(mode(dir + folder) == 0o700, "\(folder)")
            }
            for file in ["ivr.sqlite", "ivr.key", "ivr.sqlite-wal"] { #expect(mode(dir + "/" + file) == 0o600, "\(file)") }
            // No temp file left.
            #expect(files(under: dir + "/voicemail") == ["2025/09/26/100017.wav"])
        } else {
            // The recording is in the database, committed with the ticket: nothing on the node's disk.
            #expect(files(under: dir + "/voicemail").isEmpty)
        }

        let read = try #require(try store.ticket(number: t.number))
        #expect(read == t)
        #expect(read.status == .open)
        #expect(read.callerNumber == "13800138000")
        #expect(read.menuPath == ["main", "voicemail"])
        #expect(read.createdAt == fridayMorning)
        #expect(read.isOverdue(today: CivilDate(iso: "2025-10-01")!))
        #expect(!read.isOverdue(today: CivilDate(iso: "2025-09-30")!))
    }

    @Test(arguments: Backend.allCases) func numbersAreSequentialAndSurviveReopening(backend: Backend) throws {
        let dir = temporaryFolder()
        var numbers: [String] = []
        for _ in 0..<2 {
            let store = try openStore(dir, backend: backend)
            for kind in TicketKind.allCases {
                var r = voicemailRequest()
                r.kind = kind
                r.details = kind == .document ? ["document": "2", "fax": "01088886666"] : [:]
                numbers.append(try store.openTicket(r).number.digits)
            }
        }
        #expect(numbers == [10001, 10002, 10003, 10004, 10005, 10006].map { TicketNumber(sequence: $0).digits })
        let store = try openStore(dir, backend: backend)
        let doc = try #require(try store.ticket(number: TicketNumber(validating: numbers[2])!))
        #expect(doc.kind == .document)
        #expect(doc.details == ["document": "2", "fax": "01088886666"])
        #expect(doc.recordingPath == nil)
        #expect(try store.ticket(number: TicketNumber(sequence: 99999)) == nil)
    }

    @Test(arguments: Backend.allCases) func statusChangesKeepAnAuditTrail(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        let t = try store.openTicket(voicemailRequest())
        let later = fridayMorning.addingTimeInterval(86_400)
        let answered = try store.setStatus(number: t.number, to: .answered, note: "called back", actor: "ops", at: later)
        #expect(answered?.status == .answered)
        try store.setStatus(number: t.number, to: .closed, note: "done", actor: "ops", at: later)
        let trail = try store.auditTrail(number: t.number)
        #expect(trail.map(\.to) == [.open, .answered, .closed])
        #expect(trail.map(\.from) == [nil, .open, .answered])
        #expect(trail[1].note == "called back")
        #expect(trail[1].at == "2025-09-27T10:00:00+08:00")
        #expect(try store.setStatus(number: TicketNumber(sequence: 55555), to: .closed, note: "", actor: "ops", at: later) == nil)
        #expect(try store.tickets(status: .closed).map(\.number) == [t.number])
        #expect(try store.tickets(status: .open).isEmpty)
        // Closed tickets are never overdue.
        #expect(try store.tickets(overdueOn: CivilDate(iso: "2026-01-01")!).isEmpty)
    }

    @Test(arguments: Backend.allCases) func overdueIsDerivedFromTheDueDate(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        let a = try store.openTicket(voicemailRequest())
        var r = voicemailRequest()
        r.dueDate = CivilDate(iso: "2025-10-09")!
        _ = try store.openTicket(r)
        #expect(try store.tickets(overdueOn: CivilDate(iso: "2025-09-30")!).isEmpty)
        #expect(try store.tickets(overdueOn: CivilDate(iso: "2025-10-01")!).map(\.number) == [a.number])
        let csv = try store.exportCSV(today: CivilDate(iso: "2025-10-01")!)
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("number,kind,status,overdue"))
        #expect(lines[1].hasPrefix("100017,voicemail,open,yes,13800138000,2025-09-26T10:00:00+08:00,2025-09-30,,main>voicemail,no,"))
        #expect(lines[2].contains(",open,no,"))
    }

    @Test(arguments: Backend.allCases) func surveysAndCallSummaries(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        try store.recordSurvey(callID: "c1", score: 1, at: fridayMorning)
        try store.recordSurvey(callID: "c2", score: nil, at: fridayMorning)
        #expect(try store.surveyScore(callID: "c1") == .some(1))
        #expect(try store.surveyScore(callID: "c2") == .some(nil))
        #expect(try store.surveyScore(callID: "c3") == nil)
        try store.recordCallSummary(CallSummary(callID: "c1", callerNumber: nil, startedAt: fridayMorning, durationSeconds: 42.5,
                                                lastNode: "goodbye", hangupBy: "line", hangupReason: "goodbye",
                                                ticketNumbers: [TicketNumber(sequence: 10001)]))
        #expect(try store.callSummaryCount() == 1)
    }

    @Test(arguments: Backend.allCases, [
        ("11010519870412006X", "958473", true), ("11010519870412006x", "958473", true),
        ("11010519870412006X", "958474", false), ("11010519870412006X", "95847", false),
        ("110105198704120061", "958473", false), ("310104199001011230", "958473", false),
    ])
    func identityCheckAgainstTheDemoPersons(backend: Backend, check: (id: String, pin: String, ok: Bool)) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        let result = try store.verifyIdentity(idNumber: check.id, pin: check.pin, at: fridayMorning)
        if check.ok {
            #expect(result == .verified(AccountFacts(pensionContributionMonths: 156, pensionBalanceFen: 8_642_137,
                                                     medicalBalanceFen: 312_058, status: .active)))
        } else {
            #expect(result == .mismatch)
        }
    }

    @Test(arguments: Backend.allCases) func noIDNumberOrPINIsStoredInPlainText(backend: Backend) throws {
        let dir = temporaryFolder()
        let store = try openStore(dir, backend: backend)
        _ = try store.verifyIdentity(idNumber: "11010519870412006X", pin: "958473", at: fridayMorning)
        var bytes = Data()
        switch backend {
        case .sqlite:
            for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasPrefix(".") {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir), !isDir.boolValue {
                    bytes += FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
                }
            }
        case .postgres:
            // Everything the database holds, as pg_dump writes it.
            let url = try TestPostgres.database(for: dir)
            let (status, out) = runCapturing(["pg_dump", "-h", url.host, "-p", String(url.port), "-U", url.user, url.database])
            #expect(status == 0, "\(out.prefix(300))")
            bytes = Data(out.utf8)
        }
        #expect(bytes.count > 4096)
        for secret in ["11010519870412006X", "110105198704120", "958473"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in the store")
        }
        // A second store has another key: its hashes differ.
        let dir2 = temporaryFolder()
        _ = try openStore(dir2, backend: backend)
        if backend == .sqlite {
            #expect(FileManager.default.contents(atPath: dir + "/ivr.key") != FileManager.default.contents(atPath: dir2 + "/ivr.key"))
        } else {
            func hashes(_ d: String) throws -> String {
                let url = try TestPostgres.database(for: d)
                return runCapturing(["psql", "-h", url.host, "-p", String(url.port), "-U", url.user, "-d", url.database, "-tAc",
                                     "SELECT string_agg(id_hash, ',' ORDER BY id_hash) FROM demo_person"]).1
            }
            let (a, b) = (try hashes(dir), try hashes(dir2))
            #expect(a.count > 64 && b.count > 64 && a != b)
        }
    }

    @Test(arguments: Backend.allCases) func aFinishedFileIsMovedInAndItsSidecarRemoved(backend: Backend) throws {
        let dir = temporaryFolder()
        let store = try openStore(dir, backend: backend)
        let sidecar = PartialRecording(callID: "call-7", caller: "01012345678", menuPath: ["main", "voicemail"],
                                       createdAt: "2025-09-26T10:00:00+08:00", dueDate: "2025-09-30")
        let lease = try sidecar.write(dataDirectory: dir)
        let wavPath = PartialRecording.audioPath(dataDirectory: dir, callID: "call-7")
        try Data(WAVBytes.make(tone(seconds: 1))).write(to: URL(fileURLWithPath: wavPath))
        var r = voicemailRequest()
        r.recording = .file(path: wavPath)
        let t = try store.openTicket(r)
        lease.release()
        #expect(try recordingBytes(store, t) == Data(WAVBytes.make(tone(seconds: 1))))
        #expect(!FileManager.default.fileExists(atPath: wavPath))
        #expect(!FileManager.default.fileExists(atPath: PartialRecording.sidecarPath(dataDirectory: dir, callID: "call-7")))
        if backend == .sqlite {
            #expect(files(under: dir + "/voicemail") == ["2025/09/26/100017.wav"])
            #expect(mode(dir + "/" + t.recordingPath!) == 0o600)
        } else {
            #expect(files(under: dir + "/voicemail").isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func recordingDayFollowsChinaStandardTime(backend: Backend) throws {
        let dir = temporaryFolder()
        let store = try openStore(dir, backend: backend)
        // 2025-09-26T17:00Z is already the 27th in Beijing.
        let t = try store.openTicket(voicemailRequest(samples: tone(seconds: 1), at: LocalDateTime(iso8601: "2025-09-26T17:00:00Z")!.instant))
        #expect(t.recordingPath == "voicemail/2025/09/27/100017.wav")
    }
}

/// A canonical WAV built independently of the store's writer (for feeding files in).
enum WAVBytes {
    static func make(_ samples: [Int16], declaredDataBytes: Int? = nil) -> [UInt8] {
        var h = [UInt8]()
        func u32(_ v: Int) { for s in 0..<4 { h.append(UInt8((v >> (8 * s)) & 0xff)) } }
        func u16(_ v: Int) { for s in 0..<2 { h.append(UInt8((v >> (8 * s)) & 0xff)) } }
        let n = declaredDataBytes ?? samples.count * 2
        h += Array("RIFF".utf8); u32(n == 0 ? 0 : 36 + n); h += Array("WAVE".utf8)
        h += Array("fmt ".utf8); u32(16); u16(1); u16(1); u32(8000); u32(16000); u16(2); u16(16)
        h += Array("data".utf8); u32(n)
        for s in samples { u16(Int(UInt16(bitPattern: s))) }
        return h
    }
}
