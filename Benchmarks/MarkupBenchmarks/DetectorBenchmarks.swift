import Benchmark
import Detectors
import Simulation
import SupportScope

/// Mixed text the way the analysis sees it: HTML, prose in English and German, prices, dates, order
/// numbers, and a sensitive value about every 2 KB. Deterministic, so runs compare.
enum MixedText {
    static func make(bytes target: Int) -> [UInt8] {
        var generator = SplitMix(seed: 42)
        let sentences = [
            "Thank you for your order. Your parcel ships within 2 working days from our warehouse in Basel. ",
            "Vielen Dank für Ihre Bestellung! Die Lieferung erfolgt innerhalb von 3 Werktagen. ",
            "<tr><td class=\"sku\">SKU-48213-XL</td><td>2 ×</td><td>CHF 129.90</td></tr>\n",
            "Order 20261129-4471 was placed on 28.11.2026 at 14:05 and paid in full. ",
            "<p class=\"note\">Questions? Our support team answers within 24 hours, Monday to Friday.</p>\n",
            "Tracking: 1Z999AA10123456784, estimated delivery 02.12.2026. ",
            "<li><a href=\"/help/returns?lang=de\">Rücksendung &amp; Umtausch</a></li>\n",
            "Version 4.12.7 released; build 0x3f2a; see CHANGELOG for 318 fixes. ",
        ]
        let sensitive = [
            "Card 4111 1111 1111 1111 ", "IBAN CH93 0076 2011 6238 5295 7 ", "mail lea.meier@example.ch ",
            "Your verification code is 482913. ", "Tel. +41 44 668 18 00 ", "AHV-Nr. 756.9217.0769.85 ",
            "Geburtsdatum: 14.03.1985 ", "token sk_live_4eC39HqLyjWDarjtT1zdp7dc ",
        ]
        var text: [UInt8] = []
        text.reserveCapacity(target + 256)
        var sinceSensitive = 0
        while text.count < target {
            let sentence = sentences[Int(generator.next() % UInt64(sentences.count))]
            text.append(contentsOf: sentence.utf8)
            sinceSensitive += sentence.utf8.count
            if sinceSensitive > 2048 {
                text.append(contentsOf: sensitive[Int(generator.next() % UInt64(sensitive.count))].utf8)
                sinceSensitive = 0
            }
        }
        return text
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The whole detector set over 10 MB, and a plain byte-class pass over the same bytes as the floor.
func detectorBenchmarks() {
    let text = MixedText.make(bytes: 10 * 1024 * 1024)
    let detectors = DetectorSet.all

    Benchmark("Detectors 10 MB: byte-class pass (floor)") { benchmark in
        for _ in benchmark.scaledIterations {
            var digits = 0
            text.withUnsafeBufferPointer { bytes in
                for byte in bytes where byte &- 0x30 < 10 { digits += 1 }
            }
            blackHole(digits)
        }
    }

    Benchmark("Detectors 10 MB: all classes") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(text.withUnsafeBufferPointer { detectors.scan(bytes: $0).count })
        }
    }
}

/// `inspect` on a 6 MB text file (a long chat transcript), printed as text and as JSON: a pair, so the JSON's cost is
/// read against the text's in one run.
func inspectOutputBenchmarks() {
    let text = String(decoding: MixedText.make(bytes: 6 * 1024 * 1024), as: UTF8.self)
    let profile = ProfileRegistry.builtIn().profile(named: "cobrowse-standard")!
    let inspector = try! PageInspector(profile: profile, policy: .default, reveal: false, ignoring: [])
    let inspection = try! inspector.inspect(file: "transcript.txt", text: text)

    Benchmark("Inspect 6 MB text file: text output") { benchmark in
        for _ in benchmark.scaledIterations {
            let inspection = try inspector.inspect(file: "transcript.txt", text: text)
            blackHole(InspectionOutput.text([inspection], reveal: false).utf8.count)
        }
    }

    Benchmark("Inspect 6 MB text file: JSON output") { benchmark in
        for _ in benchmark.scaledIterations {
            let inspection = try inspector.inspect(file: "transcript.txt", text: text)
            blackHole(InspectionOutput.json([inspection]).utf8.count)
        }
    }

    // The writers alone, on the same findings.
    Benchmark("Inspect 6 MB text file: writing the text alone") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(InspectionOutput.text([inspection], reveal: false).utf8.count) }
    }

    Benchmark("Inspect 6 MB text file: writing the JSON alone") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(InspectionOutput.json([inspection]).utf8.count) }
    }
}
