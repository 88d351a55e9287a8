import DSP
import Foundation

/// The level and format every prompt recording must meet, and the processing `install` applies to reach it.
///
/// Target: an active speech level of -26 dBov (ITU-T P.56). That is the nominal level of speech on digital
/// telephone networks (ITU-T G.711/P.800 test level), so prompts sound as loud as the agent who takes over
/// the call, and speech peaks (12–18 dB above the active level) stay well below full scale in A-law/µ-law.
/// `check` accepts ±3 dB around the target (a level step a listener barely notices between prompts).
public struct PromptAudioPolicy: Sendable {
    /// Target active speech level, in dBov.
    public var targetLevelDBov: Double = -26
    /// Accepted distance from the target, in dB.
    public var levelToleranceDB: Double = 3
    /// Peak ceiling after normalisation, in dBFS; peaks above it are softly limited.
    public var peakCeilingDBFS: Double = -1
    /// Recordings whose active level is below this are silent, in dBov.
    public var silenceLevelDBov: Double = -55
    /// Recordings with less active sound than this are silent, in seconds.
    public var minimumActiveSeconds: Double = 0.06
    /// Frames below the active level minus this many dB count as silence when trimming, in dB.
    public var trimBelowActiveDB: Double = 30

    /// The default policy.
    public init() {}

    /// The accepted active-level range, in dBov.
    public var levelRange: ClosedRange<Double> { (targetLevelDBov - levelToleranceDB)...(targetLevelDBov + levelToleranceDB) }

    /// What is wrong with a recording of `kind`, one short phrase each (empty when it conforms).
    public func problems(_ m: AudioMeasurement, kind: PromptKind) -> [String] {
        var out: [String] = []
        if m.activeLevelDBFS < silenceLevelDBov || m.activeSeconds < minimumActiveSeconds {
            out.append(String(format: "silent (active level %.1f dBov, %.2f s active)", m.activeLevelDBFS, m.activeSeconds))
            return out
        }
        if m.clippedRuns > 0 { out.append("clipped (\(m.clippedRuns) flattened peaks)") }
        if !levelRange.contains(m.activeLevelDBFS) {
            out.append(String(format: "level %.1f dBov outside %.0f…%.0f dBov", m.activeLevelDBFS, levelRange.lowerBound, levelRange.upperBound))
        }
        let bounds = kind.durationBounds
        if !bounds.contains(m.durationSeconds) {
            out.append(String(format: "duration %.2f s outside %.2f…%.0f s for a %@ prompt", m.durationSeconds,
                              bounds.lowerBound, bounds.upperBound, kind.rawValue))
        }
        return out
    }

    /// Prepares a recording for the line: removes DC, trims leading and trailing silence (keeping the kind's margin;
    /// tones are not trimmed),
    /// scales to the target active level and softly limits peaks above the ceiling.
    /// - Throws: ``PromptError`` `.rejectedAudio` when the input is silent, clipped, or too long or too short after
    ///   trimming; the message says why and what to do.
    public func prepare(_ input: [Int16], kind: PromptKind, source: String) throws -> [Int16] {
        func reject(_ why: String) -> PromptError { PromptError(.rejectedAudio, path: source, why) }
        let before = AudioMeasurement(input)
        if before.activeLevelDBFS < silenceLevelDBov || before.activeSeconds < minimumActiveSeconds {
            throw reject(String(format: "the recording is silent (active level %.1f dBov); check the microphone and record again", before.activeLevelDBFS))
        }
        if before.clippedRuns > 0 {
            throw reject("the recording is clipped (\(before.clippedRuns) flattened peaks); record again at a lower input gain")
        }
        var samples = input.map(Float.init)
        let mean = samples.reduce(0, +) / Float(max(1, samples.count))
        for i in samples.indices { samples[i] -= mean }
        if kind != .tone {  // a tone's silences are part of its rhythm (the wait tone loops)
            samples = trimmed(samples, activeLevelDBFS: before.activeLevelDBFS, marginMilliseconds: kind.marginMilliseconds)
        }
        let duration = Double(samples.count) / Double(Telephony.sampleRate)
        let bounds = kind.durationBounds
        if duration > bounds.upperBound {
            throw reject(String(format: "too long: %.1f s after trimming silence; a %@ prompt may last at most %.0f s", duration, kind.rawValue, bounds.upperBound))
        }
        if duration < bounds.lowerBound {
            throw reject(String(format: "too short: %.2f s after trimming silence; a %@ prompt lasts at least %.2f s", duration, kind.rawValue, bounds.lowerBound))
        }
        let gain = Float(pow(10, (targetLevelDBov - before.activeLevelDBFS) / 20))
        let ceiling = Float(32768 * pow(10, peakCeilingDBFS / 20))
        let knee = ceiling * 0.7  // soft limiting starts 3 dB below the ceiling
        return samples.map { s in
            var y = s * gain
            let a = abs(y)
            if a > knee {
                let over = (a - knee) / (ceiling - knee)
                y = (knee + (ceiling - knee) * Float(tanh(Double(over)))) * (y < 0 ? -1 : 1)
            }
            return Int16(max(-32768, min(32767, y.rounded())))
        }
    }

    /// Cuts frames quieter than the active level minus ``trimBelowActiveDB`` from both ends, keeping a margin.
    func trimmed(_ samples: [Float], activeLevelDBFS: Double, marginMilliseconds: Int) -> [Float] {
        let window = Telephony.sampleRate / 100  // 10 ms
        let threshold = AudioMeasurement.power(dbfs: max(activeLevelDBFS - trimBelowActiveDB, AudioMeasurement.activityFloorDBFS))
        func loud(_ start: Int) -> Bool {
            let end = min(start + window, samples.count)
            var sum: Double = 0
            for i in start..<end { sum += Double(samples[i]) * Double(samples[i]) }
            return sum / Double(end - start) >= threshold
        }
        var first = 0
        while first < samples.count && !loud(first) { first += window }
        var last = samples.count
        while last > first {
            let start = max(first, last - window)
            if loud(start) { break }
            last = start
        }
        guard first < last else { return samples }
        let margin = Telephony.samples(milliseconds: marginMilliseconds)
        return Array(samples[max(0, first - margin)..<min(samples.count, last + margin)])
    }
}
