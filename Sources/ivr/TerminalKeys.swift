import Foundation

/// Keys typed on the terminal (0-9 * # A-D) read without waiting, for a demo line without a phone.
///
/// Puts the terminal in non-canonical, no-echo mode while active (Ctrl-C still interrupts) and restores it.
final class TerminalKeys {
    private var saved = termios()
    private var active = false

    /// Starts reading keys when standard input is a terminal; otherwise reads nothing.
    init() {
        guard isatty(STDIN_FILENO) == 1 else { active = false; return }
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            printError("cannot read the terminal's mode (tcgetattr: \(String(cString: strerror(errno)))); typed keys are not read, keys on the line still work")
            active = false
            return
        }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &raw.c_cc) {
            $0.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 0
                cc[Int(VTIME)] = 0
            }
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else {
            printError("cannot set the terminal's mode (tcsetattr: \(String(cString: strerror(errno)))); typed keys are not read, keys on the line still work")
            active = false
            return
        }
        active = true
    }

    /// Restores the terminal.
    func restore() {
        if active, tcsetattr(STDIN_FILENO, TCSANOW, &saved) != 0 {
            printError("cannot restore the terminal's mode (tcsetattr: \(String(cString: strerror(errno)))); run `stty sane`")
        }
    }

    deinit { restore() }

    /// The DTMF keys typed since the last call (other keys are ignored).
    func poll() -> [Character] {
        guard active else { return [] }
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = read(STDIN_FILENO, &buffer, buffer.count)
        guard n > 0 else { return [] }
        var keys: [Character] = []
        var inEscape = false
        for byte in buffer[0..<n] {
            // Arrow and function keys arrive as ESC [ … letter: skip the whole sequence, not just ESC.
            if byte == 0x1B { inEscape = true; continue }
            if inEscape {
                if (0x40...0x7E).contains(byte) && byte != UInt8(ascii: "[") && byte != UInt8(ascii: "O") { inEscape = false }
                continue
            }
            let key = Character(UnicodeScalar(byte)).uppercased().first!
            if "0123456789*#ABCD".contains(key) { keys.append(key) }
        }
        return keys
    }
}

/// Ctrl-C (SIGINT) and SIGTERM as a flag the frame loop checks, so the line ends cleanly between frames.
enum StopSignal {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Installs the handlers.
    static func install() {
        signal(SIGINT) { _ in StopSignal.flag = 1 }
        signal(SIGTERM) { _ in StopSignal.flag = 1 }
    }

    /// Whether a stop was requested.
    static var requested: Bool { flag != 0 }
}
