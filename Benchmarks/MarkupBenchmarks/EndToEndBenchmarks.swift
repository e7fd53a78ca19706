import Benchmark
import Foundation
import Reporting
import SupportScope

/// One whole scenario, as `supportscope run` treats it: load and validate, replay under the three default
/// profiles, analyse, and write the XML and HTML reports. Each iteration takes the next scenario of the shipped
/// library, so the percentiles are over the library (p50 is the median scenario).
func endToEndBenchmarks() {
    let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Scenarios").path
    let folders = ScenarioSuite.discover([library]).folders
    let registry = ProfileRegistry.builtIn()
    let profiles = ["cobrowse-standard", "screenshare-fullscreen", "remote-desktop-attended"].compactMap {
        registry.profile(named: $0)
    }
    guard !folders.isEmpty, profiles.count == 3 else { return }

    // Each sample is one run of the closure; the cursor walks the library across samples.
    let cursor = Cursor()
    Benchmark(
        "End to end: one library scenario (load, three profiles, analysis, XML + HTML)",
        configuration: .init(maxDuration: .seconds(20), maxIterations: 15 * 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let folder = folders[cursor.next() % folders.count]
            guard let scenario = ScenarioLoader().load(folder: folder).scenario,
                let analysis = try? ScenarioAnalysis.analyze(scenario, profiles: profiles),
                let model = try? ReportModel(
                    prepared: [ReportModel.Prepared(analysis, revealed: false)], profiles: profiles, policy: .default,
                    revealed: false, environment: [:])
            else { continue }
            blackHole(
                ((try? XMLReportWriter().write(model))?.count ?? 0)
                    + ((try? HTMLReportWriter().write(model))?.count ?? 0))
        }
    }
}

/// A counter shared by the samples of one benchmark (they run one after another).
final class Cursor: @unchecked Sendable {
    private var value = -1
    func next() -> Int {
        value += 1
        return value
    }
}
