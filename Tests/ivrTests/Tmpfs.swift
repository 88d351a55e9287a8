import Foundation

/// Small tmpfs volumes for the full-disk tests (root with mount, as CI has after Scripts/setup.sh).
enum Tmpfs {
    /// Whether this process can mount a small tmpfs: probed by mounting one (being root is not enough in a
    /// container without CAP_SYS_ADMIN).
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = IVRProcess.temporaryDirectory("probe")
        guard sh(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", probe]) == 0 else { return false }
        sh(["umount", probe])
        return true
    }()

    /// Runs a command quietly; its exit status.
    @discardableResult
    static func sh(_ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
