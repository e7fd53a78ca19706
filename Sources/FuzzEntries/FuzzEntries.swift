import Detectors
import Foundation
import Markup
import Recordings
import Reporting
@_spi(Benchmarking) import Simulation
import SupportScope

/// The inputs a fuzzer drives, one function per reader of hostile input. Each takes arbitrary bytes and must
/// return — never crash, hang or grow without bound — whatever the bytes are. `Fuzz/` links them into a libFuzzer
/// binary (`Fuzz/run`); the test suite runs each over its seed corpus so they stay working.
public enum FuzzEntries {
    /// The entries by name, as `Fuzz/run` and `FUZZ_TARGET` name them.
    public static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "scenario": scenario, "policy": policy, "cobrowse": cobrowse, "selector": selector,
        "detectors": detectors, "shard": shard, "baseline": baseline, "recording": recording,
    ]

    /// A `scenario.yaml` with a checkout page beside it, loaded and validated.
    public static func scenario(_ bytes: [UInt8]) {
        let folder = scratch.appendingPathComponent("scenario")
        try? FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pages"), withIntermediateDirectories: true)
        // A page that cannot be written is a missing page: the loader reports it, which is a path worth fuzzing too.
        _ = FileManager.default.createFile(
            atPath: folder.appendingPathComponent("pages/checkout.html").path, contents: Data(checkout.utf8))
        guard
            FileManager.default.createFile(
                atPath: folder.appendingPathComponent("scenario.yaml").path, contents: Data(bytes))
        else { return }
        _ = ScenarioLoader().load(folder: folder.path)
    }

    /// A policy file.
    public static func policy(_ bytes: [UInt8]) {
        _ = Policy.load(text: String(decoding: bytes, as: UTF8.self), path: "policy.yaml")
    }

    /// A page as co-browsing's first snapshot masks it under the reference profile.
    public static func cobrowse(_ bytes: [UInt8]) {
        let html = String(decoding: bytes, as: UTF8.self) + "<div id=\"status\"></div>"
        guard let probe = try? CoBrowsingProbe(html: html, url: "https://shop.example/pay", profile: reference) else {
            return
        }
        _ = probe.freshSnapshot()
    }

    /// A selector, parsed and matched against a realistic page.
    public static func selector(_ bytes: [UInt8]) {
        guard let selector = try? Selector(String(decoding: bytes.prefix(16_384), as: UTF8.self)) else { return }
        _ = page.select(selector)
    }

    /// Text through the detectors and the planted-value redaction.
    public static func detectors(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = DetectorSet.all.scan(text)
        _ = redactor.redact(text)
    }

    /// A shard's `report.parts.json`, as merge reads it.
    public static func shard(_ bytes: [UInt8]) {
        _ = try? ReportParts.read(Data(bytes)) { _ in }
    }

    /// A `report.json` read as a `--baseline` (and by `diff`), through the streaming JSON reader.
    public static func baseline(_ bytes: [UInt8]) {
        _ = try? Baseline.parse(Data(bytes), file: "report.json")
    }

    /// An rrweb recording, read, imported as a scenario (pages, steps and planted items) and audited, in memory.
    public static func recording(_ bytes: [UInt8]) {
        guard let read = try? RRWebReader.read(bytes: bytes, path: "recording.json") else { return }
        _ = try? RRWebImporter.scenario(from: read, id: "fuzzed")
        _ = try? RRWebAuditor.audit(read, id: "fuzzed")
    }

    private static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    private static let checkout = """
        <!doctype html><html lang="en"><head><title>Checkout</title></head><body><main>
        <form action="/pay" method="post"><label for="cc">Card number</label>
        <input id="cc" name="cardnumber" autocomplete="cc-number" inputmode="numeric">
        <label for="cvc">CVC</label><input id="cvc" name="cvc" autocomplete="cc-csc" maxlength="4">
        <input type="hidden" name="csrf" value="9f2c1e"><button type="submit">Pay now</button></form>
        <iframe srcdoc="<p>Card ending 5556</p>"></iframe><script>window.dataLayer = [];</script>
        </main></body></html>
        """

    nonisolated(unsafe) private static let page: Document = {
        // The fuzz binary is one thread; the page is only read.
        (try? Document.parseHTML(checkout, url: "checkout.html")) ?? Document.emptyHTML()
    }()

    private static let reference: Profile = ProfileRegistry.builtIn().profile(named: "cobrowse-standard")!

    private static let redactor = TextRedactor(items: [
        PlantedItem(
            id: "card", dataClass: .cardNumber, value: "4000 0566 5566 5556", impact: .veryHigh, label: nil,
            location: SourceLocation(file: "fuzz", line: 1, column: 1)),
        PlantedItem(
            id: "cvc", dataClass: .cardSecurityCode, value: "737", impact: .veryHigh, label: nil,
            location: SourceLocation(file: "fuzz", line: 1, column: 1)),
        PlantedItem(
            id: "iban", dataClass: .iban, value: "CH93 0076 2011 6238 5295 7", impact: .high, label: nil,
            location: SourceLocation(file: "fuzz", line: 1, column: 1)),
    ])
}
