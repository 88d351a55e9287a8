import Foundation
import Hummingbird
import NIOCore

/// Serving recordings: only files inside a given root (symlinks and `..` resolved first), with HTTP range
/// requests (RFC 9110 §14: one range; 206 with Content-Range, 416 for a range that cannot be served).
enum AudioFiles {
    /// The canonical path of `relative` under `root`, or `nil` when it resolves outside `root` or does not exist.
    static func resolve(_ relative: String, under root: String) -> String? {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0"),
              let base = realpath(root, nil) else { return nil }
        defer { free(base) }
        guard let full = realpath(root + "/" + relative, nil) else { return nil }
        defer { free(full) }
        let rootPath = String(cString: base), filePath = String(cString: full)
        guard filePath.hasPrefix(rootPath + "/") else { return nil }
        guard (try? FileManager.default.attributesOfItem(atPath: filePath)[.type] as? FileAttributeType) == .typeRegular else {
            return nil
        }
        return filePath
    }

    /// What the `Range` header asks for.
    enum RangeRequest: Equatable {
        /// No (usable) Range header: the whole file.
        case whole
        /// Bytes `lower...upper` (clamped to the file).
        case bytes(ClosedRange<Int>)
        /// A range this file cannot satisfy, or a malformed byte range.
        case unsatisfiable
    }

    /// Parses `Range: bytes=a-b | a- | -n` against a file of `size` bytes. Other units are ignored (whole file,
    /// as RFC 9110 allows); several ranges get the whole file too.
    static func parseRange(_ header: String?, size: Int) -> RangeRequest {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return .whole }
        guard header.lowercased().hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        if spec.contains(",") { return .whole }
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && $0.count <= 15 }) else {
            return .unsatisfiable
        }
        switch (Int(parts[0]), Int(parts[1])) {
        case let (first?, last?):
            guard first <= last, first < size else { return .unsatisfiable }
            return .bytes(first...min(last, size - 1))
        case let (first?, nil):
            guard first < size else { return .unsatisfiable }
            return .bytes(first...(size - 1))
        case let (nil, suffix?):
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .bytes(max(0, size - suffix)...(size - 1))
        case (nil, nil):
            return .unsatisfiable
        }
    }

    /// The response for `path` (already resolved) and this request's Range header; `startsListen` is true when the
    /// response begins at byte 0 (a new listen, as opposed to seeking within one).
    static func response(path: String, request: Request, contentType: String) throws -> (response: Response, startsListen: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConsoleError.notFound("录音文件无法读取。")
        }
        return response(data: data, request: request, contentType: contentType)
    }

    /// The response for a recording's bytes (read from a file or from the store) and this request's Range header.
    static func response(data: Data, request: Request, contentType: String) -> (response: Response, startsListen: Bool) {
        var headers: HTTPFields = [.contentType: contentType, .acceptRanges: "bytes", .cacheControl: "no-store"]
        switch parseRange(request.headers[.range], size: data.count) {
        case .whole:
            headers[.contentLength] = String(data.count)
            return (Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data))), true)
        case .bytes(let r):
            headers[.contentRange] = "bytes \(r.lowerBound)-\(r.upperBound)/\(data.count)"
            headers[.contentLength] = String(r.count)
            let slice = data[data.startIndex + r.lowerBound ... data.startIndex + r.upperBound]
            return (Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: slice))), r.lowerBound == 0)
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(data.count)"
            return (Response(status: .rangeNotSatisfiable, headers: headers), false)
        }
    }
}
