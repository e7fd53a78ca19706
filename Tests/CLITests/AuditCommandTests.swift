import Foundation
import Testing

/// `supportscope audit rrweb` as a reviewer uses it: a deployed recorder's recording in, the run's reports out,
/// with every finding placed in the recording and no recorded value printed or written.
@Suite("supportscope audit rrweb", .serialized)
struct AuditCommandTests {
    @Test func aRecordingIsAuditedIntoTheRunsReports() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("audit").path
        let result = try CLI.run([
            "audit", "rrweb", ImportTests.recording, "--out", out, "--format", "html,xml,json,sarif,junit",
            "--validate",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("read 42 event(s) from \(ImportTests.recording) (sha256 "))
        #expect(result.stdout.contains("  1 × plugin: scanned: the recorder's own data"))
        #expect(
            result.stdout.contains(
                "values found as sensitive: 1 card-number, 1 email, 1 one-time-code, 1 phone, 2 secret; "
                    + "the recorder had masked 1 value(s) and blocked 1 element(s)"), "\(result.stdout)")
        #expect(result.stdout.contains("  1 × hidden input (1 holding data found as sensitive)"))
        // Only the recorder's own run: no comparison with a reference that did not run.
        #expect(result.stdout.contains("recorded  ") && !result.stdout.contains("vs cobrowse-standard"))
        let json = try String(contentsOf: URL(fileURLWithPath: out + "/report.json"), encoding: .utf8)
        #expect(json.contains("\"profile\": \"recorded\""))
        #expect(json.contains("\"file\": \"\(ImportTests.recording)\""), "findings point into the recording")
        let sarif = try String(contentsOf: URL(fileURLWithPath: out + "/report.sarif"), encoding: .utf8)
        #expect(sarif.contains("checkout-session.json"))
        for file in ["index.html", "report.xml", "report.json", "report.sarif", "report.junit.xml"] {
            let text = try String(contentsOf: URL(fileURLWithPath: out + "/" + file), encoding: .utf8)
            for value in ["4111 1111", "lea.meier", "sk_live_51", "668 18", "eyJhbGci"] {
                #expect(!text.contains(value), "\(value) in \(file)")
            }
        }
        for value in ["4111", "lea.meier", "sk_live", "668 18", "4711"] {
            #expect(!result.stdout.contains(value) && !result.stderr.contains(value), "\(value) printed")
        }
        // The gate works as it does for `run`.
        let gated = try CLI.run(["audit", "rrweb", ImportTests.recording, "--out", out, "--fail-on", "high", "--quiet"])
        #expect(gated.status == 1)
        #expect(gated.stderr.contains("fail-on: "))
    }

    /// Found by review: the HTML report drew the recorded page, so a name or a typed note no rule recognises was
    /// written without --reveal.
    @Test func theRecordedPageIsNotDrawnInTheReport() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("intake.json")
        try """
        [{"type":4,"data":{"href":"https://clinic.example/intake","width":800,"height":600},"timestamp":1000},
         {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},
          "childNodes":[{"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
           {"type":2,"id":4,"tagName":"p","attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"Patient Ursula Zwicky, Seefeldstrasse 12"}]},
           {"type":2,"id":6,"tagName":"textarea","attributes":{"name":"notes"},"childNodes":[]}]}]}]}},"timestamp":1001},
         {"type":3,"data":{"source":5,"id":6,"text":"feels low since the divorce","isChecked":false},"timestamp":2000}]
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("reports").path
        let result = try CLI.run([
            "audit", "rrweb", file.path, "--out", out, "--format", "html,xml,json,sarif", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["index.html", "report.xml", "report.json", "report.sarif"] {
            let text = try String(contentsOf: URL(fileURLWithPath: out + "/" + name), encoding: .utf8)
            for value in ["Zwicky", "Seefeldstrasse", "divorce"] {
                #expect(!text.contains(value), "\(value) in \(name)")
            }
        }
        let html = try String(contentsOf: URL(fileURLWithPath: out + "/index.html"), encoding: .utf8)
        #expect(html.contains("The recorded page is not drawn"))
    }

    @Test func aBrokenRecordingIsRefusedBeforeAnyReport() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.json")
        try
            "[\n  {\"type\": 3, \"data\": {\"source\": 0, \"adds\": [], \"removes\": [], \"texts\": [], \"attributes\": []}}\n]"
            .write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("reports").path
        let result = try CLI.run(["audit", "rrweb", file.path, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr == "\(file.path):2:3: error: event 0: a mutation before the first full snapshot\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
