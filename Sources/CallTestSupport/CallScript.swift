import Foundation
import Yams

/// A scripted caller: what they do, in order, to be rendered into a caller WAV by `ivr gen call`.
///
/// ```yaml
/// seed: 7                  # random phase and noise seed: the same script always renders the same samples
/// noise: -60               # optional white background noise over the whole call, dBm0
/// defaults: {on: 80, off: 80, level: -8, twist: 0}   # key tone length and gap (ms), level (dBm0), twist (dB)
/// steps:
///   - wait: 9.5            # seconds of silence (background noise only)
///   - keys: "5"            # DTMF keys, each with the defaults unless overridden here
///   - keys: "11010519870412006*#"
///     on: 60
///     off: 60
///     snr: 15              # optional white noise under these keys, dB per tone
///   - say: "我想咨询一下养老保险"   # text spoken by espeak-ng at generation time
///     voice: cmn
///     level: -20
///   - clip: hello.wav      # a recording (any format), relative to the script's folder
///     level: -15           # optional: normalise its RMS to this level, dBm0
///   - hangup               # the recording ends here (end of file = the caller hung up)
/// ```
public struct CallScript: Sendable, Equatable {
    /// Tone settings of key presses.
    public struct KeyTone: Sendable, Equatable {
        /// Tone length in milliseconds.
        public var onMilliseconds: Int = 80
        /// Gap after each tone in milliseconds.
        public var offMilliseconds: Int = 80
        /// Level of the low tone in dBm0.
        public var levelDBm0: Double = -8
        /// High tone minus low tone, in dB.
        public var twistDB: Double = 0
        /// Per-tone SNR of white noise added under the keys, in dB (nil: none).
        public var snrDB: Double?
    }

    /// One caller action.
    public enum Step: Sendable, Equatable {
        /// Silence (background noise only), in seconds.
        case wait(seconds: Double)
        /// DTMF keys.
        case keys(String, KeyTone)
        /// Speech synthesised from text with an espeak-ng voice, at a level in dBm0.
        case say(text: String, voice: String, levelDBm0: Double)
        /// A recording, path relative to the script, optionally normalised to a level in dBm0.
        case clip(path: String, levelDBm0: Double?)
        /// The caller hangs up: nothing after this is rendered.
        case hangup
    }

    /// Seed for random phases and noise.
    public var seed: UInt64
    /// Background white noise level in dBm0, if any.
    public var noiseDBm0: Double?
    /// The actions in order.
    public var steps: [Step]

    /// A problem in a script, naming the file, the step and the fix.
    public struct ParseError: Error, CustomStringConvertible {
        /// The script file.
        public let path: String
        /// What is wrong.
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Reads a script from YAML text; `path` names it in errors.
    /// - Throws: ``ParseError``.
    public static func parse(_ text: String, path: String) throws -> CallScript {
        func fail(_ message: String) -> ParseError { ParseError(path: path, message: message) }
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw fail("not valid YAML: \(error)") }
        guard let root = loaded as? [String: Any] else { throw fail("expected a mapping with `steps:`") }
        guard let rawSteps = root["steps"] as? [Any] else { throw fail("missing `steps:` (a list of wait/keys/say/clip/hangup)") }
        func number(_ v: Any?, _ what: String) throws -> Double? {
            guard let v else { return nil }
            if let d = v as? Double { return d }
            if let i = v as? Int { return Double(i) }
            throw fail("\(what) must be a number")
        }
        var defaults = KeyTone()
        if let d = root["defaults"] as? [String: Any] {
            defaults = try tone(d, base: defaults, number: number)
        }
        var steps: [Step] = []
        for (i, raw) in rawSteps.enumerated() {
            let where_ = "step \(i + 1)"
            if let word = raw as? String {
                guard word == "hangup" else { throw fail("\(where_): unknown step `\(word)`; use wait, keys, say, clip or hangup") }
                steps.append(.hangup)
                continue
            }
            guard let m = raw as? [String: Any] else { throw fail("\(where_): expected a mapping such as `- wait: 3`") }
            if let w = m["wait"] {
                guard let s = try number(w, "\(where_): wait"), s >= 0 else { throw fail("\(where_): wait must be ≥ 0 seconds") }
                steps.append(.wait(seconds: s))
            } else if let k = m["keys"] {
                let keys = "\(k)"
                guard !keys.isEmpty, keys.allSatisfy({ "0123456789*#ABCD".contains($0) }) else {
                    throw fail("\(where_): keys must be made of 0-9 * # A-D, got \(keys)")
                }
                steps.append(.keys(keys, try tone(m, base: defaults, number: number)))
            } else if let s = m["say"] {
                steps.append(.say(text: "\(s)", voice: (m["voice"] as? String) ?? "cmn",
                                  levelDBm0: try number(m["level"], "\(where_): level") ?? -20))
            } else if let c = m["clip"] {
                steps.append(.clip(path: "\(c)", levelDBm0: try number(m["level"], "\(where_): level")))
            } else if m["hangup"] != nil {
                steps.append(.hangup)
            } else {
                throw fail("\(where_): unknown step \(m.keys.sorted()); use wait, keys, say, clip or hangup")
            }
        }
        let seed = (root["seed"] as? Int).map { UInt64(bitPattern: Int64($0)) } ?? 1
        return CallScript(seed: seed, noiseDBm0: try number(root["noise"], "noise"), steps: steps)
    }

    private static func tone(_ m: [String: Any], base: KeyTone, number: (Any?, String) throws -> Double?) throws -> KeyTone {
        var t = base
        if let v = try number(m["on"], "on") { t.onMilliseconds = Int(v) }
        if let v = try number(m["off"], "off") { t.offMilliseconds = Int(v) }
        if let v = try number(m["level"], "level") { t.levelDBm0 = v }
        if let v = try number(m["twist"], "twist") { t.twistDB = v }
        if let v = try number(m["snr"], "snr") { t.snrDB = v }
        return t
    }
}
