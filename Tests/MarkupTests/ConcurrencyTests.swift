import Markup
import Testing

@Suite("Parallel parsing")
struct ConcurrencyTests {
    /// Each task parses its own documents; diagnostics must never leak between parses.
    @Test func manyDocumentsParseConcurrentlyWithTheirOwnDiagnostics() async throws {
        let clean = try String(contentsOfFile: Fixture.path("pages/checkout.html"), encoding: .utf8)
        let broken = try String(contentsOfFile: Fixture.path("malformed/template-junk.html"), encoding: .utf8)
        let expectedBroken = try Document.parseHTML(broken, url: "broken").diagnostics
        #expect(!expectedBroken.isEmpty)

        let results = try await withThrowingTaskGroup(of: (Int, Int, [ParseDiagnostic], Int).self) { group in
            for index in 0..<400 {
                group.addTask {
                    let isBroken = index % 2 == 1
                    let document = try Document.parseHTML(
                        isBroken ? broken : clean, url: isBroken ? "broken" : "clean-\(index)")
                    let inputs = try document.select("input").count
                    let xml = try Document.parseXML("<r n=\"\(index)\"/>")
                    return (index, inputs, document.diagnostics, Int(xml.rootElement?.attribute("n") ?? "") ?? -1)
                }
            }
            var collected: [(Int, Int, [ParseDiagnostic], Int)] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 400)
        for (index, inputs, diagnostics, echoed) in results {
            #expect(echoed == index)
            if index % 2 == 1 {
                #expect(diagnostics == expectedBroken)
                #expect(inputs == 1)
            } else {
                #expect(diagnostics.isEmpty)
                #expect(inputs == 13)
            }
        }
    }

    @Test func refusedXMLInOneTaskDoesNotDisturbOthers() async throws {
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    if index % 2 == 0 {
                        return (try? Document.parseXML(XMLTests.billionLaughs)) == nil
                    }
                    return (try? Document.parseXML("<ok/>")) != nil
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 200)
        #expect(outcomes.allSatisfy { $0 })
    }
}
