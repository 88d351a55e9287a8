import Foundation

/// A minimal `multipart/form-data` reader (RFC 7578) for the prompt upload form: named parts, their bytes.
enum Multipart {
    /// One part.
    struct Part {
        var name: String
        var filename: String?
        var body: [UInt8]
    }

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(b.count) ? b : nil
            }
        }
        return nil
    }

    /// The parts of `body`, or `nil` when it is not well-formed.
    static func parse(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array(("--" + boundary).utf8)
        var positions: [Int] = []
        var i = 0
        while let p = find(delimiter, in: body, from: i) { positions.append(p); i = p + delimiter.count }
        guard positions.count >= 2 else { return nil }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var s = start + delimiter.count
            guard s + 2 <= body.count, body[s] == 13, body[s + 1] == 10 else { return nil }
            s += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: s), headerEnd < end else { return nil }
            let headers = String(decoding: body[s..<headerEnd], as: UTF8.self)
            var contentEnd = end
            if contentEnd >= 2, body[contentEnd - 2] == 13, body[contentEnd - 1] == 10 { contentEnd -= 2 }
            guard headerEnd + 4 <= contentEnd else { return nil }
            var name: String? = nil, filename: String? = nil
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            }
            guard let name else { return nil }
            parts.append(Part(name: name, filename: filename, body: Array(body[(headerEnd + 4)..<contentEnd])))
        }
        return parts
    }

    private static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
