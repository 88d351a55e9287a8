import DSP

/// Records the caller's message frame by frame and decides when it ends by itself: after `silenceSeconds`
/// of silence, or at `maxSeconds`. Time is the count of samples recorded.
///
/// Speech is told from silence by frame level (20 ms frames): a frame at or above ``speechThresholdDBm0``
/// is voice. The finished message drops the terminating key's tone and the trailing silence.
public struct MessageRecorder: Sendable {
    /// Frame level at or above which a frame counts as voice, dBm0. Telephone speech sits around -20 dBm0,
    /// line noise below -50 dBm0.
    public static let speechThresholdDBm0 = -42.0
    /// Voice frames (20 ms each) a message needs to count as holding speech (200 ms of voice in total).
    public static let minimumSpeechFrames = 10
    /// Silence kept after the last voice frame when trimming, in samples (300 ms).
    public static let trailingMarginSamples = 2400
    /// Silence kept before the first voice frame when trimming, in samples (300 ms), so that the pause between
    /// the beep and the first word does not count towards the message's length.
    public static let leadingMarginSamples = 2400

    /// Longest message, in samples.
    public let maxSamples: Int
    /// Silence that ends the message, in samples.
    public let silenceSamples: Int

    /// Everything recorded so far (8 kHz mono).
    public private(set) var samples: [Int16] = []
    /// Sample index at the end of each voice frame, in order.
    private var voiceFrameEnds: [Int] = []
    private var silentRun = 0

    /// Starts a recording with limits in seconds.
    public init(maxSeconds: Int, silenceSeconds: Int) {
        maxSamples = maxSeconds * Telephony.sampleRate
        silenceSamples = silenceSeconds * Telephony.sampleRate
        samples.reserveCapacity(min(maxSamples, 60 * Telephony.sampleRate))
    }

    /// Why the recorder stopped by itself.
    public enum AutomaticEnd: Sendable, Equatable {
        /// `silenceSeconds` without voice.
        case silence
        /// `maxSeconds` reached.
        case maxtime
    }

    /// Appends one frame; returns a reason when the recording should end now.
    public mutating func append(_ frame: UnsafeBufferPointer<Int16>) -> AutomaticEnd? {
        let room = maxSamples - samples.count
        let take = min(room, frame.count)
        samples.append(contentsOf: frame[0..<take])
        var sum = 0.0
        for s in frame[0..<take] { sum += Double(s) * Double(s) }
        let level = take > 0 ? Level.dBm0(meanSquare: sum / Double(take)) : -200
        if level >= Self.speechThresholdDBm0 {
            voiceFrameEnds.append(samples.count)
            silentRun = 0
        } else {
            silentRun += take
        }
        if samples.count >= maxSamples { return .maxtime }
        if silentRun >= silenceSamples { return .silence }
        return nil
    }

    /// The finished message.
    public struct Message: Sendable {
        /// The samples to keep.
        public var samples: [Int16]
        /// Whether it holds enough voice to be worth keeping (the key tone does not count).
        public var hasSpeech: Bool
        /// Its length in seconds.
        public var seconds: Double { Telephony.seconds(samples: samples.count) }
    }

    /// The message to keep: cut before the terminating key (its onset `keyStart`, in samples from the start of
    /// the recording, if it ended by a key), without leading and trailing silence beyond a short margin.
    public func finish(keyStart: Int?) -> Message {
        var cut = samples.count
        if let keyStart { cut = max(0, min(cut, keyStart - Telephony.samples(milliseconds: 20))) }
        let voiced = voiceFrameEnds.prefix { $0 <= cut }
        let lastVoiceEnd = voiced.last ?? 0
        let end = min(cut, lastVoiceEnd + Self.trailingMarginSamples)
        let firstVoiceStart = voiced.first.map { $0 - Telephony.frameSamples } ?? 0
        let start = min(end, max(0, firstVoiceStart - Self.leadingMarginSamples))
        return Message(samples: Array(samples[start..<end]), hasSpeech: voiced.count >= Self.minimumSpeechFrames)
    }
}
