import Foundation

/// The minimal RIFF/WAVE handling the store needs without an audio library: write a canonical 44-byte header
/// for 8 kHz mono 16-bit PCM, and inspect or repair a partial file whose header sizes are stale after a crash.
package enum WAVFile {
    /// Samples per second of every recording.
    package static let sampleRate = 8000

    /// The canonical 44-byte header for `dataBytes` bytes of 8 kHz mono 16-bit PCM.
    package static func header(dataBytes: Int) -> [UInt8] {
        var h = [UInt8]()
        h.reserveCapacity(44)
        func u32(_ v: Int) { let x = UInt32(truncatingIfNeeded: v); for s in [0, 8, 16, 24] { h.append(UInt8(truncatingIfNeeded: x >> UInt32(s))) } }
        func u16(_ v: Int) { h.append(UInt8(v & 0xff)); h.append(UInt8(v >> 8 & 0xff)) }
        h += Array("RIFF".utf8); u32(36 + dataBytes); h += Array("WAVE".utf8)
        h += Array("fmt ".utf8); u32(16); u16(1); u16(1); u32(sampleRate); u32(sampleRate * 2); u16(2); u16(16)
        h += Array("data".utf8); u32(dataBytes)
        return h
    }

    /// The bytes of a whole WAV file for `samples`.
    package static func bytes(samples: [Int16]) -> [UInt8] {
        var out = header(dataBytes: samples.count * 2)
        out.reserveCapacity(44 + samples.count * 2)
        // WAV is little-endian: copy the samples' bytes as they are on a little-endian host, swap otherwise.
        if 1.littleEndian == 1 {
            samples.withUnsafeBytes { out.append(contentsOf: $0) }
        } else {
            for s in samples { let u = UInt16(bitPattern: s); out.append(UInt8(u & 0xff)); out.append(UInt8(u >> 8)) }
        }
        return out
    }

    /// What a (possibly partial) WAV file holds.
    package struct Layout: Equatable {
        /// Byte offset of the first sample.
        package var dataOffset: Int
        /// Bytes of samples actually present (from the file length, even).
        package var dataBytes: Int
        /// Whether the header's sizes disagree with the file length (a crash before the header update).
        package var headerStale: Bool
        /// Seconds of audio present.
        package var seconds: Double { Double(dataBytes / 2) / Double(sampleRate) }
    }

    /// Why a file cannot be recovered.
    package struct Unreadable: Error, CustomStringConvertible {
        package var description: String
    }

    /// Reads the RIFF chunks of an open file to find the PCM data, trusting the file length over stale sizes.
    /// - Throws: ``Unreadable`` for anything that is not 8 kHz mono 16-bit PCM WAV.
    package static func inspect(fd: Int32) throws -> Layout {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Unreadable(description: "cannot stat: \(String(cString: strerror(errno)))") }
        let fileSize = Int(st.st_size)
        var head = [UInt8](repeating: 0, count: min(fileSize, 4096))
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got == head.count, head.count >= 12 else { throw Unreadable(description: "too short for a WAV header (\(fileSize) bytes)") }
        func u32(_ o: Int) -> Int { Int(head[o]) | Int(head[o + 1]) << 8 | Int(head[o + 2]) << 16 | Int(head[o + 3]) << 24 }
        func u16(_ o: Int) -> Int { Int(head[o]) | Int(head[o + 1]) << 8 }
        func tag(_ o: Int) -> String { String(decoding: head[o..<o + 4], as: UTF8.self) }
        guard tag(0) == "RIFF", tag(8) == "WAVE" else { throw Unreadable(description: "not a RIFF/WAVE file") }
        var offset = 12
        var sawFormat = false
        while offset + 8 <= head.count {
            let id = tag(offset)
            let size = u32(offset + 4)
            if id == "fmt " {
                guard offset + 8 + 16 <= head.count else { throw Unreadable(description: "truncated fmt chunk") }
                let format = u16(offset + 8), channels = u16(offset + 10), rate = u32(offset + 12), bits = u16(offset + 22)
                guard format == 1 || format == 0xfffe, channels == 1, rate == sampleRate, bits == 16 else {
                    throw Unreadable(description: "format \(format), \(channels) channel(s), \(rate) Hz, \(bits) bit: expected 8 kHz mono 16-bit PCM")
                }
                sawFormat = true
            } else if id == "data" {
                guard sawFormat else { throw Unreadable(description: "data chunk before the fmt chunk") }
                let start = offset + 8
                let present = max(0, fileSize - start) & ~1
                // 0 and 0xFFFFFFFF are what streaming writers put before the final update.
                let stale = size != present
                return Layout(dataOffset: start, dataBytes: present, headerStale: stale)
            }
            guard size >= 0, size < 1 << 30 else { throw Unreadable(description: "chunk '\(id)' has a corrupt size") }
            offset += 8 + size + (size & 1)
        }
        throw Unreadable(description: "no data chunk in the first \(head.count) bytes")
    }

    /// Rewrites a file's header sizes to match the samples present and drops a trailing odd byte, then fsyncs.
    /// Returns 0 or an errno.
    package static func repair(fd: Int32, layout: Layout) -> Int32 {
        let end = layout.dataOffset + layout.dataBytes
        if ftruncate(fd, off_t(end)) != 0 { return errno }
        var riff = UInt32(truncatingIfNeeded: end - 8).littleEndian
        var data = UInt32(truncatingIfNeeded: layout.dataBytes).littleEndian
        if pwrite(fd, &riff, 4, 4) != 4 { return errno }
        if pwrite(fd, &data, 4, off_t(layout.dataOffset - 4)) != 4 { return errno }
        return fsync(fd) == 0 ? 0 : errno
    }
}
