import AudioIO
import DSP
import Foundation
public import Logging

/// The audio of one prompt as the line will play it, and where it came from.
public struct PromptAudio: Sendable {
    /// Where the samples came from.
    public enum Source: Equatable, Sendable {
        /// A recording, in `language` (the requested one, or Mandarin as the fallback).
        case file(language: String, path: String)
        /// No recording anywhere: the neutral tone.
        case neutralTone
    }

    /// The prompt id asked for.
    public let id: String
    /// The language asked for.
    public let requestedLanguage: String
    /// Where the samples came from.
    public let source: Source
    /// 8 kHz mono 16-bit samples.
    public let samples: [Int16]

    /// Whether something other than the requested language's own recording plays (Mandarin or the tone).
    public var isFallback: Bool { language != requestedLanguage }
    /// The language actually played, or nil for the neutral tone.
    public var language: String? {
        if case .file(let lang, _) = source { return lang }
        return nil
    }
}

/// The prompt recordings of one `Prompts/` folder, looked up by id and language at play time.
///
/// - Fallback: `<lang>/<id>.wav`, then `cmn/<id>.wav`, then a neutral tone; each missing or unreadable prompt is
///   logged once, and the call goes on.
/// - Hot swap: every lookup stats the file; when its inode, size or modification time changed (as after
///   `ivr prompts install` or `rollback`, which rename a new file into place), the file is decoded again, so the
///   next play uses the new recording without a restart. Unchanged files come from a cache of decoded samples.
/// - Thread-safe: one library serves many concurrent calls. A cold prompt is decoded outside the library's lock,
///   once: callers asking for the same file meanwhile wait for that one decode, and every other lookup goes on.
public final class PromptLibrary: @unchecked Sendable {
    /// The `Prompts/` folder.
    public let directory: String
    private let logger: Logger
    private let decode: @Sendable (String) throws -> [Int16]
    /// Guards `cache`, `reported` and `decodeCount` (never held while decoding).
    private let lock = NSLock()
    private var cache: [String: CacheEntry] = [:]
    private var reported: Set<String> = []
    private var decodeCount = 0
    /// Number of file decodes so far (cache misses), for tests and benchmarks.
    public var decodes: Int {
        lock.lock()
        defer { lock.unlock() }
        return decodeCount
    }

    /// Opens the library on `directory` (nothing is read until a prompt is played).
    public init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
        decode = { try SoundFile.read($0) }
    }

    /// Opens the library with its own decoder (tests: a decoder that can be held back).
    package init(directory: String, logger: Logger, decoder: @escaping @Sendable (String) throws -> [Int16]) {
        self.directory = directory
        self.logger = logger
        decode = decoder
    }

    /// The path of a prompt's recording: `<directory>/<language>/<id>.wav`.
    public func path(_ id: String, language: String) -> String {
        ((directory as NSString).appendingPathComponent(language) as NSString).appendingPathComponent(id + ".wav")
    }

    /// The audio of prompt `id` in `language`, with fallback to Mandarin and then to the neutral tone. Never fails.
    public func audio(_ id: String, language: String) -> PromptAudio {
        guard PromptID.isValid(id), PromptID.isValidLanguage(language) else {
            reportOnce("invalid:\(language)/\(id)", "invalid prompt id or language '\(language)/\(id)'; playing the neutral tone")
            return PromptAudio(id: id, requestedLanguage: language, source: .neutralTone, samples: NeutralTone.samples)
        }
        var languages = [language]
        if language != PromptID.defaultLanguage { languages.append(PromptID.defaultLanguage) }
        for lang in languages {
            let file = path(id, language: lang)
            if let samples = load(file, id: id, language: lang) {
                if lang != language {
                    reportOnce("fallback:\(language)/\(id)", "prompt '\(id)' has no \(language) recording; playing the \(lang) one")
                }
                return PromptAudio(id: id, requestedLanguage: language, source: .file(language: lang, path: file), samples: samples)
            }
        }
        reportOnce("missing:\(id)", "prompt '\(id)' has no recording in \(languages.joined(separator: " or ")); playing the neutral tone")
        return PromptAudio(id: id, requestedLanguage: language, source: .neutralTone, samples: NeutralTone.samples)
    }

    /// The samples of a sequence from the verbaliser: prompts one after the other, pauses as silence.
    public func render(_ items: [PromptItem], language: String) -> [Int16] {
        var out: [Int16] = []
        for item in items {
            switch item {
            case .prompt(let id, _): out += audio(id, language: language).samples
            case .pause(let ms): out += [Int16](repeating: 0, count: Telephony.samples(milliseconds: ms))
            }
        }
        return out
    }

    /// Decoded samples of `file`, from the cache while the file is unchanged; nil when missing or unreadable.
    /// The decode runs outside the lock; a second caller for the same file version waits for the first one's.
    private func load(_ file: String, id: String, language: String) -> [Int16]? {
        guard let identity = FileIdentity(path: file) else { return nil }
        lock.lock()
        switch cache[file] {
        case .ready(let cached, let samples) where cached == identity:
            lock.unlock()
            return samples
        case .decoding(let cached, let pending) where cached == identity:
            lock.unlock()
            return pending.wait()
        default:
            break
        }
        let pending = PendingDecode()
        cache[file] = .decoding(identity, pending)
        lock.unlock()

        let result = Result { try decode(file) }
        lock.lock()
        decodeCount += 1
        let current: Bool
        if case .decoding(_, let p) = cache[file], p === pending { current = true } else { current = false }
        switch result {
        case .success(let samples):
            if current { cache[file] = .ready(identity, samples) }
        case .failure(let error):
            if current { cache[file] = nil }
            reportOnceLocked("unreadable:\(file):\(identity)", "prompt '\(id)' (\(language)) is unreadable: \(error); falling back")
        }
        lock.unlock()
        let samples = try? result.get()
        pending.fulfil(samples)
        return samples
    }

    private func reportOnce(_ key: String, _ message: String) {
        lock.lock()
        defer { lock.unlock() }
        reportOnceLocked(key, message)
    }

    private func reportOnceLocked(_ key: String, _ message: String) {
        guard reported.insert(key).inserted else { return }
        // A dialect set that falls back to Mandarin is expected (info); a missing or unreadable prompt is a fault
        // the operator must hear about (warning).
        let level: Logger.Level = key.hasPrefix("fallback:") ? .info : .warning
        logger.log(level: level, "\(message)", metadata: ["directory": "\(directory)"])
    }
}

/// A prompt file in the cache: decoded, or being decoded by one caller while others wait.
private enum CacheEntry {
    case ready(FileIdentity, [Int16])
    case decoding(FileIdentity, PendingDecode)
}

/// One decode in progress: the callers that need the same file version wait for its result.
private final class PendingDecode: @unchecked Sendable {
    private let condition = NSCondition()
    private var done = false
    private var samples: [Int16]?

    /// Publishes the result (nil: unreadable) and wakes the waiters.
    func fulfil(_ result: [Int16]?) {
        condition.lock()
        samples = result
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the decode is done. - Returns: its samples, nil when the file was unreadable.
    func wait() -> [Int16]? {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        return samples
    }
}

/// What identifies one version of a file: device, inode, size and modification time (ns).
struct FileIdentity: Equatable, CustomStringConvertible {
    let device: UInt64, inode: UInt64, size: Int64, modifiedNanoseconds: Int64

    /// Stats `path`; nil when it does not exist or is not a regular file.
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if os(Linux)
        modifiedNanoseconds = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        #else
        modifiedNanoseconds = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #endif
    }

    var description: String { "\(device):\(inode):\(size):\(modifiedNanoseconds)" }
}
