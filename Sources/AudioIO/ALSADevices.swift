internal import CALSA

/// One PCM that ALSA's configuration names (what `aplay -L` lists).
public struct ALSADeviceInfo: Sendable, Equatable {
    /// The name to pass as `--device`.
    public let name: String
    /// The description lines from the configuration, joined with " / ".
    public let description: String
    /// "Input", "Output", or nil when the PCM does both.
    public let direction: String?
}

/// Lists ALSA PCMs.
public enum ALSADevices {
    /// The PCMs ALSA's configuration declares with hints.
    /// The corresponding C functions are `snd_device_name_hint` and `snd_device_name_get_hint`.
    public static func list() -> [ALSADeviceInfo] {
        _ = CALSA_silence_library_errors()
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var result: [ALSADeviceInfo] = []
        var i = 0
        while let hint = hints[i] {
            i += 1
            func get(_ key: String) -> String? {
                guard let p = snd_device_name_get_hint(hint, key) else { return nil }
                defer { free(p) }
                return String(cString: p)
            }
            guard let name = get("NAME") else { continue }
            let desc = (get("DESC") ?? "").split(separator: "\n").joined(separator: " / ")
            result.append(ALSADeviceInfo(name: name, description: desc, direction: get("IOID")))
        }
        return result
    }
}
