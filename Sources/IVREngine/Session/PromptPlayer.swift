import DSP

/// Turns queued prompt audio into the line's 20 ms output frames, one frame per input frame (lock-step).
///
/// Silence fills the frames when nothing plays. The player knows nothing about menus: the session queues
/// items and hears back which finished or were cut off.
public struct PromptPlayer {
    /// One thing to play: a recorded prompt, a spoken sequence (already concatenated), a tone.
    public struct Item: Sendable, Equatable {
        /// The prompt id for the event log (`prompt` / `prompt_end`).
        public var id: String
        /// The language of the recording actually used.
        public var lang: String
        /// 8 kHz mono samples.
        public var samples: [Int16]
        /// Creates an item.
        public init(id: String, lang: String, samples: [Int16]) {
            self.id = id
            self.lang = lang
            self.samples = samples
        }
    }

    /// What happened to an item during a frame.
    public enum Progress: Equatable, Sendable {
        /// The item started playing in this frame.
        case started(id: String, lang: String)
        /// The item played to its end in this frame.
        case finished(id: String, lang: String)
    }

    private var queue: [Item] = []
    private var position = 0
    private var startedCurrent = false

    /// Creates an idle player.
    public init() {}

    /// Whether anything is playing or queued.
    public var isPlaying: Bool { !queue.isEmpty }

    /// The id of the item playing now, if any.
    public var current: Item? { queue.first }

    /// Queues an item after whatever is queued.
    public mutating func enqueue(_ item: Item) {
        queue.append(item)
    }

    /// Stops at once and forgets the queue.
    /// - Returns: the item that was cut off (it had started), if any.
    public mutating func stop() -> Item? {
        let cut = startedCurrent ? queue.first : nil
        queue.removeAll()
        position = 0
        startedCurrent = false
        return cut
    }

    /// Fills `frame` with the next samples (silence where nothing plays) and reports starts and ends.
    public mutating func render(into frame: UnsafeMutableBufferPointer<Int16>) -> [Progress] {
        var events: [Progress] = []
        var filled = 0
        while filled < frame.count, let item = queue.first {
            if !startedCurrent {
                startedCurrent = true
                events.append(.started(id: item.id, lang: item.lang))
            }
            let n = min(frame.count - filled, item.samples.count - position)
            for i in 0..<n { frame[filled + i] = item.samples[position + i] }
            filled += n
            position += n
            if position >= item.samples.count {
                events.append(.finished(id: item.id, lang: item.lang))
                queue.removeFirst()
                position = 0
                startedCurrent = false
            }
        }
        for i in filled..<frame.count { frame[i] = 0 }
        return events
    }
}
