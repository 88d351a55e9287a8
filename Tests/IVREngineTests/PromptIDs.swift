import Prompts

/// The prompt ids of the shipped prompt set (Prompts/prompts.yaml): the contract the menu is checked against.
enum PromptIDs {
    static let all: Set<String> = {
        let manifest = try! PromptManifest.load(directory: Fixtures.root + "/Prompts")
        return Set(manifest.entries.map(\.id))
    }()
    /// The sample overlay's own prompts besides the national set.
    static let guangdong: Set<String> = all.union([
        "gd_employment_menu", "gd_policy_employment_services", "gd_policy_youth_employment",
    ])
}
