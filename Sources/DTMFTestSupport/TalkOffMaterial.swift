// Hard talk-off material for battery row 12: high-pitched espeak-ng voices, sung and hummed vowels, and recorded
// human speech that Debian packages ship. Generated at test time or read from the installed packages; nothing
// large lives in the repository. Every clip is used at two peak levels, −3 and −13 dBFS.
import AudioIO
import DSP
import Foundation

/// Test material that is not on this machine: the error names the path and the Debian package that ships it.
public struct MaterialError: Error, CustomStringConvertible {
    /// What is missing and how to get it.
    public let description: String

    /// A tool the material or a benchmark needs failed.
    public static func failed(_ what: String) -> MaterialError { MaterialError(description: what) }

    /// The `.wav`/`.ogg` files in `folder` (sorted), or an error naming `package` when there are none.
    static func wavFiles(in folder: String, package: String, extensions: [String] = [".wav"]) throws -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { n in extensions.contains { n.hasSuffix($0) } }.sorted()
        if names.isEmpty {
            throw MaterialError(description: "no test audio in \(folder): install Debian's \(package) (Scripts/setup.sh does)")
        }
        return names
    }
}

/// One piece of talk-off material, already at its test level.
public struct TalkOffClip: Sendable {
    /// The kind of material (one line of the benchmark's per-kind table).
    public let kind: TalkOffMaterial.Kind
    /// Where it came from: voice, pitch, speed, file.
    public let name: String
    /// 8 kHz 16-bit samples.
    public let samples: [Int16]
    /// Seconds of audio.
    public var seconds: Double { Double(samples.count) / Double(Telephony.sampleRate) }
}

/// Generators and readers of the hard talk-off material.
public enum TalkOffMaterial {
    /// The kinds of material, each scored separately (false digits per hour).
    public enum Kind: String, CaseIterable, Sendable {
        /// espeak-ng voices at pitch 60–99, female and child-like variants, many languages and speeds.
        case highVoices = "espeak high voices"
        /// espeak-ng singing-style prolonged vowels at high pitch.
        case sungVowels = "espeak sung vowels"
        /// Synthesised singing and humming: a harmonic comb of a gliding, vibrato fundamental (150–1000 Hz)
        /// shaped by vowel formants.
        case singing = "synthesised singing/humming"
        /// Recorded human speech from Debian packages (Asterisk prompts in five languages, Mandarin syllables).
        case recorded = "recorded human speech"
    }

    /// The two peak levels every clip is tested at.
    public static let peakLevelsDBFS: [Double] = [-3, -13]

    /// `x` scaled so that its largest sample is `peakDBFS` below full scale.
    public static func peakNormalised(_ x: [Int16], peakDBFS: Double) -> [Int16] {
        let peak = x.reduce(0) { max($0, abs(Int($1))) }
        guard peak > 0 else { return x }
        let gain = 32767 * DSPMath10.amplitude(peakDBFS) / Double(peak)
        return x.map { Int16(clamping: Int((Double($0) * gain).rounded())) }
    }

    /// Languages and a sentence in each (other voices read the English one).
    static let texts: [String: String] = [
        "en": "Hello! Please hold the line, your call is very important to us. Eeeee, wheee, see me, see the sea!",
        "cmn": "您好，欢迎致电，请您耐心等待。一二三四五六七八九十，请按星号键或者井号键。",
        "yue": "你好，歡迎致電，請耐心等候。一二三四五六七八九十。",
        "fr": "Bonjour, merci de patienter, votre appel est très important pour nous. Oui, oui, c'est ici!",
        "de": "Guten Tag, bitte bleiben Sie in der Leitung. Wie geht es Ihnen? Sieben, vier, drei, eins.",
        "es": "Hola, por favor espere en la línea. Sí, sí, aquí está, muchas gracias, adiós.",
        "it": "Buongiorno, resti in linea per favore. Sì, sì, bellissimo, grazie mille, ciao!",
        "ru": "Здравствуйте, пожалуйста, оставайтесь на линии. Спасибо, до свидания!",
        "ja": "こんにちは、少々お待ちください。はい、いいえ、ありがとうございます。",
        "ko": "안녕하세요, 잠시만 기다려 주세요. 네, 감사합니다.",
        "hi": "नमस्ते, कृपया लाइन पर बने रहें। धन्यवाद।",
        "pt": "Olá, por favor aguarde na linha. Sim, obrigado, tchau!",
        "vi": "Xin chào, vui lòng chờ máy. Cảm ơn bạn rất nhiều.",
        "ar": "مرحبا، يرجى الانتظار على الخط. شكرا جزيلا.",
        "tr": "Merhaba, lütfen hatta kalın. Teşekkür ederim, görüşürüz.",
        "pl": "Dzień dobry, proszę czekać na linii. Dziękuję bardzo.",
        "nl": "Hallo, een ogenblik geduld alstublieft. Dank u wel, tot ziens!",
        "sv": "Hej, var vänlig vänta i luren. Tack så mycket, hej då!",
        "el": "Γεια σας, παρακαλώ περιμένετε στη γραμμή. Ευχαριστώ πολύ.",
        "id": "Halo, mohon tunggu sebentar. Terima kasih banyak.",
        "th": "สวัสดีครับ กรุณารอสักครู่ ขอบคุณมาก",
        "fi": "Hei, odottakaa hetki. Kiitos paljon, näkemiin!",
    ]
    static let variants = ["f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "klatt3", "klatt4", "Annie", "Andrea",
                           "belinda", "linda", "steph", "Tweaky", "anika", "aunty", "female_whisper", "Alicia", "iven3"]
    static let pitches = [60, 70, 80, 85, 90, 95, 99]
    static let speeds = [90, 130, 175, 230]

    /// The espeak-ng command lines of the high-voice material: every language, each with a variant, a pitch in
    /// 60–99 and a speed, cycled so that every variant, pitch and speed occurs.
    public static func highVoiceScripts(perLanguage: Int = 3) -> [(voice: String, pitch: Int, speed: Int, text: String)] {
        var out: [(String, Int, Int, String)] = []
        var k = 0
        for language in texts.keys.sorted() {
            for _ in 0..<perLanguage {
                let variant = variants[k % variants.count]
                out.append(("\(language)+\(variant)", pitches[k % pitches.count], speeds[(k / 2) % speeds.count], texts[language]!))
                k += 1
            }
        }
        return out
    }

    /// Prolonged vowels and hums, sung at high pitch with SSML pitch contours, in several voices.
    public static let sungScripts: [(voice: String, pitch: Int, speed: Int, text: String)] = {
        let song = """
            <speak><prosody rate="x-slow"><prosody pitch="+40%">Laaaaa</prosody> <prosody pitch="+70%">leeeee</prosody> \
            <prosody pitch="+100%">liiiiii</prosody> <prosody pitch="+60%">looooo</prosody> <prosody pitch="+20%">luuuuu</prosody> \
            <prosody pitch="+90%">Aaaaaah</prosody> <prosody pitch="+50%">Mmmmmmm</prosody> <prosody pitch="+100%">Eeeeeee</prosody> \
            <prosody pitch="+80%">Ooooooh</prosody> <prosody pitch="+30%">Hmmmmmm</prosody></prosody></speak>
            """
        return ["en+f2", "en+f4", "en+klatt4", "it+f3", "fr+f5", "cmn+f1", "ja+Annie", "es+steph"].enumerated().map { i, v in
            (v, [80, 90, 99][i % 3], [80, 110][i % 2], song)
        }
    }()

    /// Runs espeak-ng for each script into `directory` (cached by name) and reads the result at 8 kHz.
    /// - Throws: when espeak-ng is missing or fails.
    static func espeak(_ scripts: [(voice: String, pitch: Int, speed: Int, text: String)], ssml: Bool, kind: Kind,
                       directory: String) throws -> [(String, [Int16])] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var out: [(String, [Int16])] = []
        for s in scripts {
            let name = "\(s.voice) p\(s.pitch) s\(s.speed)"
            let path = "\(directory)/\(kind == .sungVowels ? "sung" : "high")-\(s.voice)-\(s.pitch)-\(s.speed).wav"
            if !FileManager.default.fileExists(atPath: path) {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
                p.arguments = (ssml ? ["-m"] : []) + ["-v", s.voice, "-p", String(s.pitch), "-s", String(s.speed),
                                                       "-w", path + ".tmp", s.text]
                p.standardError = FileHandle.nullDevice
                try p.run()
                p.waitUntilExit()
                guard p.terminationStatus == 0 else {
                    throw MaterialError(description: "espeak-ng failed for \(name) (install Debian's espeak-ng)")
                }
                try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
            }
            out.append((name, try SoundFile.read(path)))
        }
        return out
    }

    /// Synthesised singing and humming, `seconds` long: notes whose fundamental glides (portamento) between
    /// random pitches in 150–1000 Hz with 5–7 Hz vibrato, harmonics shaped by a vowel's formants (or a nasal
    /// murmur for humming). Deterministic per `seed`.
    public static func singing(seconds: Double, seed: UInt64) -> [Int16] {
        var rng = WhiteNoise(seed: seed)
        let rate = Double(Telephony.sampleRate)
        let total = Int(seconds * rate)
        var x = [Double](repeating: 0, count: total)
        // Formants (Hz) of a, e, i, o, u (child/female) and a hum (nasal murmur).
        let vowels: [[(f: Double, bw: Double)]] = [
            [(900, 90), (1300, 110), (2900, 170)], [(600, 70), (2300, 100), (3000, 170)],
            [(350, 60), (2700, 100), (3300, 170)], [(550, 70), (900, 90), (2800, 170)],
            [(380, 60), (950, 90), (2700, 170)], [(260, 50), (2200, 300), (3000, 300)],
        ]
        var f0 = Double.random(in: 200...600, using: &rng)
        var phase = 0.0
        var t = 0
        while t < total {
            let n = min(total - t, Int(rate * Double.random(in: 0.3...1.2, using: &rng)))
            let target = 150 * DSPMath10.power(2, Double.random(in: 0...2.74, using: &rng))   // 150–1000 Hz
            let glide = Double.random(in: 0.05...0.4, using: &rng) * rate
            let vowel = vowels[Int.random(in: 0..<vowels.count, using: &rng)]
            let vibratoHz = Double.random(in: 5...7, using: &rng)
            let vibratoDepth = Double.random(in: 0.005...0.03, using: &rng)
            let start = f0
            var vib = Double.random(in: 0..<6.28, using: &rng)
            // Harmonic amplitudes from the formant envelope, computed at the note's target (they glide with f0).
            func envelope(_ f: Double) -> Double {
                var a = 0.0
                for (k, formant) in vowel.enumerated() {
                    let d = (f - formant.f) / formant.bw
                    a += (k == 0 ? 1.0 : 0.5) / (1 + d * d)
                }
                return a / max(1, f / 600)   // −6 dB/octave source tilt above 600 Hz
            }
            for i in 0..<n {
                let progress = min(1, Double(i) / glide)
                let base = start + (target - start) * progress
                vib += 2 * Double.pi * vibratoHz / rate
                let f = base * (1 + vibratoDepth * sin(vib))
                phase += 2 * Double.pi * f / rate
                if phase > 2 * Double.pi * 1000 { phase -= 2 * Double.pi * 1000 }
                var s = 0.0
                var h = 1.0
                while h * f < 3800 {
                    s += envelope(h * f) * sin(h * phase)
                    h += 1
                }
                let fade = min(1, Double(i) / 160, Double(n - i) / 160)
                x[t + i] = 3000 * fade * s
            }
            f0 = target
            t += n
        }
        return Samples.quantize(x)
    }

    /// Recorded human speech that Debian packages ship: Asterisk's prompts (en, fr, es, ru women, an Italian man
    /// and woman) and gcin's Mandarin syllables. Each file is one clip; `stride` takes every n-th file of a folder.
    /// - Throws: ``MaterialError`` when a package is missing.
    public static func recordedSpeechFiles(stride: Int = 1) throws -> [String] {
        let asterisk = "/usr/share/asterisk/sounds"
        let folders: [(String, String)] = [
            ("\(asterisk)/en_US_f_Allison", "asterisk-core-sounds-en-wav"),
            ("\(asterisk)/fr_CA_f_June", "asterisk-core-sounds-fr-wav"),
            ("\(asterisk)/es_MX_f_Allison", "asterisk-core-sounds-es-wav"),
            ("\(asterisk)/ru_RU_f_IvrvoiceRU", "asterisk-core-sounds-ru-wav"),
            ("\(asterisk)/it_IT_m_Carlo", "asterisk-core-sounds-it-wav"),
            ("\(asterisk)/it_IT_f_Menardi", "asterisk-prompt-it-menardi-wav"),
        ]
        var files: [String] = []
        for (folder, package) in folders {
            let names = try MaterialError.wavFiles(in: folder, package: package)
            files += names.enumerated().filter { $0.offset % stride == 0 }.map { "\(folder)/\($0.element)" }
        }
        let gcin = "/usr/share/gcin-voice/ogg"
        let syllables = try MaterialError.wavFiles(in: gcin, package: "gcin-voice", extensions: [""])
        for (i, s) in syllables.enumerated() where i % stride == 0 {
            for tone in (try? FileManager.default.contentsOfDirectory(atPath: "\(gcin)/\(s)"))?.sorted() ?? [] where tone.hasSuffix(".ogg") {
                files.append("\(gcin)/\(s)/\(tone)")
            }
        }
        return files
    }

    /// All material of `kinds`, each clip at both peak levels. `scale` (0…1] thins the recorded speech and the
    /// synthesised singing for quick runs; `directory` caches espeak-ng output.
    public static func clips(_ kinds: [Kind] = Kind.allCases, scale: Double = 1, directory: String) throws -> [TalkOffClip] {
        var raw: [(Kind, String, [Int16])] = []
        for kind in kinds {
            switch kind {
            case .highVoices:
                raw += try espeak(highVoiceScripts(perLanguage: max(2, Int((8 * scale).rounded()))), ssml: false, kind: kind, directory: directory).map { (kind, $0.0, $0.1) }
            case .sungVowels:
                raw += try espeak(sungScripts, ssml: true, kind: kind, directory: directory).map { (kind, $0.0, $0.1) }
            case .singing:
                let pieces = max(1, Int((12 * scale).rounded()))
                for seed in 0..<pieces { raw.append((kind, "singing seed \(seed)", singing(seconds: 30, seed: UInt64(seed) + 100))) }
            case .recorded:
                let stride = max(1, Int((1 / scale).rounded()))
                for path in try recordedSpeechFiles(stride: stride) {
                    raw.append((kind, path, try SoundFile.read(path)))
                }
            }
        }
        var out: [TalkOffClip] = []
        for (kind, name, x) in raw {
            for level in peakLevelsDBFS {
                out.append(TalkOffClip(kind: kind, name: "\(name) @\(Int(level)) dBFS", samples: peakNormalised(x, peakDBFS: level)))
            }
        }
        return out
    }
}
