import DSP
import IVREngine
import Testing

@Suite("session parts: prompt player and message recorder")
struct SessionPartsTests {
    @Test func playerFillsFramesAndReportsStartsAndEnds() {
        var player = PromptPlayer()
        player.enqueue(.init(id: "a", lang: "cmn", samples: [Int16](repeating: 5, count: 200)))
        player.enqueue(.init(id: "b", lang: "cmn", samples: [Int16](repeating: 7, count: 50)))
        var frame = [Int16](repeating: -1, count: 160)
        let first = frame.withUnsafeMutableBufferPointer { player.render(into: $0) }
        #expect(first == [.started(id: "a", lang: "cmn")])
        #expect(frame.allSatisfy { $0 == 5 })
        let second = frame.withUnsafeMutableBufferPointer { player.render(into: $0) }
        #expect(second == [.finished(id: "a", lang: "cmn"), .started(id: "b", lang: "cmn"), .finished(id: "b", lang: "cmn")])
        #expect(frame[0..<40].allSatisfy { $0 == 5 } && frame[40..<90].allSatisfy { $0 == 7 } && frame[90...].allSatisfy { $0 == 0 })
        #expect(!player.isPlaying)
        let idle = frame.withUnsafeMutableBufferPointer { player.render(into: $0) }
        #expect(idle.isEmpty && frame.allSatisfy { $0 == 0 })
    }

    @Test func stoppingReturnsTheItemCutOff() {
        var player = PromptPlayer()
        player.enqueue(.init(id: "menu", lang: "cmn", samples: [Int16](repeating: 1, count: 1000)))
        #expect(player.stop() == nil, "nothing had started")
        player.enqueue(.init(id: "menu", lang: "cmn", samples: [Int16](repeating: 1, count: 1000)))
        var frame = [Int16](repeating: 0, count: 160)
        _ = frame.withUnsafeMutableBufferPointer { player.render(into: $0) }
        #expect(player.stop()?.id == "menu")
        #expect(!player.isPlaying)
    }

    /// Frames of a 400 Hz tone at `dBm0` (speech-like energy) or silence.
    static func frames(_ count: Int, dBm0: Double?) -> [[Int16]] {
        var tone = ToneGenerator(frequencyHz: 400, levelDBm0: dBm0 ?? -100)
        return (0..<count).map { _ in dBm0 == nil ? [Int16](repeating: 0, count: 160) : tone.renderPCM(count: 160) }
    }

    @Test func fiveSecondsOfSilenceEndTheMessageAndAreTrimmed() {
        var rec = MessageRecorder(maxSeconds: 120, silenceSeconds: 5)
        var ended: MessageRecorder.AutomaticEnd?
        var n = 0
        for f in Self.frames(100, dBm0: -20) + Self.frames(400, dBm0: nil) {
            n += 1
            ended = f.withUnsafeBufferPointer { rec.append($0) }
            if ended != nil { break }
        }
        #expect(ended == .silence)
        #expect(n == 100 + 250, "ends exactly 5 s (250 frames) after the last voice")
        let message = rec.finish(keyStart: nil)
        #expect(message.hasSpeech)
        #expect(message.samples.count == 100 * 160 + MessageRecorder.trailingMarginSamples)
    }

    @Test func theWaitBeforeTheFirstWordIsTrimmed() {
        var rec = MessageRecorder(maxSeconds: 120, silenceSeconds: 5)
        // 2 s of silence after the beep, a 0.3 s "喂", then silence: 0.9 s kept, under the 1 s minimum.
        for f in Self.frames(100, dBm0: nil) + Self.frames(15, dBm0: -20) + Self.frames(50, dBm0: nil) {
            _ = f.withUnsafeBufferPointer { rec.append($0) }
        }
        let message = rec.finish(keyStart: nil)
        #expect(message.samples.count == MessageRecorder.leadingMarginSamples + 15 * 160 + MessageRecorder.trailingMarginSamples)
        #expect(message.seconds < 1)
    }

    @Test func maximumLengthEndsTheMessage() {
        var rec = MessageRecorder(maxSeconds: 2, silenceSeconds: 5)
        var ended: MessageRecorder.AutomaticEnd?
        var n = 0
        for f in Self.frames(200, dBm0: -20) {
            n += 1
            ended = f.withUnsafeBufferPointer { rec.append($0) }
            if ended != nil { break }
        }
        #expect(ended == .maxtime && n == 100)
    }

    @Test func theEndKeyIsCutAndDoesNotCountAsSpeech() {
        var rec = MessageRecorder(maxSeconds: 120, silenceSeconds: 5)
        // 100 ms of near-silence, then the key's tone for 200 ms.
        for f in Self.frames(5, dBm0: nil) + Self.frames(10, dBm0: -10) { _ = f.withUnsafeBufferPointer { rec.append($0) } }
        let message = rec.finish(keyStart: 5 * 160)
        #expect(!message.hasSpeech)
        #expect(message.samples.count <= 5 * 160)
    }
}
