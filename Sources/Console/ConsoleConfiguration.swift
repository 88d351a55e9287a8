package import Foundation

/// Settings of the staff console: where it listens, what it shows, and its security limits.
package struct ConsoleConfiguration: Sendable {
    /// The address to bind; loopback by default (put a TLS proxy in front to serve other hosts).
    package var host = "127.0.0.1"
    /// The TCP port.
    package var port = 8333
    /// The hotline's name, shown on every page.
    package var hotlineName = "12333 人力资源社会保障咨询服务热线"
    /// The `Prompts/` folder (prompt list, player, install and rollback).
    package var promptsDirectory = "Prompts"
    /// How long a session lasts after login (a working shift), in seconds.
    package var sessionLifetime: TimeInterval = 8 * 3600
    /// bcrypt cost for new passwords (12 in service; tests may lower it).
    package var bcryptCost: UInt8 = 12
    /// Whether session cookies carry `Secure`. Chromium and Firefox keep Secure cookies set by http://127.0.0.1 and
    /// http://localhost (potentially trustworthy origins), so this stays on even on plain loopback HTTP.
    package var secureCookies = true
    /// The largest form body accepted, in bytes (larger: 413, nothing read or changed).
    package var maxFormBytes = 16 * 1024
    /// The largest prompt recording upload accepted, in bytes.
    package var maxUploadBytes = 8 * 1024 * 1024
    /// Rows shown per deadline band on the work queue (the counts above them are always complete).
    package var queueRowsPerBand = 100
    /// Working days ahead the work queue looks ("due in 1–3 working days").
    package var queueHorizonWorkingDays = 3
    /// Failed logins per account (or per client address) before a pause.
    package var maxFailedLogins = 5
    /// The pause after too many failed logins, in seconds.
    package var loginLockout: TimeInterval = 15 * 60
    /// The folder of Chart.js from Debian's libjs-chart.js (served at `/static/chart.js`).
    package var chartJSDirectory = "/usr/share/javascript/chart.js"
    /// The lines shown on the Line page (`default` is the demo line of `ivr line`).
    package var lines = ["default"]
    /// The clock (injected in tests).
    package var now: @Sendable () -> Date = { Date() }

    /// The defaults.
    package init() {}
}
