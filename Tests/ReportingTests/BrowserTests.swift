import Foundation
import Testing

@testable import Reporting

/// Opens reports in headless Chromium (Debian's `chromium`, which `.ci/run` installs) and watches what it does.
enum Browser {

    /// Hosts Chromium itself talks to in the background (updates, time, accounts), whatever the page does.
    static let browserServiceHosts = [
        "google.com", "googleapis.com", "gvt1.com", "gstatic.com", "googleusercontent.com",
    ]

    struct Visit {
        /// Console messages the page produced (errors, CSP violations, log calls).
        var console: [String]
        /// URLs requested other than the browser's own background services.
        var requests: [String]
        var screenshot: String
    }

    /// Renders `page` headless, with the network pointed at a closed port, and reports its console and requests;
    /// nil, with a notice naming the install command, when Chromium is missing outside CI (a failure under CI).
    static func visit(_ page: String, screenshot: String, width: Int = 1280, height: Int = 3200) throws -> Visit? {
        guard let executable = try ExternalTool.chromium else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let netLog = folder.appendingPathComponent("net.json").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-pings",
            "--proxy-server=127.0.0.1:9",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path, "--enable-logging=stderr", "--v=0",
            "--log-net-log=" + netLog, "--screenshot=" + screenshot, "--window-size=\(width),\(height)",
            "--hide-scrollbars",
            URL(fileURLWithPath: page).absoluteString,
        ]
        let errors = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let handle = try FileHandle(forWritingTo: errors)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let log = try String(contentsOf: errors, encoding: .utf8)
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        let net = (try? String(contentsOfFile: netLog, encoding: .utf8)) ?? ""
        let requests = Set(net.matches(of: /"url":"(https?:[^"]*)"/).map { String($0.output.1) }).filter { url in
            let host = URL(string: url)?.host ?? ""
            return !browserServiceHosts.contains { host == $0 || host.hasSuffix("." + $0) }
        }.sorted()
        return Visit(console: console, requests: requests, screenshot: screenshot)
    }
}

@Suite("The HTML report in a real browser", .serialized)
struct BrowserTests {
    @Test func theHarnessSeesRequestsAndConsoleMessages() throws {
        // A control: a page that does load something and logs, so a silent report means something.
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try
            "<!DOCTYPE html><title>control</title><img src=\"http://probe.example/pixel.gif\"><script>console.error(\"probe\")</script>"
            .write(toFile: folder + "/control.html", atomically: true, encoding: .utf8)
        guard let visit = try Browser.visit(folder + "/control.html", screenshot: folder + "/control.png", height: 400)
        else { return }
        #expect(visit.requests.contains("http://probe.example/pixel.gif"), "\(visit.requests)")
        #expect(visit.console.contains { $0.contains("probe") }, "\(visit.console)")
    }

    @Test func theReportRendersWithNoConsoleMessageAndNoRequest() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = Reports.write(try ReportFixtures.model(), formats: ["html"], to: folder)
        let screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("supportscope-report.png").path
        guard let visit = try Browser.visit(folder + "/index.html", screenshot: screenshot) else { return }
        #expect(visit.console.isEmpty, "\(visit.console)")
        #expect(visit.requests.isEmpty, "\(visit.requests)")
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 50_000, "the screenshot at \(screenshot) shows a rendered page")
    }

    @Test func theHostileReportRunsNothingAndLoadsNothing() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try ReportFixtures.model(folders: [
            ReportFixtures.root.appendingPathComponent("Tests/ReportingTests/Fixtures/hostile").path
        ])
        _ = Reports.write(model, formats: ["html"], to: folder)
        guard let visit = try Browser.visit(folder + "/index.html", screenshot: folder + "/hostile.png", height: 1600)
        else { return }
        // An alert, a script or a blocked load would each leave a console message or a request.
        #expect(visit.console.isEmpty, "\(visit.console)")
        #expect(visit.requests.isEmpty, "\(visit.requests)")
    }
}
