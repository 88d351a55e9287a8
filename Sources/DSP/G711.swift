/// ITU-T G.711 companding: µ-law (North America, Japan) and A-law (Europe, China), 8-bit codes ↔ 16-bit linear.
///
/// Decoding is a table lookup; encoding follows the standard's segment search. `decode(encode(x))` is the
/// G.711 quantisation of `x`; `encode(decode(c)) == c` for every code (except µ-law's negative zero, 0x7F).
public enum G711 {
    /// Encodes a 16-bit linear sample as a µ-law byte.
    @inlinable
    public static func muLawEncode(_ sample: Int16) -> UInt8 {
        let bias = 0x84
        var pcm = Int(sample)
        let mask: Int
        if pcm < 0 { pcm = -pcm; mask = 0x7F } else { mask = 0xFF }
        pcm = min(pcm, 32_635) + bias
        var segment = 0
        var v = pcm >> 7
        while v > 1, segment < 7 { v >>= 1; segment += 1 }
        let code = (segment << 4) | ((pcm >> (segment + 3)) & 0x0F)
        return UInt8((code ^ mask) & 0xFF)
    }

    /// Decodes a µ-law byte to a 16-bit linear sample.
    @inlinable
    public static func muLawDecode(_ code: UInt8) -> Int16 { muLawTable[Int(code)] }

    /// Encodes a 16-bit linear sample as an A-law byte.
    @inlinable
    public static func aLawEncode(_ sample: Int16) -> UInt8 {
        var pcm = Int(sample) >> 3   // 13-bit
        let mask: Int
        if pcm >= 0 { mask = 0xD5 } else { mask = 0x55; pcm = -pcm - 1 }
        var segment = 0
        var v = pcm >> 5
        while v > 0, segment < 8 { v >>= 1; segment += 1 }
        let code: Int
        if segment >= 8 {
            code = 0x7F
        } else {
            code = (segment << 4) | ((segment < 2 ? pcm >> 1 : pcm >> segment) & 0x0F)
        }
        return UInt8((code ^ mask) & 0xFF)
    }

    /// Decodes an A-law byte to a 16-bit linear sample.
    @inlinable
    public static func aLawDecode(_ code: UInt8) -> Int16 { aLawTable[Int(code)] }

    /// µ-law decoding table, indexed by code.
    public static let muLawTable: [Int16] = (0..<256).map { i in
        let u = ~UInt8(i)
        let t = ((Int(u & 0x0F) << 3) + 0x84) << Int((u & 0x70) >> 4)
        return Int16((u & 0x80) != 0 ? 0x84 - t : t - 0x84)
    }

    /// A-law decoding table, indexed by code.
    public static let aLawTable: [Int16] = (0..<256).map { i in
        let a = UInt8(i) ^ 0x55
        var t = Int(a & 0x0F) << 4
        let segment = Int((a & 0x70) >> 4)
        switch segment {
        case 0: t += 8
        case 1: t += 0x108
        default: t = (t + 0x108) << (segment - 1)
        }
        return Int16((a & 0x80) != 0 ? t : -t)
    }

    /// Encodes a buffer as µ-law.
    public static func muLawEncode(_ samples: [Int16]) -> [UInt8] { samples.map(muLawEncode) }
    /// Decodes a µ-law buffer.
    public static func muLawDecode(_ codes: [UInt8]) -> [Int16] { codes.map(muLawDecode) }
    /// Encodes a buffer as A-law.
    public static func aLawEncode(_ samples: [Int16]) -> [UInt8] { samples.map(aLawEncode) }
    /// Decodes an A-law buffer.
    public static func aLawDecode(_ codes: [UInt8]) -> [Int16] { codes.map(aLawDecode) }
}
