import Crypto
import _CryptoExtras
import Foundation

/// How PINs are stored: PBKDF2-HMAC-SHA256 (swift-crypto, BoringSSL) with a 16-byte random salt per person and
/// ``iterations`` rounds, so a copied data folder gives up a PIN only at that cost per guess and per person.
/// Stored as `pbkdf2-sha256$<iterations>$<hex>`; the salt is its own column. ID numbers are looked up by
/// ``idHash(key:idNumber:)``, a keyed HMAC-SHA256 (deterministic, so it can be an index).
package enum PINHash {
    /// The rounds for new hashes (≥ 100 000; swift-crypto's checked minimum is 210 000). A check costs one derivation; see README "PIN storage".
    static let iterations = 210_000
    /// The prefix of the stored format.
    package static let scheme = "pbkdf2-sha256"

    /// PBKDF2-HMAC-SHA256 of `password` with `salt`, `rounds` rounds, `count` bytes.
    static func pbkdf2(password: [UInt8], salt: [UInt8], rounds: Int, count: Int = 32) -> [UInt8] {
        // Only fails for a zero output size or a hash function BoringSSL lacks, neither possible here.
        let key = try! KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: count,
                                                     unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    /// The stored form of `pin` with `salt`.
    package static func stored(pin: String, salt: [UInt8], rounds: Int = iterations) -> String {
        "\(scheme)$\(rounds)$" + hex(pbkdf2(password: Array(pin.utf8), salt: salt, rounds: rounds))
    }

    /// Whether `stored` is in the current format (else it is the old one-pass HMAC and must be re-hashed).
    package static func isCurrent(_ stored: String) -> Bool {
        guard let rounds = parse(stored)?.rounds else { return false }
        return rounds >= 100_000
    }

    /// The rounds and hash bytes (hex) of a stored value, or `nil` when it is not `pbkdf2-sha256$N$HEX`.
    static func parse(_ stored: String) -> (rounds: Int, hex: String)? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == scheme, let rounds = Int(parts[1]), rounds > 0, rounds <= 10_000_000,
              parts[2].count == 64 else { return nil }
        return (rounds, String(parts[2]))
    }

    /// Whether `pin` matches `stored` (compared without an early exit).
    package static func matches(pin: String, salt: [UInt8], stored: String) -> Bool {
        guard let (rounds, _) = parse(stored) else { return false }
        let actual = self.stored(pin: pin, salt: salt, rounds: rounds)
        guard actual.utf8.count == stored.utf8.count else { return false }
        return zip(actual.utf8, stored.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Keyed hash of an ID number: HMAC-SHA256(store key, "id:" + ID), hex.
    package static func idHash(key: [UInt8], idNumber: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("id:".utf8) + Array(idNumber.utf8), using: SymmetricKey(data: key))
        return hex(Array(mac))
    }

    /// Lower-case hex.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// 16 random bytes.
    package static func newSalt() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
    }
}
