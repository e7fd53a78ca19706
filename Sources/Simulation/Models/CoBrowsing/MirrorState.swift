import Detectors
import Fields
import Markup
import Scenarios

/// What the mirror knows about the page it is showing: every element's wire id and sticky privacy decision, the field
/// classifiers, the masks already sent, the controls already judged, the paths worked out. It belongs to one page and
/// is replaced as one unit when the mirrored tab navigates, so nothing of a page outlives it.
final class MirrorState {
    /// Per mirrored node: its wire id and its (sticky) privacy decision.
    var nodes: [NodeIdentity: (id: String, decision: PrivacyDecision?)] = [:]
    var classifiers: [ObjectIdentifier: FieldClassifier] = [:]
    /// The last masked value sent per field, so a fixed mask is not repeated per keystroke.
    var lastMaskedInput: [String: String] = [:]
    /// Masking rules by `id:`/`name:` of fields masked in the current page, for stickiness across re-renders.
    var maskedFields: [String: PrivacyRule] = [:]
    /// Elements masked by content, with the rule (detector classes), so the audit trail names each once.
    var contentMaskedElements: [NodeIdentity: PrivacyRule] = [:]
    /// Controls already judged for protection, so each is announced once.
    var protectedControls: Set<NodeIdentity> = []
    /// Selectors for the audit trail and the indicator, counted once per list of siblings; valid until the page changes.
    var paths = CSSPaths()
    /// The mirrored page's URL and path in the scenario, at the last snapshot (for the indicator and wire sources).
    var url = ""
    var page = ""

    /// The field classifier of `document`, built once.
    func classifier(for document: Document) -> FieldClassifier {
        if let classifier = classifiers[ObjectIdentifier(document)] { return classifier }
        let built = FieldClassifier(document: document)
        classifiers[ObjectIdentifier(document)] = built
        return built
    }
}

/// The wire ids of mirrored nodes, which stay unique for the whole session (across navigations), and where each
/// node's element stands in the scenario's pages.
struct WireIDs {
    private var next = 0
    /// Where each wire id's element stands in the scenario's pages.
    private(set) var sources: [Int: WireSource] = [:]

    /// A new id for `element` of `page`.
    mutating func make(for element: Node, page: String) -> String {
        next += 1
        if let line = element.line {
            sources[next] = WireSource(
                page: page, line: line, name: element.name, key: element.attribute("id") ?? element.attribute("name"))
        }
        return "n" + String(next, radix: 36)
    }
}

/// The session's record: what crossed, what was decided, what the customer was shown, what was audited.
struct SessionRecord {
    var wire: [WireMessage] = []
    var outcomes: [ActionOutcome] = []
    var audit: [AuditEntry] = []
    var indicator: [String: IndicatorRegion] = [:]
    var step = 0
    var started = false
    var finished = false
    var escalatedAt: Int?
    var controlGranted = false
    var controlRequested = false
    /// The tab being co-browsed: the customer's active tab when the session started.
    var mirroredTab: String?
    var allowedOrigins: Set<String> = []
    var pausedReason: String?

    mutating func record(_ event: AuditEntry.Event, _ detail: String) {
        audit.append(AuditEntry(step: step, event: event, detail: detail))
    }

    mutating func send(_ kind: WireMessage.Kind, node: String? = nil, content: String) {
        wire.append(
            WireMessage(
                step: step, kind: kind, nodeID: node.flatMap { Int($0.dropFirst(), radix: 36) }, content: content))
    }

    /// The indicator's regions in a stable order.
    var indicatorRegions: [IndicatorRegion] {
        indicator.values.sorted {
            ($0.tab, $0.url, $0.path, $0.reason.rawValue) < ($1.tab, $1.url, $1.path, $1.reason.rawValue)
        }
    }

    /// At session end everything is deleted except the report data, the session information and, when recording is
    /// on, the recording — which is made from the masked wire, never the page.
    func retentionManifest(profile: Profile, recording: Bool) -> [RetainedArtifact] {
        var manifest = [
            RetainedArtifact(
                name: "session information", kept: true, reason: "kept: profile, timing and counts, no customer data",
                content: "profile \(profile.name); \(wire.count) messages; \(outcomes.count) agent requests",
                channel: .sessionInformation),
            RetainedArtifact(
                name: "report data", kept: true, reason: "kept: the action outcomes and the audit trail",
                content: (outcomes.map { "\($0.request): \($0.decision.rawValue)" } + audit.map(\.detail)).joined(
                    separator: "\n"),
                channel: .auditTrail),
            RetainedArtifact(
                name: "live mirror (DOM, input events, cursors)", kept: false, reason: "deleted at session end",
                content: "",
                channel: .sessionInformation),
        ]
        if recording {
            manifest.append(
                RetainedArtifact(
                    name: "session recording", kept: true, reason: "kept: recording is on; made from the masked wire",
                    content: wire.map(\.content).joined(separator: "\n"), channel: .recording))
        } else {
            manifest.append(
                RetainedArtifact(
                    name: "session recording", kept: false,
                    reason: profile.recording
                        ? "not made: the policy forbids recording" : "not made: the profile does not record",
                    content: "", channel: .recording))
        }
        return manifest
    }
}

/// The values the customer entered that crossed only as masks, at most `maximum` of them (every text the mirror
/// sends is checked against each, so the set stays small); text that repeats one is masked too.
struct MaskedValues {
    private var values: Set<String> = []
    private static let minimumLength = 4
    private static let maximum = 256

    /// Whether `text` repeats a value that crossed only as a mask.
    func contains(in text: String) -> Bool {
        guard !values.isEmpty, text.count >= Self.minimumLength else { return false }
        return values.contains { text.contains($0) }
    }

    /// Notes a value entered into a masked field (typed, selected, set by script or autofill).
    mutating func track(_ value: String) {
        let trimmed = value.trimmingWhitespace()
        guard trimmed.count >= Self.minimumLength, values.count < Self.maximum else { return }
        // Each keystroke gives a longer prefix of the same value; the longest one is enough to keep.
        values = values.filter { !trimmed.hasPrefix($0) }
        values.insert(trimmed)
    }

    /// True when the value ends in what looks like a card or account number being typed: six or more digits
    /// joined only by spaces or dashes (`4111 1111 1`, not an amount like `2480.00`), or two letters, two digits
    /// and more (an IBAN under way, `DE89 3704`).
    static func endsInAccountNumber(_ value: String) -> Bool {
        var digits = 0
        var letters = 0
        var characters = Array(value.reversed())
        while let last = characters.first, last.isWhitespace { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isASCIIDigit {
                digits += 1
            } else if character == " " || character == "-" {
                // A separator inside the token; two in a row end it.
                if index + 1 < characters.count, !(characters[index + 1].isASCIIDigit || characters[index + 1].isLetter)
                {
                    break
                }
            } else if character.isLetter, character.isUppercase || character.isLowercase {
                letters += 1
                if letters > 2 { break }
            } else {
                break
            }
            index += 1
        }
        if letters == 0 { return digits >= 6 }
        // Letters only at the token's start (the country code of an IBAN), then its check digits and more.
        let token = String(characters[..<index].reversed()).filter { !$0.isWhitespace && $0 != "-" }
        return letters == 2 && token.count >= 6 && token.prefix(2).allSatisfy(\.isLetter)
            && token.dropFirst(2).prefix(2).allSatisfy(\.isASCIIDigit)
            && token.dropFirst(2).allSatisfy(\.isASCIIDigit)
    }
}
