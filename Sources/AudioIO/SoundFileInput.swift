import DSP
import Foundation
internal import CSndFile
#if canImport(Glibc)
import Glibc
#endif

/// Streams any audio file libsndfile reads (PCM 8/16/24/32-bit, float, µ-law and A-law WAV, FLAC, Ogg, AIFF, …),
/// at any rate and channel count, as 8 kHz mono 16-bit samples: channels are averaged, the rate is converted
/// with libsamplerate.
///
/// The corresponding C functions are `sf_open`, `sf_readf_float` and `sf_close`.
public final class SoundFileInput: AudioInput {
    /// The file being read.
    public let path: String
    /// The file's own sample rate in Hz.
    public let sourceRate: Int
    /// The file's own channel count.
    public let sourceChannels: Int
    /// Frames (samples per channel) the header announces at the source rate.
    public let sourceFrames: Int64

    private var handle: OpaquePointer?
    private let resampler: Resampler?
    private var interleaved: [Float]
    private var mono: [Float] = []
    private var pending: [Float] = []
    private var pendingStart = 0
    private var finished = false
    private var framesRead: Int64 = 0
    /// 8 kHz mono 16-bit PCM: samples go straight from libsndfile into the caller's buffer (`sf_read_short`), with
    /// no float conversion and no resampler: the same values the general path gives, at a fraction of the cost.
    private let direct: Bool
    /// libsndfile's format code (`SF_INFO.format`).
    private let format: Int32

    /// Opens `path` for streaming.
    /// - Parameter allowTruncated: read what a cut-short file holds instead of rejecting it (crash recovery).
    /// - Throws: ``AudioFileError`` naming the file: unreadable, empty, unrecognised format, malformed or absurd header.
    public init(path: String, allowTruncated: Bool = false) throws {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw AudioFileError(.unreadable, path: path,
                                 message: exists ? "cannot read the file: permission denied; check its mode and owner"
                                                 : "no such file; check the path")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw AudioFileError(.unreadable, path: path, message: "is a folder, not an audio file; give the path of a recording in it")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
        if size == 0 {
            throw AudioFileError(.empty, path: path, message: "the file is empty (0 bytes); record or copy it again")
        }
        var info = SF_INFO()
        guard let h = sf_open(path, Int32(SFM_READ), &info) else {
            let code = sf_error(nil)
            let reason = String(cString: sf_strerror(nil))
            switch Int(code) {
            case SF_ERR_UNRECOGNISED_FORMAT:
                throw AudioFileError(.unrecognisedFormat, path: path,
                                     message: "not an audio file libsndfile recognises (\(reason)); convert it to WAV, FLAC or Ogg")
            case SF_ERR_SYSTEM:
                throw AudioFileError(.unreadable, path: path, message: "cannot open: \(reason)")
            case SF_ERR_UNSUPPORTED_ENCODING:
                throw AudioFileError(.unsupported, path: path, message: "unsupported encoding (\(reason)); convert it to 16-bit PCM WAV")
            default:
                throw AudioFileError(.malformed, path: path, message: "damaged audio header (\(reason)); re-export the file")
            }
        }
        handle = h
        if info.channels < 1 || info.channels > 64 || info.samplerate < 1000 || info.samplerate > 768_000 || info.frames < 0 {
            sf_close(h)
            handle = nil
            throw AudioFileError(.malformed, path: path,
                                 message: "absurd header: \(info.channels) channels at \(info.samplerate) Hz; re-export the file")
        }
        if !allowTruncated, SoundFileInput.headerPromisesMoreThanFileHolds(SoundFileInput.logText(h)) {
            sf_close(h)
            handle = nil
            throw AudioFileError(.truncated, path: path,
                                 message: "truncated: the header announces more audio than the file holds; the copy or recording was cut short")
        }
        sourceRate = Int(info.samplerate)
        sourceChannels = Int(info.channels)
        sourceFrames = info.frames
        interleaved = [Float](repeating: 0, count: 4096 * Int(info.channels))
        resampler = sourceRate == Telephony.sampleRate ? nil : try Resampler(inputRate: sourceRate, outputRate: Telephony.sampleRate)
        direct = sourceRate == Telephony.sampleRate && sourceChannels == 1
            && info.format & Int32(SF_FORMAT_SUBMASK) == Int32(SF_FORMAT_PCM_16)
        format = info.format
    }

    deinit {
        if let handle { sf_close(handle) }
    }

    /// The duration of the converted stream in seconds, from the header.
    public var durationSeconds: Double { Double(sourceFrames) / Double(sourceRate) }

    public func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int {
        if direct { return try readDirect(into: buffer) }
        var written = 0
        while written < buffer.count {
            if pendingStart >= pending.count {
                if finished { break }
                try refill()
                continue
            }
            let n = min(buffer.count - written, pending.count - pendingStart)
            for i in 0..<n {
                let v = (pending[pendingStart + i] * 32768).rounded()
                buffer[written + i] = Int16(max(-32768, min(32767, v)))
            }
            written += n
            pendingStart += n
        }
        return written
    }

    /// The 8 kHz mono 16-bit fast path. The corresponding C function is `sf_read_short`.
    private func readDirect(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int {
        guard let handle, !finished, buffer.count > 0 else { return 0 }
        let n = Int(sf_read_short(handle, buffer.baseAddress, sf_count_t(buffer.count)))
        if n < 0 || (n == 0 && sf_error(handle) != 0) {
            throw AudioFileError(.malformed, path: path, message: "read error: \(String(cString: sf_strerror(handle)))")
        }
        framesRead += Int64(n)
        if n == 0 { finished = true }
        return n
    }

    /// For an 8 kHz mono 16-bit little-endian WAV, calls `body` with all of its samples mapped straight from the
    /// file (no read copies: the same samples ``read(into:)`` gives, the ones libsndfile counts) and returns what
    /// `body` returns; `nil` for any other file, or when the data chunk cannot be located, or after reading has
    /// begun: read it with ``read(into:)`` then. The file must not shrink while `body` runs.
    /// The corresponding C functions are `open`, `fstat` and `mmap`.
    public func withMappedSamples<R>(_ body: (UnsafeBufferPointer<Int16>) throws -> R) rethrows -> R? {
        guard direct, framesRead == 0, !finished, sourceFrames > 0, 1.littleEndian == 1,
              format & Int32(SF_FORMAT_TYPEMASK) == Int32(SF_FORMAT_WAV),
              format & Int32(SF_FORMAT_ENDMASK) == Int32(SF_ENDIAN_FILE)
                || format & Int32(SF_FORMAT_ENDMASK) == Int32(SF_ENDIAN_LITTLE) else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_size > 12, let layout = try? WAVFormat.inspect(fd: fd) else { return nil }
        let size = Int(status.st_size)
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, fd, 0), base != UnsafeMutableRawPointer(bitPattern: -1) else {
            return nil
        }
        defer { munmap(base, size) }
        let offset = layout.dataOffset
        guard offset % 2 == 0, Int64(offset) + sourceFrames * 2 <= Int64(size) else { return nil }
        let samples = (base + offset).assumingMemoryBound(to: Int16.self)
        return try body(UnsafeBufferPointer(start: samples, count: Int(sourceFrames)))
    }

    /// Reads the next block from the file into `pending`, downmixed and resampled.
    private func refill() throws {
        guard let handle else { finished = true; return }
        let channels = sourceChannels
        let frames = interleaved.withUnsafeMutableBufferPointer { buf in
            Int(sf_readf_float(handle, buf.baseAddress, sf_count_t(buf.count / channels)))
        }
        framesRead += Int64(frames)
        if frames < 0 || (frames == 0 && sf_error(handle) != 0) {
            throw AudioFileError(.malformed, path: path, message: "read error: \(String(cString: sf_strerror(handle)))")
        }
        mono.removeAll(keepingCapacity: true)
        if channels == 1 {
            mono.append(contentsOf: interleaved[0..<frames])
        } else {
            let scale = 1 / Float(channels)
            for f in 0..<frames {
                var sum: Float = 0
                for c in 0..<channels { sum += interleaved[f * channels + c] }
                mono.append(sum * scale)
            }
        }
        let atEnd = frames == 0
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
        if let resampler {
            try mono.withUnsafeBufferPointer { try resampler.process($0, endOfInput: atEnd, into: &pending) }
        } else {
            swap(&pending, &mono)
        }
        if atEnd { finished = true }
    }

    /// Whether libsndfile's log shows a data chunk longer than the file ("data : 16000 (should be 7956)").
    /// Streams written with an unknown length (0 or 0xFFFFFFFF) are not truncated.
    static func headerPromisesMoreThanFileHolds(_ log: String) -> Bool {
        for line in log.split(separator: "\n") where line.hasPrefix("data") {
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
            if numbers.count >= 2, line.contains("should be") {
                let declared = numbers[0], actual = numbers[1]
                if declared > actual && declared != 0xFFFF_FFFF && declared != 0 { return true }
            }
        }
        return false
    }

    /// libsndfile's parse log for an open file (it notes truncation and header oddities).
    /// The corresponding C function is `sf_command(SFC_GET_LOG_INFO)`.
    private static func logText(_ handle: OpaquePointer) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = sf_command(handle, Int32(SFC_GET_LOG_INFO), &buffer, Int32(buffer.count))
        let end = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<end], as: UTF8.self)
    }
}
