import AudioIO
import Foundation
import IVREngine
import Logging
import Prompts
import TicketStore
import WorkingDays

/// Loads what a line needs once (menu, calendar, prompts, store), validating everything up front so an
/// operator hears about a broken menu or calendar before a caller does.
enum LineSetup {
    /// A setup problem: one line for the operator.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What every call of a line or batch shares: loaded and validated once.
    struct Shared: Sendable {
        let tree: MenuTree
        let calendar: WorkingDayCalendar
        let settings: CalendarSettings
        let library: PromptLibrary
        let languages: [String]

        /// The services of one call (or a line) whose data lives in `data`.
        ///
        /// When the store cannot be opened (full disk, read-only folder) the line still answers: recorded
        /// information and menus work, and every ticket request gets the apology and the agent path; the
        /// operator gets one line saying why.
        /// - Parameters:
        ///   - store: a postgres:// address, or `nil` for SQLite in `data` (resolve `--store`/`IVR_STORE` with ``StoreOpening``).
        ///   - now: the injected clock's now (stamped on recovery records).
        func services(data: String, store storeURL: String? = nil, now: Date, node: String? = nil, logger: Logger) -> LineServices {
            var store: (any ManagedTicketStore)?
            do {
                store = try StoreOpening.open(store: storeURL, data: data, calendar: calendar, settings: settings, now: now, node: node,
                                              logger: logger)
            } catch {
                logger.error("\(error); answering without tickets until it is fixed")
            }
            return LineServices(tree: tree, calendar: calendar, calendarSettings: settings, prompts: library,
                                languages: languages, store: store, dataDirectory: data)
        }

        /// `--now` (or the wall clock when it is absent) at the hotline's UTC offset; see ``LineSetup/now(_:utcOffsetSeconds:)``.
        func now(_ text: String?) throws -> WorkingDays.LocalDateTime {
            try LineSetup.now(text, utcOffsetSeconds: settings.utcOffsetSeconds)
        }
    }

    /// Loads and validates the menu, prompt manifest and calendar of the prompts folder of `files`.
    static func loadShared(_ files: FileOptions, logger: Logger) throws -> Shared {
        let prompts = files.promptsDirectory
        let manifest: PromptManifest
        do { manifest = try files.manifest() } catch {
            throw Failure(description: "\(error)")
        }
        let tree: MenuTree
        do {
            tree = try MenuTree.load(path: prompts + "/menu.yaml", overlays: files.overlay,
                                     knownPrompts: Set(manifest.entries.map(\.id)))
        } catch {
            throw Failure(description: "\(error)")
        }
        let calendar: WorkingDayCalendar
        let settings: CalendarSettings
        do {
            calendar = try WorkingDayCalendar.load(directory: prompts + "/calendar")
            let hoursFile = prompts + "/calendar/business-hours.yaml"
            settings = FileManager.default.fileExists(atPath: hoursFile) ? try CalendarSettings.load(path: hoursFile) : CalendarSettings()
        } catch {
            throw Failure(description: "\(error)")
        }
        return Shared(tree: tree, calendar: calendar, settings: settings,
                      library: PromptLibrary(directory: prompts, logger: logger),
                      languages: installedLanguages(prompts, manifest: manifest))
    }


    /// The prompt sets with recordings on disk, Mandarin first.
    static func installedLanguages(_ directory: String, manifest: PromptManifest) -> [String] {
        let present = manifest.languages.filter { lang in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(lang)")) ?? []
            return files.contains { $0.hasSuffix(".wav") }
        }
        let ordered = present.sorted { ($0 == "cmn" ? 0 : 1, $0) < ($1 == "cmn" ? 0 : 1, $1) }
        return ordered.isEmpty ? ["cmn"] : ordered
    }

    /// Parses `--now` (ISO 8601 with or without offset; local time is China Standard Time), or reads the
    /// wall clock when it is absent: the only place the clock is read, to stamp the call.
    static func now(_ text: String?, utcOffsetSeconds: Int = WorkingDays.LocalDateTime.chinaStandardOffsetSeconds) throws -> WorkingDays.LocalDateTime {
        guard let text else { return WorkingDays.LocalDateTime(Date(), utcOffsetSeconds: utcOffsetSeconds) }
        guard let parsed = WorkingDays.LocalDateTime(iso8601: text, utcOffsetSeconds: utcOffsetSeconds) else {
            throw Failure(description: "--now \(text): not an ISO 8601 date-time; write e.g. 2025-09-26T10:00:00+08:00")
        }
        return parsed
    }

    /// A fresh call id: the local start time and four random hex digits (never derived from the caller).
    static func newCallID(_ now: WorkingDays.LocalDateTime) -> String {
        let d = now.date, t = now.time
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", d.year, d.month, d.day, t.hour, t.minute, t.second)
        return "c\(stamp)-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }
}
