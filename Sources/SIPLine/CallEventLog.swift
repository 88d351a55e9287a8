import Foundation

/// Where one call's event log goes (`ivr serve` writes `DATA/calls/<call-id>/events.jsonl`).
public protocol CallEventLog: AnyObject {
    /// Appends one JSON line (no newline).
    func append(_ line: String)
    /// Flushes and closes. - Throws: when any write failed.
    func close() throws
}

/// Adds `"sip_call_id"` to the `answer` event's JSON line (the engine's schema, plus the SIP dialog's id).
enum AnswerLine {
    static func adding(sipCallID: String, to line: String) -> String {
        guard line.hasSuffix("}") else { return line }
        return String(line.dropLast()) + ",\"sip_call_id\":\"" + escape(sipCallID) + "\"}"
    }

    /// JSON string escaping (quotes, backslash, control characters).
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
