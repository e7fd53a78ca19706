import Foundation
import Markup
import Testing

@testable import Reporting
@testable import SupportScope

/// A program a test needs from outside the toolchain: found on the PATH, or the test is skipped with a notice naming
/// how to install it — unless `CI` is set, where `.ci/run` installed it and its absence is a failure.
enum ExternalTool {
    static func find(_ names: [String], install: String) throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            if name.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: name) { return name }
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        if environment["CI"] != nil { throw TestFailure("\(names[0]) is missing under CI: \(install)") }
        print("notice: test skipped: \(names[0]) is not installed (\(install), or run bash .ci/run)")
        return nil
    }

    static var chromium: String? {
        get throws {
            if let path = ProcessInfo.processInfo.environment["CHROMIUM"] { return path }
            return try find(["chromium", "chromium-browser", "google-chrome"], install: "apt-get install chromium")
        }
    }

    /// Runs `executable` with `arguments`, waiting for it; its output is discarded.
    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }

    /// Chromium's headless flags for a page that must load nothing.
    static func headless(_ profile: String) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--proxy-server=127.0.0.1:9",
            "--user-data-dir=" + profile, "--hide-scrollbars",
            // The views are frames of their own: a loaded machine screenshotted one before its frames had drawn.
            "--virtual-time-budget=10000",
        ]
    }
}

@Suite("Reading the report: marks, summary, print", .serialized)
struct ReportReadingTests {
    static let checkout = ReportFixtures.root.appendingPathComponent(
        "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
    )
    .path

    static func model(detail: ReportDetail = .full) throws -> ReportModel {
        try ReportModel(
            scenarios: try ReportFixtures.analyses(folders: [checkout]), profiles: ReportFixtures.chosenProfiles,
            policy: .default, revealed: false, context: ReportContext(detail: detail), environment: [:])
    }

    static func html(_ model: ReportModel) throws -> String {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = Reports.write(model, formats: ["html"], to: folder)
        return try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
    }

    /// The mirror documents the report shows, by profile, parsed from their frames.
    static func mirrors(_ html: String) throws -> [(profile: String, document: Document)] {
        let report = try Document.parseHTML(html)
        return try report.node.descendants.filter { $0.isElement && $0.name == "iframe" }.map { frame in
            let title = frame.attribute("title") ?? ""
            return (
                String(title.split(separator: " ").last ?? ""), try Document.parseHTML(frame.attribute("srcdoc") ?? "")
            )
        }
    }

    @Test func aSeenValueAndAMaskedValueAreMarkedDifferentlyInTheDOM() throws {
        let html = try Self.html(try Self.model())
        // The legend comes before anything uses the marks.
        let legend = try #require(html.range(of: "class=\"legend\""))
        let firstView = try #require(html.range(of: "<iframe"))
        #expect(legend.lowerBound < firstView.lowerBound)
        #expect(html.contains("<mark class=\"ss-seen\">4111 •••• •••• 1111</mark>"))
        #expect(html.contains("<span class=\"ss-masked\">********</span>"))
        let mirrors = try Self.mirrors(html)
        let card = try Selector("#cvc")
        let naive = try #require(mirrors.last { $0.profile == "cobrowse-naive" }?.document.first(card))
        let standard = try #require(mirrors.last { $0.profile == "cobrowse-standard" }?.document.first(card))
        // Under the naive profile the security code crossed: marked seen, redacted, tagged; the standard one masked it.
        #expect(naive.hasAttribute("data-ss-seen") && !naive.hasAttribute("data-ss-masked"))
        #expect(naive.attribute("value") == "••••••••")
        #expect(naive.nextSibling?.textContent == "seen")
        #expect(standard.hasAttribute("data-ss-masked") && !standard.hasAttribute("data-ss-seen"))
        #expect(standard.nextSibling?.textContent == "masked")
    }

    /// Counts the pixels of two colours in a PNG below row `top`, with Python's standard library (zlib and struct):
    /// no imaging package needed.
    static let pixelCounter = #"""
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read(); top = int(sys.argv[2])
        colours = [tuple(int(c[i:i+2], 16) for i in (0, 2, 4)) for c in sys.argv[3:]]
        pos, idat = 8, b''
        while pos < len(data):
            n, = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]; pos += 12 + n
            if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT': idat += body
        raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}[ctype]; stride = w * bpp
        prev = bytearray(stride); counts = [0] * len(colours); i = 0
        for y in range(h):
            f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
            for x in range(stride):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            prev = line
            if y < top: continue
            for x in range(w):
                pixel = tuple(line[x*bpp:x*bpp+3])
                for k, colour in enumerate(colours):
                    if pixel == colour: counts[k] += 1
        print(' '.join(map(str, counts)))
        """#

    @Test func aSeenValueAndAMaskedValueLookDifferentOnScreen() throws {
        guard let chromium = try ExternalTool.chromium,
            let python = try ExternalTool.find(["python3"], install: "apt-get install python3")
        else { return }
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = Reports.write(try Self.model(detail: .summary), formats: ["html"], to: folder)
        let png = folder + "/views.png"
        try ExternalTool.run(
            chromium,
            ExternalTool.headless(folder + "/profile") + [
                "--screenshot=" + png, "--window-size=1000,3200",
                URL(fileURLWithPath: folder + "/index.html").absoluteString,
            ])
        try Self.pixelCounter.write(toFile: folder + "/count.py", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        // Below the legend (the views only): the seen fill #fde2e1 and the masked fill #dde2e7.
        process.arguments = [folder + "/count.py", png, "1200", "fde2e1", "dde2e7"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let counts = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 2, "\(output)")
        #expect(counts.first ?? 0 > 200, "seen values drawn in their colour: \(counts)")
        #expect(counts.last ?? 0 > 200, "masked values drawn in theirs: \(counts)")
    }

    @Test func thePrintedReportHoldsEveryFindingActionRetentionAndAuditTrail() throws {
        guard let chromium = try ExternalTool.chromium,
            let pdftotext = try ExternalTool.find(["pdftotext"], install: "apt-get install poppler-utils")
        else { return }
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let analyses = try ReportFixtures.analyses()
        let model = try ReportModel(
            scenarios: analyses, profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false,
            environment: [:])
        _ = Reports.write(model, formats: ["html"], to: folder)
        try ExternalTool.run(
            chromium,
            ExternalTool.headless(folder + "/profile") + [
                "--no-pdf-header-footer", "--print-to-pdf=" + folder + "/report.pdf",
                URL(fileURLWithPath: folder + "/index.html").absoluteString,
            ])
        try ExternalTool.run(pdftotext, [folder + "/report.pdf", folder + "/report.txt"])
        let text = try String(contentsOfFile: folder + "/report.txt", encoding: .utf8)
        let results = analyses.flatMap(\.profiles)
        let ids = results.flatMap { $0.findings.map(\.id) }
        let missing = ids.filter { !text.contains($0) }
        #expect(ids.count > 300 && missing.isEmpty, "\(missing.count) of \(ids.count) finding ids not printed")
        // Every run's details open on paper: its actions, its retention list, its audit trail.
        func count(_ heading: String) -> Int { text.components(separatedBy: heading).count - 1 }
        #expect(count("Retention at session end") == results.count)
        #expect(count("Agent actions") >= results.count)
        #expect(count("Audit trail") == results.count)
    }

    @Test func theSummaryReportIsShorterAndHoldsTheSummaryMatrixAndOneViewPerScenario() throws {
        let full = try Self.html(try Self.model())
        let summary = try Self.html(try Self.model(detail: .summary))
        #expect(summary.utf8.count * 2 < full.utf8.count, "\(summary.utf8.count) vs \(full.utf8.count) bytes")
        for part in ["id=\"summary\"", "Key findings", "Recommendations", "id=\"matrix\"", "class=\"legend\""] {
            #expect(summary.contains(part), "\(part)")
        }
        #expect(summary.components(separatedBy: "What the agent sees after step").count - 1 == 1)
        #expect(!summary.contains("Audit trail") && !summary.contains("step by step"))
        #expect(full.contains("Audit trail"))
    }

    @Test func theSummaryCountsWhatWasPlantedAndComparesWithTheReference() throws {
        let model = try ReportFixtures.model()
        let digest = ReportDigest(model)
        let reference = try #require(digest.cards.first { $0.profile == "cobrowse-standard" })
        let screen = try #require(digest.cards.first { $0.profile == "screenshare-fullscreen" })
        let planted = try ReportFixtures.analyses().reduce(0) { $0 + $1.scenario.items.count }
        #expect(reference.planted == planted && screen.planted == planted)
        #expect(screen.received > reference.received)
        #expect(screen.ratio == Double(screen.index) / Double(reference.index))
        #expect(reference.ratio == nil)
        #expect(digest.keyFindings.count == 3)
        #expect(digest.keyFindings[0].contains("of \(planted) planted items under cobrowse-standard"))
        #expect(screen.recommendations.contains { $0.hasPrefix("Do not share the whole screen") })
        let html = try Self.html(model)
        #expect(html.contains("\(screen.received) of \(planted)</strong> planted items the agent received"))
        #expect(html.contains(ReportDigest.times(screen.ratio!) + " the exposure of cobrowse-standard"))
    }

    @Test func titleSubtitlePolicyAndOrderAreWhereTheReaderLooks() throws {
        var model = try ReportFixtures.model()
        model.title = "Co-browsing roll-out <review>"
        model.subtitle = "For the CISO · December 2026"
        let html = try Self.html(model)
        #expect(html.contains("<h1>Co-browsing roll-out &lt;review&gt;</h1>"))
        #expect(html.contains("<p class=\"subtitle\">For the CISO · December 2026</p>"))
        // The policy and its hash in the method.
        #expect(html.contains("<h3>Policy</h3>"))
        #expect(html.contains(HTMLReport.policyHash(HTMLReport.rules(model.policy))))
        #expect(html.contains("<th scope=\"row\"><code>control-requires-consent</code></th><td>true</td>"))
        // The title is presentation: the XML (and the run id in it) is the same with or without it.
        let plain = ReportFixtures.temporaryFolder(), titled = ReportFixtures.temporaryFolder()
        defer { for folder in [plain, titled] { try? FileManager.default.removeItem(atPath: folder) } }
        _ = Reports.write(try ReportFixtures.model(), formats: ["xml"], to: plain)
        _ = Reports.write(model, formats: ["xml"], to: titled)
        #expect(FileManager.default.contentsEqual(atPath: plain + "/report.xml", andPath: titled + "/report.xml"))
        // The matrix lists the worst scenarios first; the contents group the scenarios by domain.
        let matrix = try #require(html.range(of: "<table class=\"matrix\">"))
        let rows = html[matrix.lowerBound...].components(separatedBy: "<tr>").dropFirst(2).prefix(model.outlines.count)
        let ranks = rows.map { row in
            Severity.allCases.lastIndex { row.contains("sev-\($0.rawValue)") } ?? -1
        }
        #expect(ranks == ranks.sorted(by: >), "\(ranks)")
        #expect(html.contains("<span class=\"domain-name\">retail</span>"))
    }

    @Test func screensAreDrawnAsDesktopsWhereNothingOverprints() throws {
        let html = try Self.html(try Self.model())
        let report = try Document.parseHTML(html)
        let screens = report.node.descendants.filter {
            $0.isElement && $0.name == "svg" && $0.attribute("class") == "screen"
        }
        #expect(!screens.isEmpty)
        #expect(!html.contains("<script"), "inline and without script")
        var toasts = 0, seen = 0
        for screen in screens {
            let elements = screen.descendants.filter(\.isElement)
            func count(_ name: String, _ kind: String) -> Int {
                elements.filter {
                    $0.name == name && ($0.attribute("class") ?? "").split(separator: " ").contains(Substring(kind))
                }
                .count
            }
            // Every window with its title bar; every browser with its address bar.
            #expect(count("g", "window") >= 1 && count("g", "window") == count("rect", "bar"))
            #expect(count("g", "browser") == count("rect", "url"))
            toasts += count("rect", "toast")
            seen += count("rect", "seen")
            // On each line of each window, the runs of text sit side by side on the 8 px grid: none overlaps another.
            for window in elements where window.name == "g" && (window.attribute("class") ?? "").hasPrefix("window") {
                var lines: [String: [(Int, Int)]] = [:]
                for text in window.descendants where text.isElement && text.name == "text" {
                    guard let x = text.attribute("x").flatMap(Int.init),
                        let width = text.attribute("textLength").flatMap(Int.init)
                    else { continue }
                    #expect(width == text.textContent.count * 8, "\(text.textContent)")
                    lines[text.attribute("y") ?? "", default: []].append((x, x + width))
                }
                for runs in lines.values {
                    let sorted = runs.sorted { $0.0 < $1.0 }
                    for (left, right) in zip(sorted, sorted.dropFirst()) { #expect(left.1 <= right.0, "\(sorted)") }
                }
            }
        }
        #expect(toasts >= 1, "the one-time code's notification is a toast")
        #expect(seen >= 4, "what the agent received is marked on the screens")
        // The remote desktop's agent typed into the page: its pointer is drawn.
        #expect(html.contains("class=\"cursor\""))
    }
}
