import Foundation
import Yams

/// The prompt ids a menu file refers to, read generically: every scalar found under a key named `prompt` or
/// `prompts`, at any depth (until the engine's menu loader supplies the list itself).
public enum MenuPromptReferences {
    /// The ids in `yaml`, in order of appearance, without duplicates.
    /// - Throws: ``PromptError`` `.badManifest` naming `path` if the YAML does not parse.
    public static func collect(yaml: String, path: String = "menu.yaml") throws -> [String] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw PromptError(.badManifest, path: path, "not valid YAML (\(String(describing: error).split(separator: "\n").first ?? "")); fix the syntax")
        }
        var out: [String] = []
        var seen: Set<String> = []
        func scalars(_ node: Node) {
            switch node {
            case .scalar(let s):
                if seen.insert(s.string).inserted { out.append(s.string) }
            case .sequence(let seq): seq.forEach(scalars)
            case .mapping(let map): map.forEach { scalars($0.value) }
            case .alias: break
            }
        }
        func walk(_ node: Node) {
            switch node {
            case .mapping(let map):
                for (key, value) in map {
                    if let k = key.string, k == "prompt" || k == "prompts" { scalars(value) } else { walk(value) }
                }
            case .sequence(let seq): seq.forEach(walk)
            case .scalar, .alias: break
            }
        }
        if let root { walk(root) }
        return out
    }

    /// The ids referenced by `<directory>/menu.yaml`, or nil when there is no such file.
    /// - Throws: ``PromptError`` if the file exists but does not parse.
    public static func load(directory: String) throws -> [String]? {
        let path = (directory as NSString).appendingPathComponent("menu.yaml")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try collect(yaml: String(decoding: data, as: UTF8.self), path: path)
    }
}
