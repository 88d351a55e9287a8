import Foundation
import IVREngine
import Testing

/// A key kept as type-ahead is logged when a menu takes it, with `pressed`: when it was pressed (issue 11).
@Suite struct TypeAheadPressedTests {
    @Test func aTypedAheadKeyCarriesWhenItWasPressed() throws {
        var call = CallDriver.answered()
        call.press("3")  // during the welcome, which cannot be interrupted: kept as type-ahead
        let pressedAt = call.sample
        call.playAll(limit: 10)
        let digit = try #require(call.logged.first { $0.event.isDigit })
        #expect(digit.sample > pressedAt)
        #expect(digit.pressedSample == pressedAt)
        let t = String(format: "%.3f", Double(digit.sample) / 8000)
        let p = String(format: "%.3f", Double(pressedAt) / 8000)
        #expect(digit.json == #"{"t":"# + t + #","event":"digit","digit":"3","pressed":"# + p + "}")
    }

    @Test func aKeyUsedAtOnceHasNoPressedField() throws {
        var call = CallDriver.answered()
        call.answer("1")
        let digit = try #require(call.logged.first { $0.event.isDigit })
        #expect(digit.pressedSample == nil)
        #expect(!digit.json.contains("pressed"))
    }
}
