import Foundation
import Installation
import Scenarios

/// How much a co-browsing session hides, from the careless mirror to "mask everything except an allow-list".
public enum PrivacyLevel: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// Mirrors the DOM as it is — hidden inputs, comments, scripts, data attributes: the careless implementation.
    case naive
    /// Masks passwords only.
    case basic
    /// The default rules (passwords, card, one-time-code and birthday fields, field heuristics) plus the policy.
    case standard
    /// Masks all text and inputs except an allow-list.
    case strict

    /// Compared per node while serialising: a switch, not a search through `allCases`.
    private var rank: Int {
        switch self {
        case .naive: 0
        case .basic: 1
        case .standard: 2
        case .strict: 3
        }
    }

    public static func < (lhs: PrivacyLevel, rhs: PrivacyLevel) -> Bool { lhs.rank < rhs.rank }
}

/// How masked text is written: keeping its length, or a fixed run that hides the length too.
public enum MaskLength: String, Sendable, Hashable, CaseIterable, Codable {
    case preserve, fixed
}

/// A remote-support mode with its parameters, loaded from YAML: data, not code.
public struct Profile: Sendable, Hashable, Codable {
    /// The profile's name, e.g. `cobrowse-standard`.
    public var name: String
    /// The model that runs it.
    public var model: ModelKind
    /// One sentence for listings and reports.
    public var summary: String
    /// Co-browsing: the privacy level.
    public var privacy: PrivacyLevel
    /// Co-browsing: how masked text is written.
    public var maskLength: MaskLength
    /// Whether the session is recorded (a recording is retained after the session).
    public var recording: Bool
    /// Where the profile was loaded from (`built-in` or a file path).
    public var source: String
    /// Screen sharing: `screen` (everything) or `window` (the window in front when the session starts).
    public var capture: String = "screen"
    /// Screen sharing: whether OS notifications are captured.
    public var notifications: Bool = true
    /// Screen sharing and remote desktop: whether the agent can use mouse and keyboard.
    public var control: Bool = false
    /// Remote desktop: whether files can be transferred.
    public var fileTransfer: Bool = false
    /// Remote desktop: whether the clipboard is synchronised.
    public var clipboard: Bool = false
    /// Remote desktop: whether the agent keeps access after the session (unattended access).
    public var standingAccess: Bool = false
    /// Co-browsing: the profile's own masking and blocking rules, honoured at every privacy level (a session-recording
    /// SDK's configuration, translated by `--profile-from`); nil for the built-in profiles. Optional, so run files
    /// written before it existed still decode.
    public var mirror: MirrorRules? = nil

    /// Creates a profile; the screen and remote-desktop parameters start at their defaults.
    public init(
        name: String, model: ModelKind, summary: String, privacy: PrivacyLevel, maskLength: MaskLength,
        recording: Bool, source: String
    ) {
        self.name = name
        self.model = model
        self.summary = summary
        self.privacy = privacy
        self.maskLength = maskLength
        self.recording = recording
        self.source = source
    }

    /// The parameters as `key: value` pairs, for `supportscope models` and reports.
    public var parameters: [(key: String, value: String)] {
        switch model {
        case .cobrowse:
            var parameters: [(key: String, value: String)] = [
                ("privacy", privacy.rawValue), ("mask-length", maskLength.rawValue), ("recording", String(recording)),
            ]
            if let mirror, !mirror.isEmpty { parameters.append(("mirror", mirror.summary)) }
            return parameters
        case .screenshare:
            return [
                ("capture", capture), ("notifications", notifications ? "shown" : "suppressed"),
                ("control", String(control)),
                ("recording", String(recording)),
            ]
        case .remoteDesktop:
            return [
                ("control", String(control)), ("file-transfer", String(fileTransfer)), ("clipboard", String(clipboard)),
                ("standing-access", String(standingAccess)), ("recording", String(recording)),
            ]
        }
    }

    /// The format of a profile file.
    public static let schema = ObjectSchema(
        name: "profile", summary: "A remote-support profile: a model and its parameters.",
        fields: [
            FieldSchema(
                "name", .identifier, required: true, "The profile's name; scenarios' expectations use it.",
                example: "cobrowse-standard"),
            FieldSchema(
                "model", .choice(ModelKind.allCases.map(\.rawValue)), required: true,
                "The model that runs the profile.", example: "cobrowse"),
            FieldSchema(
                "summary", .text, required: true, "One sentence for listings and reports.",
                example: "Default masking rules plus the policy."),
            FieldSchema(
                "privacy", .choice(PrivacyLevel.allCases.map(\.rawValue)), default: "standard",
                "Co-browsing privacy level.", example: "standard"),
            FieldSchema(
                "mask-length", .choice(MaskLength.allCases.map(\.rawValue)), default: "fixed",
                "How masked text is written.", example: "fixed"),
            FieldSchema("recording", .boolean, default: "false", "Whether the session is recorded.", example: "true"),
            FieldSchema(
                "capture", .choice(["screen", "window"]), default: "screen",
                "Screen sharing: the whole screen or one window.", example: "window"),
            FieldSchema(
                "notifications", .choice(["shown", "suppressed"]), default: "shown",
                "Screen sharing: whether notifications are captured.", example: "suppressed"),
            FieldSchema(
                "control", .boolean, default: "false (remote desktop: true)",
                "Whether the agent can use mouse and keyboard.", example: "true"),
            FieldSchema(
                "file-transfer", .boolean, default: "false", "Remote desktop: whether files can be transferred.",
                example: "true"),
            FieldSchema(
                "clipboard", .boolean, default: "false", "Remote desktop: whether the clipboard is synchronised.",
                example: "true"),
            FieldSchema(
                "standing-access", .boolean, default: "false", "Remote desktop: access that stays after the session.",
                example: "true"),
            FieldSchema(
                "mirror", .object(MirrorRules.schema), default: "none",
                "Co-browsing: the profile's own masking and blocking rules, honoured at every privacy level (what "
                    + "--profile-from translates a session-recording SDK's configuration into).",
                example: "{mask-inputs: [password], omit: [script-text]}"),
        ])
}

/// The profiles a run can use: the built-in ones, plus any a user adds with `--profiles-dir`.
public struct ProfileRegistry: Sendable {
    /// Every profile, sorted by name.
    public private(set) var profiles: [Profile]
    /// Problems found in the files.
    public private(set) var diagnostics: [Diagnostic]

    /// The built-in profiles, shipped as YAML resources.
    public static func builtIn() -> ProfileRegistry {
        guard let folder = ResourceBundles.file("Profiles", of: "Simulation") else {
            return ProfileRegistry(
                profiles: [],
                diagnostics: [
                    Diagnostic(
                        .error, file: "Profiles", line: 0, column: 0,
                        message: "the built-in profiles are missing from this installation")
                ])
        }
        var registry = ProfileRegistry(profiles: [], diagnostics: [])
        registry.add(folder: folder.path, source: "built-in")
        return registry
    }

    /// The built-in profiles plus those in `folder` (every `*.yaml`); a user profile may not reuse a name.
    public static func load(userFolder folder: String?) -> ProfileRegistry {
        var registry = builtIn()
        if let folder { registry.add(folder: folder, source: nil) }
        return registry
    }

    /// The profile with this name.
    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// Adds a profile made elsewhere (a translated SDK configuration); false, and nothing added, if its name is taken.
    @discardableResult
    public mutating func add(_ profile: Profile) -> Bool {
        guard self.profile(named: profile.name) == nil else { return false }
        profiles.append(profile)
        profiles.sort { $0.name < $1.name }
        return true
    }

    /// Every name a scenario's expectations may use: the built-in profiles and these.
    public var knownNames: [String] { Array(Set(ScenarioFormat.knownProfiles + profiles.map(\.name))).sorted() }

    private mutating func add(folder: String, source: String?) {
        // A folder that cannot be listed is a diagnostic (below), not an empty registry.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            diagnostics.append(Diagnostic(.error, file: folder, line: 0, column: 0, message: "no such folder"))
            return
        }
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (folder as NSString).appendingPathComponent(name)
            let read = YAMLDocument.read(file: path, schema: Profile.schema, what: "the profile")
            diagnostics += read.diagnostics
            guard let object = read.object, !read.diagnostics.hasErrors, let profileName = object.string("name"),
                let model = object.string("model").flatMap(ModelKind.init), let summary = object.string("summary")
            else { continue }
            if profile(named: profileName) != nil {
                let position = object["name"]!.mark
                diagnostics.append(
                    read.reader!.source.diagnostic(
                        .error, line: position.line, column: position.column,
                        "a profile named '\(profileName)' already exists; choose another name"))
                continue
            }
            var profile = Profile(
                name: profileName, model: model, summary: summary,
                privacy: object.string("privacy").flatMap(PrivacyLevel.init) ?? .standard,
                maskLength: object.string("mask-length").flatMap(MaskLength.init) ?? .fixed,
                recording: object["recording"]?.boolean ?? false,
                source: source ?? path)
            profile.capture = object.string("capture") ?? "screen"
            profile.notifications = object.string("notifications") != "suppressed"
            profile.control = object["control"]?.boolean ?? (model == .remoteDesktop)
            profile.fileTransfer = object["file-transfer"]?.boolean ?? false
            profile.clipboard = object["clipboard"]?.boolean ?? false
            profile.standingAccess = object["standing-access"]?.boolean ?? false
            profile.mirror = object["mirror"]?.object.map { MirrorRules($0) }
            profiles.append(profile)
        }
        profiles.sort { $0.name < $1.name }
    }
}
