import Foundation
import Testing
@testable import SupportScope

@Suite("Inspecting pages against a co-browsing profile")
struct PageInspectorTests {
    static func inspect(_ profile: String, policy: Policy = .default) throws -> PageInspection {
        let path = Fixtures.folder("inspect/account.html")
        let inspector = try PageInspector(profile: CoBrowse.registry.profile(named: profile)!, policy: policy)
        return try inspector.inspect(file: path, text: try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func standardMasksFieldsByMarkupAndHighTierDataByContent() throws {
        let inspection = try Self.inspect("cobrowse-standard")
        #expect(inspection.fields.map(\.selector) == ["#payout > input", "#kn", "#pw"])
        #expect(inspection.fields.allSatisfy { $0.maskedBy != nil })
        // The IBAN in a table cell and the key in a code block: no selector names them, the detectors do.
        let iban = try #require(inspection.content.first { $0.line == 17 })
        #expect(!iban.reachesAgent && iban.coveredBy == "masked: detector iban")
        #expect(inspection.content.first { $0.detectorClass == .secret }?.coveredBy == "masked: detector secret")
        // Contact data is a lower tier: it is shown, and inspect says where to mask it.
        let reaching = Set(inspection.content.filter(\.reachesAgent).map(\.detectorClass))
        #expect(reaching == [.phone, .email])
        // Stripped under the standard level: the script's e-mail address and the comment's SSN never cross.
        #expect(inspection.content.first { $0.detectorClass == .usSSN }?.reachesAgent == false)
        #expect(inspection.content.first { $0.line == 6 }?.reachesAgent == false)
    }

    @Test func naiveMasksNothing() throws {
        let inspection = try Self.inspect("cobrowse-naive")
        #expect(inspection.fields.allSatisfy { $0.maskedBy == nil })
        #expect(inspection.content.allSatisfy { $0.reachesAgent })
        #expect(inspection.unmasked == inspection.fields.count + inspection.content.count)
    }

    @Test func thePolicySelectorsTheInspectorSuggestsCloseTheLeaks() throws {
        let before = try Self.inspect("cobrowse-standard")
        var policy = Policy.default
        policy.mask = Array(Set(before.content.filter { $0.reachesAgent && $0.coveredBy == nil }.compactMap(\.selector))).sorted()
        let after = try Self.inspect("cobrowse-standard", policy: policy)
        #expect(after.unmasked == 0, "\(after.content.filter(\.reachesAgent))")
    }

    @Test func textFilesAreScannedWithTheDetectorsAlone() throws {
        let path = Fixtures.folder("inspect/transcript.txt")
        let inspection = try PageInspector(profile: CoBrowse.registry.profile(named: "cobrowse-strict")!)
            .inspect(file: path, text: try String(contentsOfFile: path, encoding: .utf8))
        #expect(inspection.kind == "text")
        #expect(inspection.content.map { "\($0.line):\($0.column) \($0.detectorClass.rawValue)" } == ["3:43 card-number", "5:41 one-time-code", "6:47 email"])
    }
}
