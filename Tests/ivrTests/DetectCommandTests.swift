import Foundation
import Testing

@Suite("ivr detect and ivr gen dtmf") struct DetectCommandTests {
    @Test("gen dtmf → detect prints the digits; --jsonl prints one exact-shape object per digit")
    func roundTrip() throws {
        let dir = IVRProcess.temporaryDirectory("detect")
        let wav = dir + "/d.wav"
        let gen = try IVRProcess.run(["gen", "dtmf", "12*#A0", "-o", wav, "--on", "60", "--off", "60", "--seed", "3"])
        #expect(gen.status == 0, "\(gen.stderr)")
        let plain = try IVRProcess.run(["detect", wav])
        #expect(plain.status == 0)
        #expect(plain.stdout == "12*#A0\n")
        let json = try IVRProcess.run(["detect", "--jsonl", wav])
        let lines = json.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        let pattern = #/^\{"digit":"[0-9*#A-D]","start":[0-9]+\.[0-9]{3},"end":[0-9]+\.[0-9]{3}\}$/#
        for line in lines { #expect(line.wholeMatch(of: pattern) != nil, "\(line)") }
        // First digit: 60 ms of silence, then 60 ms of tone.
        #expect(lines.first.map { $0.hasPrefix("{\"digit\":\"1\",\"start\":0.06") } == true, "\(lines.first ?? "")")
    }

    @Test("any format and rate: a 44.1 kHz stereo FLAC made with sox decodes to the same digits")
    func otherFormat() throws {
        let dir = IVRProcess.temporaryDirectory("detect")
        let wav = dir + "/d.wav", flac = dir + "/d.flac"
        _ = try IVRProcess.run(["gen", "dtmf", "0#9*", "-o", wav, "--on", "70", "--off", "70", "--seed", "5"])
        let sox = Process()
        sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        sox.arguments = [wav, "-r", "44100", "-c", "2", flac]
        try sox.run()
        sox.waitUntilExit()
        #expect(sox.terminationStatus == 0)
        let r = try IVRProcess.run(["detect", flac])
        #expect(r.status == 0)
        #expect(r.stdout == "0#9*\n")
    }

    @Test("an unreadable file gets an error line naming it; the others are still decoded; exit non-zero")
    func badFile() throws {
        let dir = IVRProcess.temporaryDirectory("detect")
        let wav = dir + "/ok.wav"
        _ = try IVRProcess.run(["gen", "dtmf", "59", "-o", wav, "--seed", "1"])
        let bad = dir + "/bad.wav"
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: bad))
        let r = try IVRProcess.run(["detect", bad, wav])
        #expect(r.status != 0)
        #expect(r.stderr.contains(bad))
        #expect(r.stdout.contains("\(wav)\t59"))
    }
}
