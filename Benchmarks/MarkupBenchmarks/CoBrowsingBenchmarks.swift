import Benchmark
import Markup
@_spi(Benchmarking) import Simulation
import SupportScope

/// Co-browsing against the parse of the same page, measured in the same run.
func coBrowsingBenchmarks(page: [UInt8]) {
    let large = String(decoding: page, as: UTF8.self).replacingOccurrences(
        of: "</main>", with: "<div id=\"status\"></div></main>")
    let small = String(decoding: PageGenerator.page(bytes: 50 * 1024), as: UTF8.self)
        .replacingOccurrences(of: "</main>", with: "<div id=\"status\"></div></main>")
    let standard = ProfileRegistry.builtIn().profile(named: "cobrowse-standard")!
    var policy = Policy.default
    policy.mask = [".amount", "[data-order]"]
    policy.block = ["form button[type=submit]"]

    Benchmark("Co-browsing 5 MB: parse alone") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Document.parseHTML(large).rootElement != nil)
        }
    }

    let probe = try! CoBrowsingProbe(
        html: large, url: "https://shop.example.ch/orders", profile: standard, policy: policy)
    Benchmark("Co-browsing 5 MB: snapshot + masking") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(probe.snapshot())
        }
    }

    Benchmark("Co-browsing 5 MB: first snapshot of a new session (fields classified)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(probe.freshSnapshot())
        }
    }

    let change = "<p class=\"alert\">Karte 4111 1111 1111 1111 gespeichert für <b>lea.meier@example.ch</b></p>"
    Benchmark("Co-browsing mutation: 5 MB page", configuration: .init(maxIterations: 2_000)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(probe.changeStatus(change))
        }
    }

    let smallProbe = try! CoBrowsingProbe(
        html: small, url: "https://shop.example.ch/orders", profile: standard, policy: policy)
    Benchmark("Co-browsing mutation: 50 KB page", configuration: .init(maxIterations: 2_000)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(smallProbe.changeStatus(change))
        }
    }
}
