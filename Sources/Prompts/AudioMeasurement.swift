import DSP
import Foundation

/// Levels and timing of an 8 kHz mono recording: what `ivr prompts check` and `install` judge.
///
/// The level is an active speech level after ITU-T P.56 in spirit: the RMS over 20 ms frames whose level is
/// at most 15.9 dB below that RMS (found by a few fixed-point iterations), so pauses do not dilute it.
public struct AudioMeasurement: Equatable, Sendable {
    /// Length in seconds.
    public let durationSeconds: Double
    /// Active speech level in dBov (dBFS of the RMS, 0 = a full-scale square wave; a full-scale sine is -3);
    /// -120 for digital silence.
    public let activeLevelDBFS: Double
    /// Peak sample level in dBFS (0 = 32768).
    public let peakDBFS: Double
    /// Seconds of 20 ms frames counted as active.
    public let activeSeconds: Double
    /// Runs of 3 or more consecutive samples at or beyond 99 % of full scale (flattened tops).
    public let clippedRuns: Int

    /// Sample value from which a run counts as clipping (99 % of full scale).
    public static let clipThreshold: Int32 = 32_440
    /// Below this level a 20 ms frame is never active, in dBFS.
    public static let activityFloorDBFS = -60.0
    /// P.56 margin below the active level for a frame to count, in dB.
    public static let p56MarginDB = 15.9

    /// Measures `samples` (8 kHz).
    public init(_ samples: [Int16]) {
        let frame = Telephony.frameSamples
        durationSeconds = Double(samples.count) / Double(Telephony.sampleRate)
        var peak: Int32 = 0
        var run = 0
        var runs = 0
        for s in samples {
            let a = abs(Int32(s))
            peak = max(peak, a)
            if a >= Self.clipThreshold {
                run += 1
                if run == 3 { runs += 1 }
            } else {
                run = 0
            }
        }
        clippedRuns = runs
        peakDBFS = peak == 0 ? -120 : 20 * log10(Double(peak) / 32768)
        var energies: [Double] = []
        var start = 0
        while start < samples.count {
            let end = min(start + frame, samples.count)
            var sum = 0.0
            for i in start..<end { sum += Double(samples[i]) * Double(samples[i]) }
            energies.append(sum / Double(end - start))
            start = end
        }
        var threshold = Self.power(dbfs: Self.activityFloorDBFS)
        var level = 0.0
        var activeFrames = 0
        for _ in 0..<8 {
            var sum = 0.0
            var n = 0
            for e in energies where e >= threshold {
                sum += e
                n += 1
            }
            guard n > 0 else { break }
            level = sum / Double(n)
            activeFrames = n
            let next = max(Self.power(dbfs: Self.activityFloorDBFS), level / pow(10, Self.p56MarginDB / 10))
            if abs(next - threshold) < 1e-9 * max(next, 1) { break }
            threshold = next
        }
        activeLevelDBFS = activeFrames == 0 ? -120 : Self.dbfs(power: level)
        activeSeconds = Double(activeFrames * frame) / Double(Telephony.sampleRate)
    }

    /// Mean power relative to full-scale square wave (32768²), in dB; floored at -120.
    static func dbfs(power: Double) -> Double {
        power <= 0 ? -120 : max(-120, 10 * log10(power / (32768.0 * 32768.0)))
    }

    static func power(dbfs: Double) -> Double { pow(10, dbfs / 10) * 32768.0 * 32768.0 }
}
