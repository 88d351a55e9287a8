import Foundation
internal import GRDB
import IVREngine

/// The fictional insured persons seeded into a new database for the self-service demo. Their ID numbers are made
/// up (region 110105 and others, valid ISO 7064 MOD 11-2 check characters); only keyed hashes are stored.
enum DemoPersons {
    struct Person {
        var idNumber: String
        var pin: String
        var facts: AccountFacts
    }

    /// The documented demo person (ID 11010519870412006X, PIN 958473) and a few others.
    static let all: [Person] = [
        Person(idNumber: "11010519870412006X", pin: "958473",
               facts: AccountFacts(pensionContributionMonths: 156, pensionBalanceFen: 8_642_137, medicalBalanceFen: 312_058, status: .active)),
        Person(idNumber: withCheck("31010419900101123"), pin: "246810",
               facts: AccountFacts(pensionContributionMonths: 84, pensionBalanceFen: 3_150_000, medicalBalanceFen: 98_765, status: .active)),
        Person(idNumber: withCheck("44030519751230456"), pin: "135790",
               facts: AccountFacts(pensionContributionMonths: 301, pensionBalanceFen: 21_004_560, medicalBalanceFen: 1_200_301, status: .retired)),
        Person(idNumber: withCheck("51010719880808789"), pin: "112233",
               facts: AccountFacts(pensionContributionMonths: 37, pensionBalanceFen: 905_512, medicalBalanceFen: 0, status: .suspended)),
    ]

    static func withCheck(_ first17: String) -> String {
        first17 + String(ChineseIDNumber.checkCharacter(forFirst17: first17)!)
    }

    static func idHash(key: [UInt8], idNumber: String) -> String {
        SHA256.hex(SHA256.hmac(key: key, message: Array("id:".utf8) + Array(idNumber.utf8)))
    }

    static func pinHash(key: [UInt8], salt: [UInt8], pin: String) -> String {
        SHA256.hex(SHA256.hmac(key: key, message: Array("pin:".utf8) + salt + Array(pin.utf8)))
    }

    /// Inserts the demo persons unless the table already has rows.
    static func seedIfEmpty(_ db: Database, key: [UInt8]) throws {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM demo_person") == 0 else { return }
        var rng = SystemRandomNumberGenerator()
        for p in all {
            let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
            try db.execute(sql: """
                INSERT INTO demo_person (id_hash, pin_salt, pin_hash, pension_months, pension_balance_fen, medical_balance_fen, status)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [idHash(key: key, idNumber: p.idNumber), Data(salt), pinHash(key: key, salt: salt, pin: p.pin),
                                 p.facts.pensionContributionMonths, p.facts.pensionBalanceFen, p.facts.medicalBalanceFen,
                                 p.facts.status.rawValue])
        }
    }
}
