import Benchmark
import Markup
@_spi(Benchmarking) import Simulation
import SupportScope

/// The compositor against the parse of the same page, measured in the same run.
func screenBenchmarks(page: [UInt8]) {
    let html = String(decoding: page, as: UTF8.self)
    let profile = ProfileRegistry.builtIn().profile(named: "screenshare-fullscreen")!

    Benchmark("Screen frame 5 MB: parse alone") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Document.parseHTML(html).rootElement != nil)
        }
    }

    let probe = try! ScreenProbe(html: html, url: "https://shop.example.ch/orders", profile: profile)
    Benchmark("Screen frame 5 MB: compose a frame") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(probe.composeFrame())
        }
    }

    Benchmark("Screen frame 5 MB: compose the first frame of a page (styles read)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(probe.composeFirstFrame())
        }
    }

    let bottom = try! ScreenProbe(html: html, url: "https://shop.example.ch/orders", profile: profile)
    bottom.scroll(to: 10_000_000)
    Benchmark("Screen frame 5 MB: compose a frame scrolled to the end") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(bottom.composeFrame())
        }
    }

    Benchmark("Screen frame 5 MB: an unchanged step", configuration: .init(maxIterations: 5_000)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(probe.unchangedStep())
        }
    }
}
