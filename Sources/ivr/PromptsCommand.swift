import ArgumentParser
import AudioIO
import DSP
import Foundation
import IVREngine
import Logging
import Prompts

/// `ivr prompts`: the prompt set for operators (list, check, install, rollback) and the verbaliser (say).
struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "List, check, install and roll back prompt recordings; speak values with the Chinese verbaliser.",
        discussion: """
        A running line or batch picks up an installed or rolled-back recording at its next play, without a restart.
        Loudness target: -26 dBov active speech level (ITU-T P.56), accepted within ±3 dB.
        """,
        subcommands: [List.self, Check.self, Install.self, Rollback.self, Say.self, Texts.self]
    )
}

/// Turns prompt and verbaliser errors into one line on stderr and an exit code (3 a file, 64 usage, 1 otherwise).
func withPromptErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try withUserErrors(body)
    } catch let error as PromptError {
        printError(error.description)
        switch error.code {
        case .badID: throw ExitCode.validationFailure
        case .noPreviousVersion: throw ExitCode.failure
        case .badManifest, .rejectedAudio, .unwritable: throw ExitCode(ExitCodes.audioFile)
        }
    } catch let error as VerbaliserError {
        printError(error.description)
        throw ExitCode.validationFailure
    }
}

extension PromptsCommand {
    /// `ivr prompts list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "One line per prompt and language: id, language, duration, level, origin, text.",
            discussion: "Origin is default (made by Scripts/make-prompts.sh), replacement (installed), or missing (→ cmn fallback).")

        @OptionGroup var files: FileOptions
        func validate() throws { try files.reject(data: true, overlay: true, because: "prompts live in the prompts folder") }
        @Option(help: "Only this language.") var lang: String?
        @Flag(help: "One JSON array for tools.") var json = false

        struct Row: Encodable {
            let id: String, lang: String, kind: String, national: Bool
            let seconds: Double?, levelDBov: Double?, origin: String, text: String
        }

        func run() throws {
            try withPromptErrors {
                let manifest = try files.manifest()
                let store = PromptStore(directory: files.promptsDirectory)
                var rows: [Row] = []
                for entry in manifest.entries {
                    for language in manifest.languages where lang == nil || lang == language {
                        let path = store.currentPath(entry.id, language: language)
                        let exists = FileManager.default.fileExists(atPath: path)
                        guard exists || entry.text[language] != nil || language == PromptID.defaultLanguage else { continue }
                        let m = exists ? (try? SoundFile.read(path)).map(AudioMeasurement.init) : nil
                        let origin = exists ? store.origins(entry.id, language: language).current.rawValue : "missing"
                        rows.append(Row(id: entry.id, lang: language, kind: entry.kind.rawValue, national: entry.national,
                                        seconds: m.map { ($0.durationSeconds * 100).rounded() / 100 },
                                        levelDBov: m.map { ($0.activeLevelDBFS * 10).rounded() / 10 },
                                        origin: origin, text: manifest.text(entry.id, language: language) ?? ""))
                    }
                }
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                    return
                }
                for r in rows {
                    let seconds = r.seconds.map { String(format: "%.2fs", $0) } ?? "-"
                    let level = r.levelDBov.map { String(format: "%.1fdBov", $0) } ?? "-"
                    print([r.id, r.lang, seconds, level, r.origin, r.text].joined(separator: "\t"))
                }
            }
        }
    }

    /// `ivr prompts check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the prompt set: menu references, files, format, level, clipping, silence, duration, wording.",
            discussion: """
            One line per problem (problem<TAB>id<TAB>lang<TAB>message), notes for Mandarin fallbacks; exits 1 if any problem.
            Level: -26 dBov ±3 dB active speech level; duration bounds per kind: word 0.08-1.5 s, sentence 0.3-60 s,
            policy 2-300 s, tone 0.1-30 s.
            """)

        @OptionGroup var files: FileOptions
        func validate() throws { try files.reject(data: true, overlay: false, because: "prompts live in the prompts folder") }
        @Option(help: "The menu file to check against (default: <prompts>/menu.yaml if present).") var menu: String?

        func run() throws {
            let start = DispatchTime.now().uptimeNanoseconds
            var menuLines: [String] = []
            let report: PromptChecker.Report = try withPromptErrors {
                let manifest = try files.manifest()
                let menuPath = menu ?? (files.promptsDirectory as NSString).appendingPathComponent("menu.yaml")
                var menuIDs: [String]?
                if menu != nil || FileManager.default.fileExists(atPath: menuPath) {
                    let known = Set(manifest.entries.map(\.id))
                    do {
                        menuIDs = try MenuTree.load(path: menuPath, overlays: files.overlay, knownPrompts: known).promptIDs.sorted()
                    } catch let error as MenuError {
                        // The menu loader names file and line; ids it could still read are checked below.
                        menuLines = error.problems.map { "problem\t-\t-\tmenu: \($0.description)" }
                        let text = FileManager.default.contents(atPath: menuPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
                        menuIDs = ((try? MenuPromptReferences.collect(yaml: text, path: menuPath)) ?? []).filter(known.contains)
                    }
                }
                return PromptChecker(manifest: manifest, directory: files.promptsDirectory).run(menuPromptIDs: menuIDs)
            }
            for line in menuLines { print(line) }
            for finding in report.findings { print(finding.description) }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let problems = report.problems.count + menuLines.count
            print(String(format: "check %@: %d recordings, %d problems, %d notes, %.0f ms", problems == 0 ? "ok" : "FAILED",
                         report.filesChecked, problems, report.findings.count - report.problems.count, ms))
            if problems > 0 { throw ExitCode.failure }
        }
    }

    /// `ivr prompts install`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install a recording as prompt ID: converted, trimmed, normalised, swapped in atomically.",
            discussion: """
            Accepts any format libsndfile reads (WAV, FLAC, Ogg, AIFF; any rate and channel count). The previous version is
            kept for `ivr prompts rollback ID`. Rejects silent, clipped, too long or undecodable files. Running lines play the
            new recording from their next play. Example: ivr prompts install welcome studio/welcome.flac
            """)

        @OptionGroup var files: FileOptions
        func validate() throws { try files.reject(data: true, overlay: true, because: "prompts live in the prompts folder") }
        @Argument(help: "The prompt id (snake_case, listed by `ivr prompts list`).") var id: String
        @Argument(help: "The recording to install.") var file: String
        @Option(help: "Language of the recording.") var lang = "cmn"
        @Flag(help: .hidden) var asDefault = false

        func run() throws {
            try withPromptErrors {
                let start = DispatchTime.now().uptimeNanoseconds
                let installer = PromptInstaller(manifest: try files.manifest(), directory: files.promptsDirectory)
                let r = try installer.install(id: id, from: file, language: lang, origin: asDefault ? .default : .replacement)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                print(String(format: "installed %@ (%@): %.2f s, %.1f dBov, peak %.1f dBFS -> %@%@ [%.0f ms]", id, lang,
                             r.measurement.durationSeconds, r.measurement.activeLevelDBFS, r.measurement.peakDBFS, r.path,
                             r.keptPrevious ? "; previous kept for rollback" : "", ms))
            }
        }
    }

    /// `ivr prompts rollback`.
    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollback",
            abstract: "Restore the version of prompt ID from before the last install (again: redo the install).")

        @OptionGroup var files: FileOptions
        func validate() throws { try files.reject(data: true, overlay: true, because: "prompts live in the prompts folder") }
        @Argument(help: "The prompt id.") var id: String
        @Option(help: "Language of the recording.") var lang = "cmn"

        func run() throws {
            try withPromptErrors {
                let store = PromptStore(directory: files.promptsDirectory)
                try store.rollback(id, language: lang)
                print("rolled back \(id) (\(lang)): now playing the \(store.origins(id, language: lang).current.rawValue) version")
            }
        }
    }

    /// `ivr prompts say`.
    struct Say: ParsableCommand {
        /// What the value is.
        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case number, digits, phone, date, time, money, workdays, duration, ordinal, weekday
        }

        static let configuration = CommandConfiguration(
            commandName: "say",
            abstract: "Speak a value with the Chinese verbaliser: prompt ids, text, or audio.",
            discussion: """
            KIND: number (1010, 3.05), digits (ticket numbers), phone, date (YYYY-MM-DD), time (HH:MM), money (yuan, 1234.50),
            workdays (N), duration (seconds), ordinal (N), weekday (1-7, Monday = 1).
            Prints the prompt ids in play order; --text prints the Chinese text; -o writes the audio as a WAV.
            Example: ivr prompts say money 1234.50 --text   → 一千两百三十四元五角
            """)

        @OptionGroup var files: FileOptions
        func validate() throws { try files.reject(data: true, overlay: true, because: "prompts live in the prompts folder") }
        @Argument(help: "What VALUE is: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: Kind
        @Argument(help: "The value.") var value: String
        @Flag(help: "Print the text instead of the prompt ids.") var text = false
        @Option(name: .shortAndLong, help: "Also write the spoken audio to this WAV file.") var output: String?
        @Option(help: "Language of the recordings for -o.") var lang = "cmn"
        @Flag(help: "Date: add the weekday.") var weekday = false

        func run() throws {
            try withPromptErrors {
                let items = try Self.items(kind, value, withWeekday: weekday)
                print(text ? items.text : items.map(\.description).joined(separator: " "))
                if let output {
                    let samples = PromptLibrary(directory: files.promptsDirectory, logger: Logger(label: "ivr")).render(items, language: lang)
                    try SoundFile.writeWAV(samples, to: output)
                    try? FileHandle.standardError.write(contentsOf: Data(String(format: "wrote %@ (%.2f s)\n", output, Telephony.seconds(samples: samples.count)).utf8))
                }
            }
        }

        static func items(_ kind: Kind, _ value: String, withWeekday: Bool) throws -> [PromptItem] {
            let v = ChineseVerbaliser()
            func integer(_ range: ClosedRange<Int64>) throws -> Int64 {
                guard let n = Int64(value), range.contains(n) else {
                    throw VerbaliserError.invalidValue(kind: kind.rawValue, value: value, expected: "a whole number in \(range.lowerBound)...\(range.upperBound)")
                }
                return n
            }
            switch kind {
            case .number: return try v.number(value)
            case .digits: return try v.digits(value)
            case .phone: return try v.phone(value)
            case .date: return try v.date(value, withWeekday: withWeekday)
            case .time: return try v.time(value)
            case .money: return try v.money(value)
            case .workdays: return v.workdays(Int(try integer(0...10_000)))
            case .duration: return v.duration(seconds: Int(try integer(0...100_000_000)))
            case .ordinal: return v.ordinal(try integer(0...ChineseVerbaliser.maximumNumber))
            case .weekday: return v.weekday(Int(try integer(1...7)))
            }
        }
    }

    /// `ivr prompts texts` (hidden): what Scripts/make-prompts.sh feeds to espeak-ng.
    struct Texts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "texts",
            abstract: "Print id, language, kind and synthesiser text for every text in the manifest (for make-prompts.sh).",
            shouldDisplay: false)

        @OptionGroup var files: FileOptions
        func validate() throws { try files.reject(data: true, overlay: true, because: "prompts live in the prompts folder") }

        func run() throws {
            try withPromptErrors {
                let manifest = try files.manifest()
                for entry in manifest.entries {
                    for lang in manifest.languages {
                        guard let text = entry.text[lang] else { continue }
                        print([entry.id, lang, entry.kind.rawValue, SpeechSynthesisText.prepare(text, language: lang)].joined(separator: "\t"))
                    }
                }
            }
        }
    }
}
