import Foundation

/// The one raw RIFF/WAVE header routine of the project, beside libsndfile (which reads and writes every sample):
/// it reads a WAV file's `fmt ` fields as they are (so `ivr prompts check` can insist on the line's own format,
/// where libsndfile would convert anything silently), and finds, checks and repairs the data chunk of a partial
/// recording whose header sizes are stale after a crash (libsndfile refuses or trusts such a header).
package struct WAVFormat: Equatable, Sendable, CustomStringConvertible {
    /// 1 = integer PCM (also for WAVE_FORMAT_EXTENSIBLE with a PCM sub-format), 3 = float, 6/7 = A/µ-law.
    package let encoding: Int
    /// Channel count.
    package let channels: Int
    /// Sample rate in Hz.
    package let sampleRate: Int
    /// Bits per sample.
    package let bitsPerSample: Int

    /// Creates a format description.
    package init(encoding: Int, channels: Int, sampleRate: Int, bitsPerSample: Int) {
        self.encoding = encoding
        self.channels = channels
        self.sampleRate = sampleRate
        self.bitsPerSample = bitsPerSample
    }

    /// Whether this is the line's format: 8 kHz mono 16-bit integer PCM.
    package var isTelephony: Bool { encoding == 1 && channels == 1 && sampleRate == 8000 && bitsPerSample == 16 }

    package var description: String {
        let enc = [1: "PCM", 3: "float", 6: "A-law", 7: "µ-law"][encoding] ?? "encoding \(encoding)"
        return "\(sampleRate) Hz, \(channels) channel\(channels == 1 ? "" : "s"), \(bitsPerSample)-bit \(enc)"
    }

    /// Reads the format of the WAV file at `path`, or nil if it is not a RIFF/WAVE file with a `fmt ` chunk.
    package static func read(_ path: String) -> WAVFormat? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let head = try? head(fd: fd).bytes else { return nil }
        return try? chunks(head).format
    }

    /// Where the samples of a (possibly partial) 8 kHz mono 16-bit WAV file are.
    package struct Layout: Equatable, Sendable {
        /// Byte offset of the first sample.
        package var dataOffset: Int
        /// Bytes of samples actually present (from the file length, even).
        package var dataBytes: Int
        /// Whether the header's sizes disagree with the file length (a crash before the header update).
        package var headerStale: Bool
        /// Seconds of audio present.
        package var seconds: Double { Double(dataBytes / 2) / 8000 }
    }

    /// Why a file cannot be read as a WAV header.
    package struct Unreadable: Error, CustomStringConvertible {
        /// One line: what is wrong with the file.
        package var description: String
    }

    /// Reads the RIFF chunks of an open file to find the PCM data, trusting the file length over stale sizes.
    /// - Throws: ``Unreadable`` for anything that is not 8 kHz mono 16-bit PCM WAV.
    package static func inspect(fd: Int32) throws(Unreadable) -> Layout {
        let (head, fileSize) = try head(fd: fd)
        let found = try chunks(head)
        guard let format = found.format, let dataOffset = found.dataOffset else {
            throw Unreadable(description: "no data chunk in the first \(head.count) bytes")
        }
        guard format.isTelephony else { throw Unreadable(description: "\(format): expected 8 kHz mono 16-bit PCM") }
        let present = max(0, fileSize - dataOffset) & ~1
        // 0 and 0xFFFFFFFF are what streaming writers put before the final update.
        return Layout(dataOffset: dataOffset, dataBytes: present, headerStale: found.declaredDataBytes != present)
    }

    /// Rewrites a file's header sizes to match the samples present and drops a trailing odd byte, then fsyncs.
    /// - Returns: 0 or an errno.
    package static func repair(fd: Int32, layout: Layout) -> Int32 {
        let end = layout.dataOffset + layout.dataBytes
        if ftruncate(fd, off_t(end)) != 0 { return errno }
        var riff = UInt32(truncatingIfNeeded: end - 8).littleEndian
        var data = UInt32(truncatingIfNeeded: layout.dataBytes).littleEndian
        if pwrite(fd, &riff, 4, 4) != 4 { return errno }
        if pwrite(fd, &data, 4, off_t(layout.dataOffset - 4)) != 4 { return errno }
        return fsync(fd) == 0 ? 0 : errno
    }

    /// The first 4 KiB of an open file, and its size.
    private static func head(fd: Int32) throws(Unreadable) -> (bytes: [UInt8], fileSize: Int) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Unreadable(description: "cannot stat: \(String(cString: strerror(errno)))") }
        let fileSize = Int(st.st_size)
        var head = [UInt8](repeating: 0, count: min(fileSize, 4096))
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got == head.count, head.count >= 12 else { throw Unreadable(description: "too short for a WAV header (\(fileSize) bytes)") }
        return (head, fileSize)
    }

    /// Walks the chunks of a header: the `fmt ` fields, and the `data` chunk's offset and declared size.
    private static func chunks(_ head: [UInt8]) throws(Unreadable) -> (format: WAVFormat?, dataOffset: Int?, declaredDataBytes: Int) {
        func u16(_ i: Int) -> Int { Int(head[i]) | Int(head[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        func tag(_ i: Int) -> String { String(decoding: head[i..<i + 4], as: UTF8.self) }
        guard head.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else { throw Unreadable(description: "not a RIFF/WAVE file") }
        var format: WAVFormat?
        var i = 12
        while i + 8 <= head.count {
            let id = tag(i)
            let size = u32(i + 4)
            if id == "fmt " {
                guard i + 24 <= head.count, size >= 16 else { throw Unreadable(description: "truncated fmt chunk") }
                var encoding = u16(i + 8)
                if encoding == 0xFFFE, i + 34 <= head.count, size >= 40 { encoding = u16(i + 32) }
                format = WAVFormat(encoding: encoding, channels: u16(i + 10), sampleRate: u32(i + 12), bitsPerSample: u16(i + 22))
            } else if id == "data" {
                guard format != nil else { throw Unreadable(description: "data chunk before the fmt chunk") }
                return (format, i + 8, size)
            }
            guard size < 1 << 30 else { throw Unreadable(description: "chunk '\(id)' has a corrupt size") }
            i += 8 + size + (size & 1)
        }
        return (format, nil, 0)
    }
}
