import Foundation
import Markup
import Testing

@testable import Recordings
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Translates a JSON text and replays checkout-help under the result.
enum Vendor {
    static func translate(_ json: String, _ vendor: ReplayVendor) throws -> VendorProfile {
        let read = VendorProfileReader.read(
            bytes: Array(json.utf8), vendor: vendor, path: "options.json", name: "\(vendor.rawValue)-options")
        guard let profile = read.profile else {
            throw TestFailure(message: read.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        return profile
    }

    static func errors(_ json: String, _ vendor: ReplayVendor) -> [Diagnostic] {
        VendorProfileReader.read(bytes: Array(json.utf8), vendor: vendor, path: "options.json", name: "x").diagnostics
    }

    static func wire(_ json: String, _ vendor: ReplayVendor) throws -> String {
        let profile = try translate(json, vendor).profile
        return CoBrowse.wire(try Replay.run(try CoBrowse.scenario("checkout-help"), profile: profile, policy: .default))
    }
}

@Suite("--profile-from: vendor configurations as profiles")
struct VendorProfileTests {
    // MARK: Defaults, measured on the wire

    @Test func rrwebDefaultsMaskPasswordsAndScriptTextOnly() throws {
        let wire = try Vendor.wire("{}", .rrweb)
        #expect(!wire.contains("737"), "rrweb masks password fields by default")
        #expect(!wire.contains("window.dataLayer = [{"), "rrweb writes a placeholder for a script's text")
        for leak in [
            "4111 1111 1111 1111", "<!-- support note: lea.meier@example.ch", "CUST-48213",
            "data-email=\"lea.meier@example.ch\"", "checkout?session=abc",
        ] {
            #expect(wire.contains(leak), "rrweb records \(leak) by default")
        }
    }

    @Test func theRRWebTrapIsMeasuredAndNoted() throws {
        let json = #"{ "maskInputOptions": { "text": true } }"#
        let translated = try Vendor.translate(json, .rrweb)
        #expect(translated.notes.contains { $0.effect == .configuration && $0.option == "maskInputOptions" })
        let wire = try Vendor.wire(json, .rrweb)
        #expect(wire.contains("737"), "maskInputOptions replaces { password: true }: the CVC crosses")
        #expect(!wire.contains("4111 1111 1111 1111"))
    }

    @Test func posthogKeepsPasswordsMaskedWhateverTheOptions() throws {
        let json = #"{ "maskAllInputs": false, "maskInputOptions": { "email": true } }"#
        let rules = try Vendor.translate(json, .posthog).profile.mirror
        #expect(rules?.maskInputs == [.email, .password])
    }

    @Test func sentryDefaultsMaskTextAndInputsButNotHiddenValuesOrDataAttributes() throws {
        let wire = try Vendor.wire("{}", .sentry)
        for hidden in ["737", "4111 1111 1111 1111", "Bestellung", "support note", "window.dataLayer"] {
            #expect(!wire.contains(hidden), "Sentry's defaults hide \(hidden)")
        }
        // What Sentry records all the same: a hidden input's value and data-* attributes.
        #expect(wire.contains("CUST-48213"))
        #expect(wire.contains("data-email=\"lea.meier@example.ch\""))
    }

    /// Found by review: Sentry masks its attributes only while it masks all text.
    @Test func sentryMasksAttributesOnlyWithAllText() throws {
        let rules = try Vendor.translate(#"{ "maskAllText": false }"#, .sentry).profile.mirror
        #expect(rules?.maskAttributes == [])
        #expect(try Vendor.translate("{}", .sentry).profile.mirror?.maskAttributes.contains("title") == true)
    }

    @Test func sentryUnmaskStopsTheBlanketMasksOnly() throws {
        let rules = try Vendor.translate(#"{ "unmask": ["main"], "mask": [".secret"] }"#, .sentry).profile.mirror
        #expect(rules?.maskAllText == true)
        #expect(rules?.unmask == ["main"])
        #expect(rules?.mask.prefix(3) == [".secret", ".sentry-mask", "[data-sentry-mask]"])
    }

    @Test func highlightStrictMasksAllTextButTheTitleAndBlocksMedia() throws {
        let rules = try Vendor.translate(#"{ "privacySetting": "strict" }"#, .highlight).profile.mirror
        #expect(rules?.maskAllText == true)
        #expect(rules?.unmask.contains("title") == true)
        #expect(rules?.block.contains("img") == true)
    }

    @Test func aTranslatedProfileRunsAtTheNaiveLevelWithItsLengthKept() throws {
        let profile = try Vendor.translate("{}", .sentry).profile
        #expect(profile.privacy == .naive)
        #expect(profile.maskLength == .preserve)
        #expect(profile.parameters.contains { $0.key == "mirror" })
    }

    // MARK: Errors name the file, line and column

    @Test func aValueOfTheWrongTypeIsPlaced() {
        let errors = Vendor.errors(#"{"maskAllInputs": "yes"}"#, .rrweb)
        #expect(
            errors.map(\.description) == [
                "options.json:1:19: error: 'maskAllInputs' must be true or false; found a string"
            ])
    }

    @Test func anUnknownOptionGetsTheNearestKnownOne() throws {
        let error = try #require(Vendor.errors(#"{"maskAllInput": true}"#, .rrweb).first)
        #expect((error.line, error.column) == (1, 2))
        #expect(error.message.contains("did you mean 'maskAllInputs'?"))
    }

    @Test func aSelectorTheMirrorCannotMatchIsPlacedAtItsColumn() throws {
        let error = try #require(Vendor.errors(#"{"blockSelector": "div:has(.x)"}"#, .rrweb).first)
        #expect((error.line, error.column) == (1, 23))
    }

    @Test func everyProblemIsReportedInOnePass() {
        let json = """
            {
              "mask": [".a", 3],
              "maskAllText": "no",
              "blok": []
            }
            """
        #expect(Vendor.errors(json, .sentry).map { "\($0.line):\($0.column)" } == ["2:18", "3:18", "4:3"])
    }

    @Test func aFunctionIsNotedNotRefused() throws {
        let translated = try Vendor.translate(#"{ "maskTextFn": null, "maskInputFn": "fn" }"#, .rrweb)
        #expect(translated.notes.contains { $0.option == "maskInputFn" && $0.effect == .unknown })
    }

    @Test(arguments: ["rrweb:", "nope:x.json", "x.json"])
    func aMalformedOptionIsRefused(_ option: String) {
        #expect(VendorProfileReader.read(option: option, taken: []).profile == nil)
    }

    @Test func theNameComesFromTheFileAndTheVendor() {
        #expect(VendorProfileReader.profileName(vendor: .sentry, path: "conf/replay.json") == "sentry-replay")
        #expect(VendorProfileReader.profileName(vendor: .posthog, path: "posthog-acme.json") == "posthog-acme")
    }
}
