import Foundation
import Hummingbird
import NIOCore
import TicketStore

/// A submitted `application/x-www-form-urlencoded` form.
struct Form: Sendable {
    /// Field values by name (the last value wins; duplicates are refused by ``parse(_:)``).
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// A required field, trimmed, at most `max` characters.
    func text(_ name: String, label: String, max: Int = 500, required: Bool = true) throws -> String {
        let value = (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if required && value.isEmpty { throw ConsoleError.badRequest("请填写「\(label)」。") }
        if value.count > max { throw ConsoleError.badRequest("「\(label)」过长（最多 \(max) 字）。") }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            throw ConsoleError.badRequest("「\(label)」含有不可见的控制字符。")
        }
        return value
    }

    /// Parses a URL-encoded body. A field given twice, or bytes that are not UTF-8, is a bad request.
    static func parse(_ body: String) throws -> Form {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw ConsoleError.badRequest("表单编码有误。")
            }
            guard fields[name] == nil else { throw ConsoleError.badRequest("表单字段「\(name)」重复。") }
            fields[name] = value
        }
        return Form(fields: fields)
    }

    private static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension Request {
    /// Reads a form of at most `limit` bytes (413 beyond) posted by a logged-in staff member with `permission`,
    /// and checks its CSRF token against the session's (403 when missing or wrong). Nothing is changed before
    /// these checks pass.
    func staffForm(_ context: ConsoleContext, _ permission: Permission, limit: Int) async throws -> (StaffSessionRecord, Form) {
        let session = try context.require(permission)
        let form = try await urlEncodedForm(limit: limit)
        guard let token = form["csrf"], Sessions.equal(token, session.csrf) else { throw ConsoleError.badCSRF }
        return (session, form)
    }

    /// The body as a URL-encoded form of at most `limit` bytes.
    func urlEncodedForm(limit: Int) async throws -> Form {
        let type = headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw ConsoleError(status: .unsupportedMediaType, message: "请通过页面上的表单提交。")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ConsoleError(status: .contentTooLarge, message: "提交的内容过大（上限 \(limit / 1024) KB），未做任何更改。")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
              Array(text.utf8).count == buffer.readableBytes else {
            throw ConsoleError.badRequest("表单编码有误。")
        }
        return try Form.parse(text)
    }
}
