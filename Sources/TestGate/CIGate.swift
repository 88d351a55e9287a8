import Foundation

/// The gate of tests that need a tool or a privilege a machine may lack (test tooling: the product never links it).
///
/// A test says what it needs with `@Test(.enabled(if: needs(tool("/usr/bin/sox")), "needs sox"))` and requires it
/// again in its body (`try #require(tool(…), "… run Scripts/setup.sh")`). Outside CI such a test is skipped when
/// what it needs is missing. In CI (`CI` set and not empty, `0`, `false` or `no`) it runs anyway and fails, because
/// CI runs as root with `Scripts/setup.sh` done: there a missing tool is a defect of the setup, and a skip would
/// hide it.
package struct CIGate: Sendable {
    /// Whether the environment is CI.
    package let isCI: Bool

    /// The gate of this process's environment.
    package init() { self.init(environment: ProcessInfo.processInfo.environment) }

    /// The gate for an environment.
    package init(environment: [String: String]) {
        guard let value = environment["CI"] else {
            isCI = false
            return
        }
        isCI = !["", "0", "false", "no"].contains(value.lowercased())
    }

    /// Whether a test that needs something runs: when it is `available`, and always in CI.
    package func runs(needing available: Bool) -> Bool { available || isCI }
}

/// Whether the tests run in CI (this process's environment).
package let runningInCI: Bool = CIGate().isCI

/// The condition of a test that needs `available`: true when it is, and always in CI (where its absence must fail).
package func needs(_ available: Bool) -> Bool { CIGate().runs(needing: available) }

/// Whether an executable exists at `path`.
package func tool(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }
