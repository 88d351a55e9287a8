import Foundation
internal import GRDB
package import IVREngine

/// The fictional insured persons seeded into a new database for the self-service demo. Their ID numbers are made
/// up (region 110105 and others, valid ISO 7064 MOD 11-2 check characters); only keyed hashes are stored.
package enum DemoPersons {
    package struct Person {
        package var idNumber: String
        package var pin: String
        package var facts: AccountFacts
    }

    /// The documented demo person (ID 11010519870412006X, PIN 958473) and a few others.
    package static let all: [Person] = [
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

    package static func idHash(key: [UInt8], idNumber: String) -> String { PINHash.idHash(key: key, idNumber: idNumber) }

    /// The demo persons' PINs with random salts, derived once per process (each derivation is deliberately slow;
    /// a process that creates many stores, such as a batch run, pays it once).
    package static let hashedPINs: [(salt: [UInt8], stored: String)] = all.map { p in
        let salt = PINHash.newSalt()
        return (salt, PINHash.stored(pin: p.pin, salt: salt))
    }

    /// Inserts the demo persons into an empty table, and re-hashes demo persons stored in the old one-pass HMAC
    /// format with the slow KDF (``PINHash``). Other old-format rows stay as they are and are refused at check
    /// time with an error naming the fix.
    static func seedIfEmpty(_ db: Database, key: [UInt8]) throws {
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM demo_person") == 0 {
            for (p, hashed) in zip(all, hashedPINs) {
                try db.execute(sql: """
                    INSERT INTO demo_person (id_hash, pin_salt, pin_hash, pension_months, pension_balance_fen, medical_balance_fen, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [idHash(key: key, idNumber: p.idNumber), Data(hashed.salt), hashed.stored,
                                     p.facts.pensionContributionMonths, p.facts.pensionBalanceFen, p.facts.medicalBalanceFen,
                                     p.facts.status.rawValue])
            }
            return
        }
        let stale = Set(try String.fetchAll(db, sql: "SELECT id_hash FROM demo_person WHERE pin_hash NOT LIKE ?",
                                            arguments: [PINHash.scheme + "$%"]))
        for p in all where stale.contains(idHash(key: key, idNumber: p.idNumber)) {
            let salt = PINHash.newSalt()
            try db.execute(sql: "UPDATE demo_person SET pin_salt = ?, pin_hash = ? WHERE id_hash = ?",
                           arguments: [Data(salt), PINHash.stored(pin: p.pin, salt: salt), idHash(key: key, idNumber: p.idNumber)])
        }
    }
}
