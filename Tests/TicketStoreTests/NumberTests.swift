import IVREngine
import Testing
import TicketStore

struct NumberTests {
    @Test func ticketNumbersCarryADammCheckDigit() {
        #expect(TicketNumber(sequence: 10001).digits == "100017")
        // Damm over "4572" (length 4, then 572): 6. Values computed independently (Python).
        #expect(TicketNumber(sequence: 572).digits == "5726")
        #expect(TicketNumber(sequence: 99999).digits == "999994")
        #expect(TicketNumber(validating: "5726") != nil)
        #expect(TicketNumber(validating: "5727") == nil)
        #expect(TicketNumber(validating: "57a6") == nil)
        #expect(TicketNumber(validating: "") == nil)
        #expect(TicketNumber(sequence: 12345).sequence == 12345)
    }

    /// Every single-digit typo and every swap of two different adjacent digits is caught, for many numbers.
    @Test(arguments: [10001, 10002, 10099, 12345, 54321, 99999, 100000, 987654])
    func catchesTyposAndTranspositions(sequence: Int) {
        let good = Array(TicketNumber(sequence: sequence).digits)
        for i in good.indices {
            for c in "0123456789" where c != good[i] {
                var typo = good
                typo[i] = c
                #expect(TicketNumber(validating: String(typo)) == nil, "\(String(typo))")
            }
            if i + 1 < good.count, good[i] != good[i + 1] {
                var swapped = good
                swapped.swapAt(i, i + 1)
                #expect(TicketNumber(validating: String(swapped)) == nil, "\(String(swapped))")
            }
        }
    }

    /// One check digit cannot catch every extra or missing digit; with the length folded in, about 9 in 10 are
    /// (plain Damm accepts every number with a 0 appended).
    @Test func mostLengthErrorsAreCaught() {
        var tried = 0, caught = 0, appendedZeroCaught = 0
        for seq in 10001...12000 {
            let good = TicketNumber(sequence: seq).digits
            var variants = "0123456789".flatMap { [good + String($0), String($0) + good] }
            variants += [String(good.dropFirst()), String(good.dropLast())]
            for v in variants {
                tried += 1
                if TicketNumber(validating: v) == nil { caught += 1 }
            }
            if TicketNumber(validating: good + "0") == nil { appendedZeroCaught += 1 }
        }
        #expect(Double(caught) / Double(tried) > 0.85)
        #expect(appendedZeroCaught > 1500)
    }

    @Test(arguments: ["11010519870412006X", "11010519870412006x"])
    func theDocumentedDemoIDIsValid(id: String) {
        #expect(ChineseIDNumber.normalized(id) == "11010519870412006X")
        #expect(ChineseIDNumber.masked("11010519870412006X") == "110105***********X")
    }

    @Test(arguments: ["110105198704120061", "11010519870412006", "1101051987041200611", "A1010519870412006X"])
    func invalidIDsAreRejected(id: String) {
        #expect(ChineseIDNumber.normalized(id) == nil)
    }
}
