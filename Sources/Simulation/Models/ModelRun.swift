import Scenarios

/// One message the agent's side received: what actually crossed, as text a scanner can read.
public struct WireMessage: Sendable, Hashable, Codable {
    /// What kind of message it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// A full serialisation of the mirrored page.
        case snapshot
        /// A change to part of the mirrored page (added or replaced subtree, text, attribute, removal).
        case mutation
        /// A form field's value changed (typing, selection, autofill, script).
        case input
        /// Where a cursor is (the customer's or the agent's).
        case cursor
        /// The mirrored tab's URL and title.
        case location
        /// The mirror stopped or started sending (another tab, a forbidden origin).
        case status
        /// A frame of the screen (pixel models).
        case frame
        /// A file, clipboard or other transfer.
        case transfer
    }

    /// The scenario step (0-based) during which it was sent.
    public var step: Int
    public var kind: Kind
    /// The mirrored node the message is about, when there is one.
    public var nodeID: Int?
    /// The content that crossed, exactly as the agent received it.
    public var content: String
    /// The way it reached the agent.
    public var channel: Channel

    /// Creates a message; its channel follows from its kind, except a transfer's (a file or the clipboard).
    public init(step: Int, kind: Kind, nodeID: Int? = nil, content: String, channel: Channel? = nil) {
        self.step = step
        self.kind = kind
        self.nodeID = nodeID
        self.content = content
        self.channel = channel ?? kind.channel
    }
}

extension WireMessage.Kind {
    /// The channel of a message of this kind; a transfer says its own.
    var channel: Channel {
        switch self {
        case .snapshot: .domSnapshot
        case .mutation: .domMutation
        case .input: .inputEvent
        case .location: .pageLocation
        case .cursor: .cursor
        case .status: .status
        case .frame: .frame
        case .transfer: .file
        }
    }
}

/// What happened to one agent request.
public struct ActionOutcome: Sendable, Hashable, Codable {
    /// The decision.
    public enum Decision: String, Sendable, Hashable, Codable {
        case allowed
        case refused
        /// Allowed because the customer had granted control (consent) for it.
        case allowedAfterConsent = "allowed-after-consent"
        /// The mode has no way to do it at all (a view-only screen share cannot click).
        case notPossible = "not-possible"
    }

    public var step: Int
    /// The step's id, when the scenario gave one.
    public var stepID: String?
    /// What the agent tried, e.g. `click #buy-now`.
    public var request: String
    public var decision: Decision
    /// Why (the rule that refused it, or what it did).
    public var reason: OutcomeReason
    /// What makes the control sensitive (`submits a payment`, `changes a password`), when it is; set by the replay, which sees the page.
    public var sensitive: String?

    /// Creates an outcome.
    public init(
        step: Int, stepID: String?, request: String, decision: Decision, reason: OutcomeReason, sensitive: String? = nil
    ) {
        self.step = step
        self.stepID = stepID
        self.request = request
        self.decision = decision
        self.reason = reason
        self.sensitive = sensitive
    }
}

/// Something the agent could obtain without further customer action.
public struct ReachableArtifact: Sendable, Hashable, Codable {
    /// Where it is, e.g. `file ~/Documents/tax.pdf` or `clipboard`.
    public var source: String
    public var content: String
    /// How the agent would get it.
    public var channel: Channel
}

/// Something that survives the session end.
public struct RetainedArtifact: Sendable, Hashable, Codable {
    /// What it is, e.g. `session recording`.
    public var name: String
    /// Kept or deleted at session end.
    public var kept: Bool
    /// Why it is kept or deleted.
    public var reason: String
    /// The content kept (empty when deleted).
    public var content: String
    /// What kind of artifact it is.
    public var channel: Channel
}

/// One entry of the session's audit trail.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The kind of event.
    public enum Event: String, Sendable, Hashable, Codable {
        case policy, mask, block, strip, action, refusal, control, navigation, pause, resume, escalation, session
        /// A sensitive control marked as one the agent cannot press (refused by default at the standard and strict levels).
        case protect
        /// A leak vector (docs/COBROWSING.md) found in what a recorder sent: hidden inputs, comments, `data-*`, … .
        case leak
    }

    public var step: Int
    public var event: Event
    public var detail: String

    /// Creates an entry.
    public init(step: Int, event: Event, detail: String) {
        self.step = step
        self.event = event
        self.detail = detail
    }
}

/// The page and line of the element a mirrored node was made from.
public struct WireSource: Sendable, Hashable {
    /// The page's path in the scenario folder, as the tab's `page` names it.
    public var page: String
    /// The line libxml2 gives the element: where its start tag ends.
    public var line: Int
    /// The element's name, to find its start tag on or before that line.
    public var name: String
    /// Its `id` (or else `name`) attribute, to tell it from other elements of that name on the line (a minified page).
    public var key: String? = nil
}

/// One area the customer sees marked as hidden from, or blocked for, the agent.
public struct IndicatorRegion: Sendable, Hashable, Codable {
    /// Why it is marked.
    public enum Reason: String, Sendable, Hashable, Codable {
        case masked, blocked, frame
        /// A sensitive control the agent may see but not press.
        case protected
    }

    /// The tab it is in.
    public var tab: String
    /// The page's URL when the region was shown.
    public var url: String
    /// Where in the page: a CSS selector for the element, anchored at the nearest id (`#order-17 > form > input:nth-of-type(2)`).
    public var path: String
    public var reason: Reason
    /// The rule that decided it (a selector, a field heuristic, a default rule).
    public var rule: String
}

/// Everything one support session under one profile produced: the input of the exposure analysis.
public struct ModelRun: Sendable, Hashable, Codable {
    /// The profile's name.
    public var profile: String
    /// The model kind.
    public var model: ModelKind
    /// Every message the agent's side received, in order.
    public var wire: [WireMessage]
    /// Each agent request and what happened to it.
    public var outcomes: [ActionOutcome]
    /// What the agent could obtain without further customer action.
    public var reach: [ReachableArtifact]
    /// What is kept and deleted at session end.
    public var retention: [RetainedArtifact]
    /// The audit trail; empty when the mode keeps none.
    public var audit: [AuditEntry]
    /// The regions the customer is shown as hidden or blocked.
    public var indicator: [IndicatorRegion]
    /// The step at which the session escalated to another mode, if it did.
    public var escalatedAt: Int?
    /// The fixed-length mask the mode writes for every masked value, when it uses one: it says nothing about a value's length.
    public var fixedMask: String? = nil
    /// Where each mirrored node came from (co-browsing): the page and the line of the element behind each wire id, so
    /// a finding can point at the occurrence that crossed. Kept for the analysis only, not written to reports.
    public var wireSources: [Int: WireSource] = [:]
    /// The same for screens: per frame message (by index in `wire`), the page element behind each line's source
    /// (`tab shop form > p:nth-child(2)`).
    public var frameSources: [Int: [String: WireSource]] = [:]
    /// Per frame message, the values of the form fields it draws: each is a box of its own on the screen, so a short
    /// value there is bound to its field as it is in an input event.
    public var frameFields: [Int: [String]] = [:]
    /// True when the wire is a real customer's session (an audited recording), not a scenario's synthetic pages:
    /// reports then do not draw the page from it, since only the values found as sensitive would be redacted.
    public var isRecordedSession = false

    private enum CodingKeys: String, CodingKey {
        case profile, model, wire, outcomes, reach, retention, audit, indicator, escalatedAt, fixedMask
    }

    /// Creates a run.
    public init(
        profile: String, model: ModelKind, wire: [WireMessage], outcomes: [ActionOutcome], reach: [ReachableArtifact],
        retention: [RetainedArtifact], audit: [AuditEntry], fixedMask: String? = nil, indicator: [IndicatorRegion],
        escalatedAt: Int?
    ) {
        self.profile = profile
        self.model = model
        self.wire = wire
        self.outcomes = outcomes
        self.reach = reach
        self.retention = retention
        self.audit = audit
        self.fixedMask = fixedMask
        self.indicator = indicator
        self.escalatedAt = escalatedAt
    }
}
