/// One of the 16 DTMF symbols, with its row (low-group) and column (high-group) frequencies (ITU-T Q.23).
public enum DTMFDigit: UInt8, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case d1, d2, d3, dA, d4, d5, d6, dB, d7, d8, d9, dC, star, d0, pound, dD

    /// Row frequencies in hertz, low group: 697, 770, 852, 941.
    public static let lowFrequenciesHz: [Double] = [697, 770, 852, 941]
    /// Column frequencies in hertz, high group: 1209, 1336, 1477, 1633.
    public static let highFrequenciesHz: [Double] = [1209, 1336, 1477, 1633]
    private static let symbols: [Character] = ["1", "2", "3", "A", "4", "5", "6", "B", "7", "8", "9", "C", "*", "0", "#", "D"]

    /// The digit at `row` (0...3, low group) and `column` (0...3, high group).
    public init(row: Int, column: Int) {
        precondition((0..<4).contains(row) && (0..<4).contains(column), "DTMF row/column out of range")
        self.init(rawValue: UInt8(row * 4 + column))!
    }

    /// The digit written as `character` ("0"..."9", "*", "#", "A"..."D", lower case accepted); nil otherwise.
    public init?(_ character: Character) {
        let upper = Character(character.uppercased())
        guard let index = Self.symbols.firstIndex(of: upper) else { return nil }
        self.init(rawValue: UInt8(index))
    }

    /// Index of the row, 0...3 (697, 770, 852, 941 Hz).
    public var row: Int { Int(rawValue) / 4 }
    /// Index of the column, 0...3 (1209, 1336, 1477, 1633 Hz).
    public var column: Int { Int(rawValue) % 4 }
    /// Low-group frequency in hertz.
    public var lowFrequencyHz: Double { Self.lowFrequenciesHz[row] }
    /// High-group frequency in hertz.
    public var highFrequencyHz: Double { Self.highFrequenciesHz[column] }
    /// The symbol as written on a keypad.
    public var character: Character { Self.symbols[Int(rawValue)] }
    public var description: String { String(character) }
}
