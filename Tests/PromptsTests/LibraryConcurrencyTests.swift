import AudioIO
import Foundation
import Logging
import Prompts
import Testing

/// Many calls share one library: a cold prompt is decoded once, outside the library's lock.
struct LibraryConcurrencyTests {
    /// A decoder that holds back the decode of one file until released, counting decodes per file.
    final class HeldDecoder: @unchecked Sendable {
        let held: String
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var counts: [String: Int] = [:]

        init(holding file: String) { held = file }

        func decode(_ path: String) throws -> [Int16] {
            lock.lock()
            counts[path, default: 0] += 1
            lock.unlock()
            if (path as NSString).lastPathComponent == held {
                started.signal()
                release.wait()
            }
            return try SoundFile.read(path)
        }

        func count(_ name: String) -> Int {
            lock.lock()
            defer { lock.unlock() }
            return counts.filter { ($0.key as NSString).lastPathComponent == name }.values.reduce(0, +)
        }
    }

    @Test func aColdPromptIsDecodedOnceWhileOtherLookupsGoOn() throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome", "goodbye"], label: "concurrent")
        let decoder = HeldDecoder(holding: "welcome.wav")
        let library = PromptLibrary(directory: dir, logger: Logger(label: "test"), decoder: { try decoder.decode($0) })
        let group = DispatchGroup()
        let results = Results()
        // The first caller starts the slow decode of welcome.
        DispatchQueue.global().async(group: group) { results.add(library.audio("welcome", language: "cmn").samples) }
        decoder.started.wait()
        // Three more callers for the same prompt wait for that decode.
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) { results.add(library.audio("welcome", language: "cmn").samples) }
        }
        // Another prompt is decoded and returned while welcome's decode is still held: the lock is not held.
        let goodbye = library.audio("goodbye", language: "cmn")
        #expect(goodbye.source != .neutralTone)
        #expect(goodbye.samples == (try SoundFile.read(dir + "/cmn/goodbye.wav")))
        #expect(results.count == 0, "callers of the held prompt must wait for its one decode")
        decoder.release.signal()
        group.wait()
        let expected = try SoundFile.read(dir + "/cmn/welcome.wav")
        #expect(results.all.count == 4 && results.all.allSatisfy { $0 == expected })
        #expect(decoder.count("welcome.wav") == 1)
        #expect(library.decodes == 2)
        // Warm now: no further decode.
        _ = library.audio("welcome", language: "cmn")
        #expect(decoder.count("welcome.wav") == 1)
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [[Int16]] = []
        func add(_ samples: [Int16]) { lock.lock(); items.append(samples); lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return items.count }
        var all: [[Int16]] { lock.lock(); defer { lock.unlock() }; return items }
    }
}
