import DSP
import Testing

@Test func millisecondsConvertToSamplesAt8kHz() {
    #expect(Telephony.samples(milliseconds: 20) == Telephony.frameSamples)
    #expect(Telephony.seconds(samples: 12_000) == 1.5)
}
