import Benchmark
@_spi(Benchmarking) import Markup

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10),
        maxIterations: 60
    )
    let page = PageGenerator.page(bytes: 5 * 1024 * 1024)

    // The floor: libxml2's HTML parser called directly, same options, errors off.
    Benchmark("HTML parse 5 MB: raw libxml2") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RawLibXML2.parseHTML(page))
        }
    }

    // Markup's parse: diagnostics collected per parse, full line numbers, a Document that frees itself.
    Benchmark("HTML parse 5 MB: Markup") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Document.parseHTML(page).diagnostics.count)
        }
    }

    let document = try! Document.parseHTML(page)

    Benchmark("Document walk 5 MB: raw libxml2") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RawLibXML2.walk(document))
        }
    }

    // Every node as a `Node` value, with each element's attribute list read.
    Benchmark("Document walk 5 MB: Markup") { benchmark in
        for _ in benchmark.scaledIterations {
            var count = 0
            for node in document.node.descendants where node.isElement {
                count += 1 + node.attributes.count
            }
            blackHole(count)
        }
    }

    coBrowsingBenchmarks(page: page)
    screenBenchmarks(page: page)
    detectorBenchmarks()
    inspectOutputBenchmarks()
    endToEndBenchmarks()
    limitBenchmarks()

    let masking = try! Selector(
        #"input[autocomplete^="cc-" i], input[type=password], [data-private], form button[type=submit]"#)
    Benchmark("Selector match 5 MB: masking rules") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(document.select(masking).count)
        }
    }
}
