import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

@Suite("Profiles and policies are data")
struct ProfilePolicyTests {
    @Test func theBuiltInProfilesCoverTheThreeModes() {
        let registry = ProfileRegistry.builtIn()
        #expect(registry.diagnostics.isEmpty)
        #expect(
            registry.profiles.map(\.name) == [
                "cobrowse-basic", "cobrowse-naive", "cobrowse-standard", "cobrowse-strict",
                "remote-desktop-attended", "remote-desktop-restricted", "remote-desktop-unattended",
                "screenshare-control", "screenshare-dnd", "screenshare-fullscreen", "screenshare-window",
            ])
        let coBrowsing = registry.profiles.filter { $0.model == .cobrowse }
        #expect(coBrowsing.map(\.privacy) == [.basic, .naive, .standard, .strict])
        #expect(registry.profile(named: "cobrowse-standard")?.maskLength == .fixed)
        #expect(registry.profiles.allSatisfy { $0.source == "built-in" })
        #expect(registry.profiles.allSatisfy { ScenarioFormat.knownProfiles.contains($0.name) })
        #expect(Set(ScenarioFormat.knownProfiles) == Set(registry.profiles.map(\.name)))
        let window = registry.profile(named: "screenshare-window")
        #expect(window?.capture == "window" && window?.notifications == false && window?.control == false)
        #expect(registry.profile(named: "screenshare-dnd")?.notifications == false)
        #expect(registry.profile(named: "screenshare-control")?.control == true)
        let restricted = registry.profile(named: "remote-desktop-restricted")
        #expect(restricted?.control == true && restricted?.fileTransfer == false && restricted?.clipboard == false)
        #expect(registry.profile(named: "remote-desktop-unattended")?.standingAccess == true)
    }

    @Test func usersAddProfilesFromAFolder() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        name: cobrowse-bank
        model: cobrowse
        summary: Our bank's co-browsing set-up.
        privacy: strict
        recording: false
        """.write(to: folder.appendingPathComponent("bank.yaml"), atomically: true, encoding: .utf8)
        let registry = ProfileRegistry.load(userFolder: folder.path)
        #expect(registry.diagnostics.isEmpty)
        let profile = try #require(registry.profile(named: "cobrowse-bank"))
        #expect(profile.privacy == .strict && !profile.recording && profile.maskLength == .fixed)
        #expect(profile.source == folder.appendingPathComponent("bank.yaml").path)
    }

    @Test func badProfileFilesAreReportedWithPositions() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: cobrowse-standard\nmodel: cobrowse\nsummary: Again.\n".write(
            to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "name: mine\nmodel: cobrowse\nsummary: Typo.\nprivacy: stricter\n".write(
            to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let registry = ProfileRegistry.load(userFolder: folder.path)
        #expect(
            registry.diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } == [
                "a.yaml:1:7: error: a profile named 'cobrowse-standard' already exists; choose another name",
                "b.yaml:4:10: error: 'privacy' cannot be 'stricter' (did you mean 'strict'?); expected one of naive, basic, standard, strict",
            ])
        #expect(registry.profile(named: "mine") == nil)
    }

    @Test func aPolicyFileLoadsEveryRule() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("policy.yaml").path
        try """
        mask: [".account-balance", "[data-private]"]
        block: ["form#checkout button[type=submit]"]
        allow: [nav]
        allowed-origins: ["https://Shop.Example.ch/checkout", "https://pay.example-psp.com"]
        minimum-privacy: standard
        mask-length: preserve
        recording: false
        control-requires-consent: true
        attributes: [data-product-id]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (policy, diagnostics) = Policy.load(file: path)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(policy)
        #expect(loaded.mask == [".account-balance", "[data-private]"])
        #expect(loaded.allowedOrigins == ["https://shop.example.ch", "https://pay.example-psp.com"])
        #expect(loaded.minimumPrivacy == .standard && loaded.maskLength == .preserve && !loaded.recordingAllowed)
        #expect(loaded.extraAttributes == ["data-product-id"])
    }

    @Test func aBadPolicyIsAnErrorWithItsPosition() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("policy.yaml").path
        try "mask: [\".balance\", \"input[type=password\"]\nblok: [\"#buy\"]\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let (policy, diagnostics) = Policy.load(file: path)
        #expect(policy == nil)
        #expect(
            diagnostics.map { $0.description.replacingOccurrences(of: path, with: "policy.yaml") } == [
                "policy.yaml:1:40: error: invalid CSS selector in an entry of 'mask': expected ']' to close the attribute selector, found the end of the selector",
                "policy.yaml:2:1: error: unknown key 'blok' in policy-file (did you mean 'block'?)",
            ])
    }

    @Test func aPolicyIsNamedByItsNameKeyOrItsFileAndNeverDefault() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func load(_ file: String, _ text: String) throws -> (Policy?, [String]) {
            let path = folder.appendingPathComponent(file).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (policy, diagnostics) = Policy.load(file: path)
            return (policy, diagnostics.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") })
        }
        #expect(Policy.default.name == "default")
        #expect(try load("bank.yaml", "name: acme-bank\nrecording: false\n").0?.name == "acme-bank")
        #expect(try load("strict-org.yaml", "recording: false\n").0?.name == "strict-org")
        let (named, errors) = try load("p.yaml", "recording: false\nname: default\n")
        #expect(named == nil)
        #expect(
            errors == [
                "p.yaml:2:7: error: the name 'default' is the built-in policy's; give the policy a name: of its own"
            ])
        let (spaced, spacedErrors) = try load("Acme Bank.yaml", "recording: false\n")
        #expect(spaced == nil)
        #expect(
            spacedErrors.first?.hasPrefix(
                "Acme Bank.yaml:1:1: error: the policy has no name: and its file's name 'Acme Bank' is not an identifier"
            )
                == true, "\(spacedErrors)")
        let (byFile, fileErrors) = try load("default.yaml", "recording: false\n")
        #expect(byFile == nil)
        #expect(fileErrors.first?.hasPrefix("default.yaml:1:1: error: the name 'default' (the file's name") == true)
    }

    /// What `models --policy` prints and what the co-browsing model runs at come from one place.
    @Test func thePolicySetsAFloorAndOverridesForCoBrowsingProfilesOnly() throws {
        let registry = ProfileRegistry.builtIn()
        var policy = Policy.default
        #expect(
            registry.profiles.allSatisfy { profile in policy.parameters(of: profile).allSatisfy { $0.changed == nil } })
        policy.minimumPrivacy = .standard
        policy.recordingAllowed = false
        let naive = try #require(registry.profile(named: "cobrowse-naive"))
        let parameters = policy.parameters(of: naive)
        #expect(parameters.map(\.value) == ["standard", "preserve", "false"])
        #expect(parameters[0].changed == "the profile says naive; the policy's minimum-privacy sets it")
        #expect(parameters[1].changed == nil)
        let strict = try #require(registry.profile(named: "cobrowse-strict"))
        #expect(policy.settings(for: strict).privacy == .strict)
        let screen = try #require(registry.profile(named: "screenshare-fullscreen"))
        #expect(policy.parameters(of: screen).allSatisfy { $0.changed == nil })
    }

    @Test func scenariosAddToThePolicyButNeverRemove() {
        var policy = Policy.default
        policy.mask = [".balance"]
        policy.block = ["#buy"]
        let merged = policy.adding(PolicyAdditions(mask: [".balance", ".iban"], block: []))
        #expect(merged.mask == [".balance", ".iban"])
        #expect(merged.block == ["#buy"])
    }
}
