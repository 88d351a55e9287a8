import Foundation
import Testing

/// The HTML report in a real headless Chromium (Debian's `chromium` with `fonts-noto-cjk`, installed by
/// Scripts/setup.sh): it loads without a console message, renders its Chinese text, and is screenshotted.
@Suite("ivr report in headless Chromium", .serialized)
struct ReportBrowserTests {
    /// Runs chromium headless on `file` with console logging to stderr.
    static func chromium(_ arguments: [String], file: String) throws -> (status: Int32, stdout: String, console: [String]) {
        let profile = IVRProcess.temporaryDirectory("chromium-profile")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--enable-logging=stderr",
                             "--v=0", "--hide-scrollbars"] + arguments + ["file://\(file)"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: profile)
        // Page console messages (errors, warnings, logs) are the `CONSOLE` lines; the rest is the browser's own noise.
        let console = String(decoding: errData, as: UTF8.self).split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), console)
    }

    @Test func theReportOpensWithoutErrorsAndRendersChinese() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "install chromium (Scripts/setup.sh)")
        let fonts = Process()
        fonts.executableURL = URL(fileURLWithPath: "/usr/bin/fc-list")
        fonts.arguments = [":lang=zh", "family"]
        let pipe = Pipe()
        fonts.standardOutput = pipe
        try fonts.run()
        fonts.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("Noto Sans CJK"),
                "install fonts-noto-cjk (Scripts/setup.sh)")

        let dir = try ReportCommandTests.corpusData()
        let report = try IVRProcess.run(["report", "--from", "2025-09-20", "--to", "2025-10-10", "--now", "2025-10-20T10:00:00+08:00",
                                         "--data", "\(dir)/var", "--calendar", "\(ReportCommandTests.root)/Prompts/calendar",
                                         "--html", "\(dir)/report.html"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        // Self-contained: nothing fetched from elsewhere.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=") && !html.contains("url("))
        #expect(!html.contains("<link") && !html.contains("<script"))

        let dom = try Self.chromium(["--dump-dom"], file: "\(dir)/report.html")
        #expect(dom.status == 0)
        #expect(dom.console.isEmpty, "console: \(dom.console)")
        #expect(dom.stdout.contains("服务质量报告"))
        #expect(dom.stdout.contains("<svg"))

        let shot = "\(dir)/report.png"
        let png = try Self.chromium(["--window-size=1000,2600", "--screenshot=\(shot)"], file: "\(dir)/report.html")
        #expect(png.status == 0)
        #expect(png.console.isEmpty, "console: \(png.console)")
        let data = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(data.count > 50_000 && data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        if let keep = ProcessInfo.processInfo.environment["IVR_REPORT_SCREENSHOT"] {
            try data.write(to: URL(fileURLWithPath: keep))
        }
    }

    @Test func aBrokenPageIsCaught() throws {
        // The console check above can fail: a page with a script error is reported.
        let dir = IVRProcess.temporaryDirectory("chromium-bad")
        try "<html><body>x<script>undefinedFunction()</script></body></html>".write(toFile: "\(dir)/bad.html", atomically: true, encoding: .utf8)
        let run = try Self.chromium(["--dump-dom"], file: "\(dir)/bad.html")
        #expect(run.console.contains { $0.contains("undefinedFunction") })
    }
}
