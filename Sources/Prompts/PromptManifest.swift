import Foundation
import Yams

/// What a prompt is, which sets the duration bounds `ivr prompts check` and `install` apply.
public enum PromptKind: String, Codable, Sendable, CaseIterable {
    /// A building block of the verbaliser (a digit, 年, 元): short, concatenated with others.
    case word
    /// A sentence or phrase of a menu or dialogue.
    case sentence
    /// A recorded policy explanation (养老保险 …): may run for minutes.
    case policy
    /// A generated signal (the national wait tone, the record beep): no speech.
    case tone

    /// Accepted duration of the recording, in seconds.
    public var durationBounds: ClosedRange<Double> {
        switch self {
        case .word: 0.08...1.5
        case .sentence: 0.3...60
        case .policy: 2...300
        case .tone: 0.1...30
        }
    }

    /// Silence kept before and after the sound when trimming, in milliseconds
    /// (short for words, which are strung together; longer for sentences; tones are never trimmed).
    public var marginMilliseconds: Int {
        switch self {
        case .word: 20
        case .tone: 0
        case .sentence, .policy: 80
        }
    }
}

/// One prompt of the manifest: its id, what it is for, and its text per language.
public struct PromptEntry: Codable, Equatable, Sendable {
    /// The stable snake_case id (the file name `<lang>/<id>.wav`).
    public let id: String
    /// What the prompt is for, one line, in English.
    public let purpose: String
    /// The kind (sets duration bounds); `sentence` when omitted.
    public let kind: PromptKind
    /// One of the national prompts of Art. 34 (may be re-recorded, never renamed).
    public let national: Bool
    /// The words per language code; tones have a description instead of words.
    public let text: [String: String]

    /// Creates an entry.
    public init(id: String, purpose: String, kind: PromptKind = .sentence, national: Bool = false, text: [String: String]) {
        self.id = id
        self.purpose = purpose
        self.kind = kind
        self.national = national
        self.text = text
    }

    enum CodingKeys: String, CodingKey { case id, purpose, kind, national, text }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        purpose = try c.decodeIfPresent(String.self, forKey: .purpose) ?? ""
        kind = try c.decodeIfPresent(PromptKind.self, forKey: .kind) ?? .sentence
        national = try c.decodeIfPresent(Bool.self, forKey: .national) ?? false
        text = try c.decodeIfPresent([String: String].self, forKey: .text) ?? [:]
    }
}

/// The prompt manifest `prompts.yaml`: the languages and every prompt with its text (Art. 33: one source
/// of truth for what the line says).
public struct PromptManifest: Sendable {
    /// Language codes in order of preference; the first is `cmn`, the fallback of all others.
    public let languages: [String]
    /// Every prompt, in file order.
    public let entries: [PromptEntry]
    private let index: [String: Int]

    /// Builds and validates a manifest.
    /// - Throws: ``PromptError`` `.badManifest` naming `path` for a bad id, a duplicate, a missing Mandarin text,
    ///   an unknown language or a missing national prompt.
    public init(languages: [String], entries: [PromptEntry], path: String = "prompts.yaml") throws {
        func fail(_ message: String) -> PromptError { PromptError(.badManifest, path: path, message) }
        guard languages.first == PromptID.defaultLanguage else {
            throw fail("languages must start with \(PromptID.defaultLanguage) (the fallback language)")
        }
        for lang in languages where !PromptID.isValidLanguage(lang) {
            throw fail("invalid language '\(lang)': use a 2- or 3-letter lowercase code")
        }
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() {
            guard PromptID.isValid(entry.id) else { throw fail("invalid prompt id '\(entry.id)': use snake_case letters, digits and _") }
            guard index[entry.id] == nil else { throw fail("prompt id '\(entry.id)' appears twice; ids must be unique") }
            guard let cmn = entry.text[PromptID.defaultLanguage], !cmn.trimmingSpaces.isEmpty else {
                throw fail("prompt '\(entry.id)' has no cmn text; every prompt needs its Mandarin text")
            }
            for lang in entry.text.keys where !languages.contains(lang) {
                throw fail("prompt '\(entry.id)' has text for '\(lang)', which is not in languages; add it there")
            }
            index[entry.id] = i
        }
        for id in PromptID.national where index[id] == nil {
            throw fail("the national prompt '\(id)' (Art. 34) is missing; it may be re-recorded but never removed")
        }
        self.languages = languages
        self.entries = entries
        self.index = index
    }

    /// The entry for `id`, if any.
    public func entry(_ id: String) -> PromptEntry? { index[id].map { entries[$0] } }

    /// The text of `id` in `language`, falling back to Mandarin.
    public func text(_ id: String, language: String) -> String? {
        guard let e = entry(id) else { return nil }
        return e.text[language] ?? e.text[PromptID.defaultLanguage]
    }

    private struct File: Codable {
        let languages: [String]
        let prompts: [PromptEntry]
    }

    /// Parses manifest YAML.
    /// - Throws: ``PromptError`` `.badManifest` naming `path` and the fix.
    public static func parse(yaml: String, path: String = "prompts.yaml") throws -> PromptManifest {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
            throw PromptError(.badManifest, path: path, "not a valid prompt manifest (\(reason)); it needs `languages:` and `prompts:` with id/purpose/text")
        }
        return try PromptManifest(languages: file.languages, entries: file.prompts, path: path)
    }

    /// Loads `<directory>/prompts.yaml`.
    /// - Throws: ``PromptError`` `.badManifest` naming the file.
    public static func load(directory: String) throws -> PromptManifest {
        let path = (directory as NSString).appendingPathComponent("prompts.yaml")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromptError(.badManifest, path: path, "cannot read the prompt manifest; check --prompts points at the Prompts folder")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), path: path)
    }
}
