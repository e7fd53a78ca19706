import ArgumentParser
import Foundation
import Recordings
import SupportScope

/// Options shared by commands that choose profiles and a policy.
struct ProfileOptions: ParsableArguments {
    /// A folder of extra profile files.
    @Option(
        name: .customLong("profiles-dir"), help: "A folder of extra profile files (*.yaml) to add to the built-in ones."
    )
    var profilesDirectory: String?

    /// The organisation's policy file.
    @Option(help: "The organisation's co-browsing policy file (YAML).")
    var policy: String?

    /// Session-recording SDK configurations to translate into profiles.
    @Option(
        name: .customLong("profile-from"),
        help: ArgumentHelp(
            "A session-recording SDK's masking configuration (JSON) to run as a profile named after the file; "
                + "repeatable. VENDOR is rrweb (record() options), posthog (the session_recording object), sentry "
                + "(replayIntegration() options) or highlight (H.init() options).",
            valueName: "VENDOR:FILE"))
    var profileFrom: [String] = []

    /// Loads the registry and the policy, printing diagnostics; throws exit 2 on errors.
    func load() throws -> (ProfileRegistry, Policy) {
        let loaded = try loadAll()
        return (loaded.registry, loaded.policy)
    }

    /// The registry with the translated profiles added, the policy, and the translated profiles' names in the order
    /// given; prints diagnostics and every translation note, and throws exit 2 on errors.
    func loadAll() throws -> (registry: ProfileRegistry, policy: Policy, translated: [String]) {
        var registry = ProfileRegistry.load(userFolder: profilesDirectory)
        var diagnostics = registry.diagnostics
        var loaded = Policy.default
        if let path = policy {
            let result = Policy.load(file: path)
            diagnostics += result.diagnostics
            if let found = result.policy { loaded = found }
        }
        var translated: [String] = []
        for option in profileFrom {
            let result = VendorProfileReader.read(option: option, taken: registry.knownNames)
            diagnostics += result.diagnostics
            guard let vendorProfile = result.profile else { continue }
            // Notes are not errors: they say where the measurement over- or understates the SDK, once per run.
            for note in vendorProfile.notes { Console.line(note.description) }
            registry.add(vendorProfile.profile)
            translated.append(vendorProfile.profile.name)
        }
        for diagnostic in diagnostics {
            Console.diagnostic(diagnostic)
        }
        if diagnostics.hasErrors { throw ExitCodes.invalidInput }
        return (registry, loaded, translated)
    }
}

extension SupportScopeCommand {
    /// `supportscope models`: list every profile with its parameters.
    struct Models: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List every profile (built-in, --profiles-dir and --profile-from) with its parameters, as it runs "
                + "under --policy.")

        @OptionGroup var options: ProfileOptions

        func run() throws {
            let (registry, policy) = try options.load()
            if options.policy != nil {
                print(
                    "under the policy '\(policy.name)' (minimum-privacy \(policy.minimumPrivacy.rawValue), "
                        + "mask-length \(policy.maskLength?.rawValue ?? "the profile's"), recording "
                        + "\(policy.recordingAllowed ? "allowed" : "not allowed"); it applies to co-browsing profiles)")
            }
            for profile in registry.profiles {
                print("\(profile.name)  [\(profile.model.rawValue)]  \(profile.source)")
                print("  \(profile.summary)")
                let parameters = policy.parameters(of: profile)
                print("  " + parameters.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
                for parameter in parameters {
                    if let changed = parameter.changed { print("    \(parameter.key): \(changed)") }
                }
            }
        }
    }

    /// `supportscope explain`: what the agent received, tried and got, step by step.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Replay one scenario under one profile and print, step by step, what crossed to the agent and what it tried."
        )

        /// The scenario folder.
        @Argument(help: "The scenario folder.")
        var scenario: String

        /// The profile to replay under, or several side by side.
        @Option(
            help: "The profile, e.g. cobrowse-standard; two or more, comma-separated, are shown side by side per step.")
        var profile: String = "cobrowse-standard"

        @OptionGroup var options: ProfileOptions

        @Flag(help: "Show planted values and detector hits in the findings instead of redacting them.")
        var reveal = false

        @Flag(help: "Print every message whole (by default each is cut at 400 characters).")
        var full = false

        func run() throws {
            let (registry, policy) = try options.load()
            // The same profile names `run` accepts: the built-in ones and those of --profiles-dir.
            let loaded = ScenarioLoader(
                knownProfiles: registry.knownNames,
                knownPolicies: policy.knownNames
            ).load(folder: scenario)
            for diagnostic in loaded.diagnostics { Console.diagnostic(diagnostic) }
            guard let scenario = loaded.scenario else { throw ExitCodes.invalidInput }
            let chosen = try Run.profileList(profile, registry: registry, option: "--profile")
            let analysis: ScenarioAnalysis
            do {
                analysis = try ScenarioAnalysis.analyze(scenario, profiles: chosen, policy: policy, reveal: reveal)
            } catch {
                throw InputError("\(error)")
            }
            if reveal { print("note: --reveal is on; planted values are shown unredacted") }
            let explanations = analysis.profiles.map { result in
                var explanation = RunExplanation(scenario: scenario, analysis: result, reveal: reveal)
                explanation.full = full
                return explanation
            }
            print(explanations.count == 1 ? explanations[0].text : RunExplanation.sideBySide(explanations))
            if analysis.profiles.contains(where: { !$0.failures.isEmpty }) { throw ExitCodes.expectations }
        }
    }
}
