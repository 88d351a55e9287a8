import Foundation
import TestGate
import Testing

/// The gate the tests use for a missing tool or privilege (`needs`, `tool`): in CI a test whose tool is missing runs
/// and fails instead of being skipped; outside CI it is skipped.
@Suite struct CIGateTests {
    /// A tool no machine has.
    static let missing = "/nonexistent/ivr-ci-gate-probe"

    /// The trait a test that needs the missing tool declares, under the gate of `environment`.
    static func trait(_ environment: [String: String]) -> ConditionTrait {
        .enabled(if: CIGate(environment: environment).runs(needing: tool(missing)), "needs \(missing)")
    }

    @Test(arguments: [["CI": "1"], ["CI": "true"], ["CI": "TRUE"], ["CI": "yes"], ["CI": "github-actions"]])
    func inCIATestWhoseToolIsMissingRunsAndFails(_ environment: [String: String]) async throws {
        #expect(!tool(Self.missing))
        #expect(CIGate(environment: environment).isCI)
        // Not skipped: the condition lets it run …
        #expect(try await Self.trait(environment).evaluate())
        // … and its body's requirement fails, naming the fix.
        withKnownIssue("the tool is missing, so the test fails") {
            try #require(tool(Self.missing), "\(Self.missing) is missing: run Scripts/setup.sh")
        }
    }

    @Test(arguments: [[:], ["CI": ""], ["CI": "0"], ["CI": "false"], ["CI": "FALSE"], ["CI": "no"]])
    func outsideCIATestWhoseToolIsMissingIsSkipped(_ environment: [String: String]) async throws {
        #expect(!CIGate(environment: environment).isCI)
        #expect(try await !Self.trait(environment).evaluate())
    }

    @Test func aTestWhoseToolIsThereRunsEverywhere() async throws {
        for environment in [[:], ["CI": "1"]] {
            let trait = ConditionTrait.enabled(if: CIGate(environment: environment).runs(needing: tool("/bin/sh")), "needs sh")
            #expect(try await trait.evaluate())
        }
    }

    @Test func theSuiteGatesOnThisProcesssEnvironment() {
        let ci = ProcessInfo.processInfo.environment["CI"].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
        #expect(runningInCI == ci)
        #expect(needs(tool(Self.missing)) == ci)
        #expect(needs(true))
    }
}
