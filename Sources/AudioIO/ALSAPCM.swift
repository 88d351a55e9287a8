import DSP
public import Logging
internal import CALSA

/// An open ALSA PCM at 8 kHz mono S16_LE through ALSA's plug layer; asks for 20 ms periods and 60 ms of buffer.
///
/// Every ALSA return code is checked. Hardware parameters are set, then the period and buffer the device granted
/// are read back and checked (a period of 10–40 ms, a buffer of at least two periods and at most one second), and
/// the software parameters are set (start at the first period for playback, wake when a period is available).
/// Under-runs and over-runs (`-EPIPE`, `-ESTRPIPE`) are recovered with `snd_pcm_recover`, counted in ``xruns``
/// and logged. The handle is closed when the object goes away; a failing `snd_pcm_close` is logged.
public final class ALSAPCM {
    /// Which way the samples flow.
    public enum Direction: String, Sendable {
        /// Recording from the device.
        case capture
        /// Playing to the device.
        case playback
    }

    /// The PCM name this was opened with.
    public let device: String
    /// Capture or playback.
    public let direction: Direction
    /// Period size in frames (samples) negotiated with the device.
    public let periodFrames: Int
    /// Buffer size in frames negotiated with the device (latency = buffer / 8000 s).
    public let bufferFrames: Int
    /// Under-runs (playback) or over-runs (capture) recovered so far.
    public private(set) var xruns = 0

    private let pcm: OpaquePointer
    private let logger: Logger

    /// Opens and configures `device`.
    /// - Parameters:
    ///   - device: an ALSA PCM name; `default` goes through the plug layer.
    ///   - direction: capture or playback.
    ///   - logger: where recovered xruns are reported.
    /// - Throws: ``ALSAError`` naming the device, e.g. when it does not exist or is busy.
    /// The corresponding C functions are `snd_pcm_open` and `snd_pcm_hw_params`.
    public init(device: String = "default", direction: Direction, logger: Logger) throws {
        self.device = device
        self.direction = direction
        self.logger = logger
        _ = CALSA_silence_library_errors()
        var handle: OpaquePointer?
        let stream = direction == .capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK
        let rc = snd_pcm_open(&handle, device, stream, 0)
        guard rc >= 0, let handle else {
            throw ALSAPCM.error(device, "snd_pcm_open", rc, direction: direction)
        }
        pcm = handle
        do {
            (periodFrames, bufferFrames) = try ALSAPCM.configure(handle, device: device, direction: direction)
        } catch {
            let rc = snd_pcm_close(handle)
            if rc < 0 { logger.error("\(ALSAPCM.error(device, "snd_pcm_close", rc, direction: direction))") }
            throw error
        }
    }

    deinit {
        let rc = snd_pcm_close(pcm)
        if rc < 0 { logger.error("\(ALSAPCM.error(device, "snd_pcm_close", rc, direction: direction))") }
    }

    /// Sets the hardware and software parameters; returns the negotiated period and buffer sizes.
    private static func configure(_ pcm: OpaquePointer, device: String, direction: Direction) throws -> (Int, Int) {
        var hwp: OpaquePointer?
        try check(snd_pcm_hw_params_malloc(&hwp), device, "snd_pcm_hw_params_malloc")
        guard let hw = hwp else { throw error(device, "snd_pcm_hw_params_malloc", -ENOMEM, direction: nil) }
        defer { snd_pcm_hw_params_free(hw) }
        try check(snd_pcm_hw_params_any(pcm, hw), device, "snd_pcm_hw_params_any")
        try check(snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED), device, "snd_pcm_hw_params_set_access")
        try check(snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE), device, "snd_pcm_hw_params_set_format")
        try check(snd_pcm_hw_params_set_channels(pcm, hw, 1), device, "snd_pcm_hw_params_set_channels")
        var rate = UInt32(Telephony.sampleRate)
        var dir: Int32 = 0
        try check(snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, &dir), device, "snd_pcm_hw_params_set_rate_near")
        if rate != UInt32(Telephony.sampleRate) {
            throw ALSAError(device: device, operation: "snd_pcm_hw_params_set_rate_near", code: -EINVAL,
                            reason: "the device offers \(rate) Hz, not 8000 Hz",
                            hint: "Use a plug device (e.g. --device plug:\(device) or default) so ALSA converts the rate.")
        }
        var period = snd_pcm_uframes_t(Telephony.frameSamples)
        try check(snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, &dir), device, "snd_pcm_hw_params_set_period_size_near")
        var buffer = snd_pcm_uframes_t(Telephony.frameSamples * 3)
        try check(snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer), device, "snd_pcm_hw_params_set_buffer_size_near")
        try check(snd_pcm_hw_params(pcm, hw), device, "snd_pcm_hw_params")
        // Read back what the device granted: the _near calls may round.
        var grantedPeriod = snd_pcm_uframes_t(0), grantedBuffer = snd_pcm_uframes_t(0)
        try check(snd_pcm_hw_params_get_period_size(hw, &grantedPeriod, &dir), device, "snd_pcm_hw_params_get_period_size")
        try check(snd_pcm_hw_params_get_buffer_size(hw, &grantedBuffer), device, "snd_pcm_hw_params_get_buffer_size")
        let periodFrames = Int(grantedPeriod), bufferFrames = Int(grantedBuffer)
        guard (Telephony.frameSamples / 2...Telephony.frameSamples * 2).contains(periodFrames),
              bufferFrames >= 2 * periodFrames, bufferFrames <= Telephony.sampleRate else {
            throw ALSAError(device: device, operation: "snd_pcm_hw_params", code: -EINVAL,
                            reason: "the device granted a period of \(periodFrames) and a buffer of \(bufferFrames) frames (wanted about 160 and 480)",
                            hint: "Use a plug device (e.g. --device plug:\(device) or default) so ALSA adapts the sizes.")
        }
        // Software parameters: playback starts once a period is queued; both directions wake per period.
        var swp: OpaquePointer?
        try check(snd_pcm_sw_params_malloc(&swp), device, "snd_pcm_sw_params_malloc")
        guard let sw = swp else { throw error(device, "snd_pcm_sw_params_malloc", -ENOMEM, direction: nil) }
        defer { snd_pcm_sw_params_free(sw) }
        try check(snd_pcm_sw_params_current(pcm, sw), device, "snd_pcm_sw_params_current")
        let start = direction == .playback ? snd_pcm_uframes_t(periodFrames) : 1
        try check(snd_pcm_sw_params_set_start_threshold(pcm, sw, start), device, "snd_pcm_sw_params_set_start_threshold")
        try check(snd_pcm_sw_params_set_avail_min(pcm, sw, snd_pcm_uframes_t(periodFrames)), device, "snd_pcm_sw_params_set_avail_min")
        try check(snd_pcm_sw_params(pcm, sw), device, "snd_pcm_sw_params")
        try check(snd_pcm_prepare(pcm), device, "snd_pcm_prepare")
        return (periodFrames, bufferFrames)
    }

    /// Reads exactly `buffer.count` samples (blocking), recovering over-runs.
    /// - Returns: `buffer.count`.
    /// - Throws: ``ALSAError`` when the device fails in a way `snd_pcm_recover` cannot mend.
    /// The corresponding C function is `snd_pcm_readi`.
    public func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int {
        precondition(direction == .capture, "read on a playback PCM")
        var done = 0
        while done < buffer.count {
            let n = snd_pcm_readi(pcm, buffer.baseAddress! + done, snd_pcm_uframes_t(buffer.count - done))
            if n >= 0 {
                done += Int(n)
            } else {
                try recover(Int32(n), operation: "snd_pcm_readi")
            }
        }
        return done
    }

    /// Writes all samples (blocking), recovering under-runs.
    /// - Throws: ``ALSAError`` when the device fails in a way `snd_pcm_recover` cannot mend.
    /// The corresponding C function is `snd_pcm_writei`.
    public func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        precondition(direction == .playback, "write on a capture PCM")
        var done = 0
        while done < samples.count {
            let n = snd_pcm_writei(pcm, samples.baseAddress! + done, snd_pcm_uframes_t(samples.count - done))
            if n >= 0 {
                done += Int(n)
            } else {
                try recover(Int32(n), operation: "snd_pcm_writei")
            }
        }
    }

    /// Plays out what is buffered, then stops. The corresponding C function is `snd_pcm_drain`.
    public func drain() throws {
        try ALSAPCM.check(snd_pcm_drain(pcm), device, "snd_pcm_drain")
    }

    /// The one place errors of reads and writes are handled: EINTR/EAGAIN retry, xruns recover and count.
    private func recover(_ code: Int32, operation: String) throws {
        if code == -CALSA_EINTR() || code == -CALSA_EAGAIN() { return }
        if code == -CALSA_EPIPE() || code == -CALSA_ESTRPIPE() {
            xruns += 1
            logger.warning("ALSA \(direction == .capture ? "over-run" : "under-run") on '\(device)' recovered (\(xruns) so far)")
        }
        let rc = snd_pcm_recover(pcm, code, 1)
        if rc < 0 { throw ALSAPCM.error(device, operation, code, direction: direction) }
    }

    private static func check(_ rc: Int32, _ device: String, _ operation: String) throws {
        if rc < 0 { throw error(device, operation, rc, direction: nil) }
    }

    /// Builds an ``ALSAError`` with advice fitted to the errno.
    private static func error(_ device: String, _ operation: String, _ rc: Int32, direction: Direction?) -> ALSAError {
        let reason = String(cString: snd_strerror(rc))
        let hint: String
        switch -rc {
        case ENOENT, ENODEV, ENXIO:
            hint = device == "default"
                ? "No sound card is configured on this machine; `ivr devices` lists what ALSA knows, and `ivr call` runs recorded calls without one."
                : "No such PCM; list the names with `ivr devices` (or `aplay -L`), or use --device default."
        case EBUSY:
            hint = "The device is in use by another program; stop it, or use a dmix/dsnoop device such as --device default."
        case EACCES, EPERM:
            hint = "Permission denied; add your user to the 'audio' group."
        default:
            hint = "Check the device with `ivr devices`; a plug device (--device default) converts formats."
        }
        let op = direction.map { "\(operation) (\($0.rawValue))" } ?? operation
        return ALSAError(device: device, operation: op, code: rc, reason: reason, hint: hint)
    }
}

/// ALSA capture as an ``AudioInput``: a live line's caller audio. It never ends by itself.
public final class ALSACapture: AudioInput {
    /// The open PCM.
    public let pcm: ALSAPCM
    /// Opens `device` for capture. - Throws: ``ALSAError``.
    public init(device: String = "default", logger: Logger) throws {
        pcm = try ALSAPCM(device: device, direction: .capture, logger: logger)
    }
    public func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int { try pcm.read(into: buffer) }
}

/// ALSA playback as an ``AudioOutput``: what a live line plays to the caller.
public final class ALSAPlayback: AudioOutput {
    /// The open PCM.
    public let pcm: ALSAPCM
    /// Opens `device` for playback. - Throws: ``ALSAError``.
    public init(device: String = "default", logger: Logger) throws {
        pcm = try ALSAPCM(device: device, direction: .playback, logger: logger)
    }
    public func write(_ samples: UnsafeBufferPointer<Int16>) throws { try pcm.write(samples) }
    /// Waits until everything written has been played. - Throws: ``ALSAError``.
    public func drain() throws { try pcm.drain() }
}
