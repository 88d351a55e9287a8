import AudioIO
import Foundation

/// `ivr prompts check`: everything that could make a call play the wrong thing, found before a call does.
public struct PromptChecker: Sendable {
    /// One finding: a problem (fails the check) or a note (reported, passes).
    public struct Finding: Equatable, Sendable, CustomStringConvertible {
        /// Whether the finding fails the check.
        public let isProblem: Bool
        /// The prompt id concerned, or "-" for the set as a whole.
        public let id: String
        /// The language concerned, or "-".
        public let language: String
        /// What is wrong and, where useful, the fix.
        public let message: String

        public var description: String { "\(isProblem ? "problem" : "note")\t\(id)\t\(language)\t\(message)" }
    }

    /// Everything `check` found.
    public struct Report: Sendable {
        /// Findings in a stable order.
        public let findings: [Finding]
        /// Recordings decoded and measured.
        public let filesChecked: Int
        /// The problems (findings that fail the check).
        public var problems: [Finding] { findings.filter(\.isProblem) }
        /// Whether the set passes.
        public var passed: Bool { problems.isEmpty }
    }

    /// The manifest.
    public let manifest: PromptManifest
    /// The files.
    public let store: PromptStore
    /// Level target and bounds.
    public let policy: PromptAudioPolicy

    /// A checker for the `Prompts/` folder `directory`.
    public init(manifest: PromptManifest, directory: String, policy: PromptAudioPolicy = PromptAudioPolicy()) {
        self.manifest = manifest
        self.store = PromptStore(directory: directory)
        self.policy = policy
    }

    /// Runs every check.
    /// - Parameter menuPromptIDs: the ids the menu refers to (nil when there is no menu yet).
    public func run(menuPromptIDs: [String]?) -> Report {
        var findings: [Finding] = []
        func problem(_ id: String, _ lang: String, _ message: String) { findings.append(Finding(isProblem: true, id: id, language: lang, message: message)) }
        func note(_ id: String, _ lang: String, _ message: String) { findings.append(Finding(isProblem: false, id: id, language: lang, message: message)) }

        // Texts: the forbidden-wording lint of Annex 2.
        for entry in manifest.entries where entry.kind != .tone {
            for lang in manifest.languages {
                guard let text = entry.text[lang] else { continue }
                for f in ForbiddenWording.findings(in: text) { problem(entry.id, lang, "\(f) in the text; reword it politely") }
            }
        }
        // The verbaliser's building blocks must all be in the manifest.
        for word in ChineseWord.allCases {
            guard let entry = manifest.entry(word.id) else {
                problem(word.id, "-", "verbaliser building block missing from prompts.yaml (text \(word.text))")
                continue
            }
            if entry.text[PromptID.defaultLanguage] != word.text {
                problem(word.id, PromptID.defaultLanguage, "text should be '\(word.text)' (the verbaliser's word)")
            }
        }
        // Recordings: every prompt in Mandarin; every file present decodable and conforming.
        var checked = 0
        for entry in manifest.entries {
            for lang in manifest.languages {
                let path = store.currentPath(entry.id, language: lang)
                guard FileManager.default.fileExists(atPath: path) else {
                    if lang == PromptID.defaultLanguage {
                        problem(entry.id, lang, "no recording (\(path)); run Scripts/make-prompts.sh or `ivr prompts install \(entry.id) FILE`")
                    }
                    continue
                }
                checked += 1
                for message in checkFile(path, kind: entry.kind) { problem(entry.id, lang, message) }
            }
        }
        // Files without a manifest entry (typos, leftovers).
        for lang in manifest.languages {
            let dir = store.languageDirectory(lang)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names.sorted() where name.hasSuffix(".wav") && !name.hasPrefix(".") {
                let id = String(name.dropLast(4))
                if manifest.entry(id) == nil { problem(id, lang, "recording with no entry in prompts.yaml; add the entry or remove the file") }
            }
        }
        // The menu's references.
        if let menuPromptIDs {
            var fallbacks: [String: [String]] = [:]
            for id in menuPromptIDs {
                guard PromptID.isValid(id) else {
                    problem(id, "-", "the menu refers to an invalid prompt id; use snake_case ids from prompts.yaml")
                    continue
                }
                guard manifest.entry(id) != nil else {
                    problem(id, "-", "the menu refers to a prompt that is not in prompts.yaml")
                    continue
                }
                for lang in manifest.languages.dropFirst() where !FileManager.default.fileExists(atPath: store.currentPath(id, language: lang)) {
                    fallbacks[lang, default: []].append(id)
                }
            }
            for lang in manifest.languages.dropFirst() {
                guard let ids = fallbacks[lang], !ids.isEmpty else { continue }
                let shown = ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", …" : "")
                note("-", lang, "\(ids.count) of \(menuPromptIDs.count) menu prompts fall back to cmn: \(shown)")
            }
        } else {
            note("-", "-", "no menu.yaml: menu references not checked")
        }
        return Report(findings: findings, filesChecked: checked)
    }

    /// Problems with one recording: format, decodability, level, clipping, silence, duration.
    public func checkFile(_ path: String, kind: PromptKind) -> [String] {
        guard let format = WAVFormat.read(path) else {
            return ["not a WAV file; re-install it with `ivr prompts install`"]
        }
        var out: [String] = []
        if !format.isTelephony { out.append("format is \(format); must be 8000 Hz, 1 channel, 16-bit PCM (use `ivr prompts install`)") }
        let samples: [Int16]
        do {
            samples = try SoundFile.read(path)
        } catch {
            return out + ["undecodable: \(error)"]
        }
        return out + policy.problems(AudioMeasurement(samples), kind: kind)
    }
}
