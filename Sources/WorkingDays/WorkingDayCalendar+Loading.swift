import Foundation
import Yams

extension WorkingDayCalendar {
    /// Loads every `YYYY.yaml` file of a folder (other files are ignored), one file per year:
    ///
    /// ```yaml
    /// year: 2025
    /// holidays:
    ///   - name: 春节
    ///     greeting: 春节好            # optional
    ///     first: 2025-01-28
    ///     last: 2025-02-04           # optional, defaults to first
    ///     make_up_working_days: [2025-01-26, 2025-02-08]   # optional
    /// ```
    /// An operator adds a year by dropping its file into the folder.
    /// - Throws: ``CalendarLoadError`` naming the file and line of the first problem.
    public static func load(directory: String) throws -> WorkingDayCalendar {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CalendarLoadError(file: directory, line: nil, message: "cannot list the calendar folder; create it or pass the folder holding YYYY.yaml files")
        }
        let yearFiles = names.filter { $0.count == 9 && $0.hasSuffix(".yaml") && $0.prefix(4).allSatisfy { $0.isASCII && $0.isNumber } }.sorted()
        guard !yearFiles.isEmpty else {
            throw CalendarLoadError(file: directory, line: nil, message: "no YYYY.yaml calendar files; add one per year (e.g. 2025.yaml)")
        }
        var years: [Int] = []
        var holidays: [Holiday] = []
        for name in yearFiles {
            let path = (directory as NSString).appendingPathComponent(name)
            let parsed = try loadYear(path: path, expectedYear: Int(name.prefix(4))!)
            years.append(parsed.year)
            holidays += parsed.holidays
        }
        do {
            return try WorkingDayCalendar(years: years, holidays: holidays)
        } catch let e as CalendarLoadError {
            throw CalendarLoadError(file: directory, line: nil, message: e.message)
        }
    }

    /// Parses one year file; see ``load(directory:)``.
    /// - Throws: ``CalendarLoadError`` naming the file and line.
    public static func loadYear(path: String, expectedYear: Int? = nil) throws -> (year: Int, holidays: [Holiday]) {
        let doc = try YAMLFile(path: path)
        let root = try doc.mapping(doc.root, what: "the file")
        guard let yearNode = root["year"], let year = Int(try doc.scalar(yearNode, what: "year")) else {
            throw doc.error(root.mark, "missing `year: YYYY`")
        }
        if let expectedYear, year != expectedYear {
            throw doc.error(yearNode.mark, "year \(year) does not match the file name \(expectedYear).yaml; rename the file or fix the year")
        }
        guard let list = root["holidays"] else { throw doc.error(root.mark, "missing `holidays:` list") }
        var holidays: [Holiday] = []
        for item in try doc.sequence(list, what: "holidays") {
            let h = try doc.mapping(item, what: "a holiday")
            guard let nameNode = h["name"] else { throw doc.error(item.mark, "holiday without `name`") }
            let name = try doc.scalar(nameNode, what: "name")
            let greeting = try h["greeting"].map { try doc.scalar($0, what: "greeting") }
            guard let firstNode = h["first"] else { throw doc.error(item.mark, "\(name): missing `first: YYYY-MM-DD`") }
            let first = try doc.date(firstNode, what: "first")
            let last = try h["last"].map { try doc.date($0, what: "last") } ?? first
            guard first <= last else { throw doc.error(firstNode.mark, "\(name): first day \(first) is after last day \(last)") }
            guard last.daysSinceEpoch - first.daysSinceEpoch < 31 else {
                throw doc.error(firstNode.mark, "\(name): \(first)…\(last) is longer than a month; check the dates")
            }
            guard abs(first.year - year) <= 1 else { throw doc.error(firstNode.mark, "\(name): \(first) is not in or next to \(year)") }
            var makeUp: [CivilDate] = []
            if let m = h["make_up_working_days"] {
                for d in try doc.sequence(m, what: "make_up_working_days") {
                    let day = try doc.date(d, what: "a make-up working day")
                    guard day.isWeekend else {
                        throw doc.error(d.mark, "\(name): make-up working day \(day) is a \(day.weekday); only a Saturday or Sunday can be one")
                    }
                    makeUp.append(day)
                }
            }
            holidays.append(Holiday(name: name, greeting: greeting?.isEmpty == true ? nil : greeting,
                                    firstDay: first, lastDay: last, makeUpWorkingDays: makeUp))
        }
        do {
            _ = try WorkingDayCalendar(years: [year], holidays: holidays)
        } catch let e as CalendarLoadError {
            throw CalendarLoadError(file: path, line: nil, message: e.message)
        }
        return (year, holidays)
    }
}

/// A parsed YAML file with helpers that turn shape errors into ``CalendarLoadError``s with the line.
struct YAMLFile {
    let path: String
    let root: Node

    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CalendarLoadError(file: path, line: nil, message: "cannot read the file; check that it exists and is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CalendarLoadError(file: path, line: nil, message: "not UTF-8 text; save it as UTF-8")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw CalendarLoadError(file: path, line: nil, message: "the file is empty")
            }
            root = node
        } catch let e as CalendarLoadError {
            throw e
        } catch let e as YamlError {
            throw CalendarLoadError(file: path, line: YAMLFile.line(of: e), message: "not valid YAML: \(YAMLFile.problem(of: e))")
        }
    }

    func error(_ mark: Mark?, _ message: String) -> CalendarLoadError {
        CalendarLoadError(file: path, line: mark?.line, message: message)
    }

    func mapping(_ node: Node, what: String) throws -> Node.Mapping {
        guard let m = node.mapping else { throw error(node.mark, "\(what) must be a mapping (key: value)") }
        return m
    }

    func sequence(_ node: Node, what: String) throws -> Node.Sequence {
        guard let s = node.sequence else { throw error(node.mark, "`\(what)` must be a list") }
        return s
    }

    func scalar(_ node: Node, what: String) throws -> String {
        guard let s = node.scalar else { throw error(node.mark, "`\(what)` must be a single value") }
        return s.string
    }

    func date(_ node: Node, what: String) throws -> CivilDate {
        let text = try scalar(node, what: what)
        guard let d = CivilDate(iso: text) else { throw error(node.mark, "`\(what)`: \"\(text)\" is not a date YYYY-MM-DD") }
        return d
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let p, _, _), .parser(_, let p, _, _), .composer(_, let p, _, _): return p
        default: return String(describing: error)
        }
    }
}
