import Fields
import Scenarios

/// Why an agent request was decided as it was: every reason the models give, with its words in one place.
public enum OutcomeReason: Sendable, Hashable, Codable, CustomStringConvertible {
    // Any model.
    case noSession
    case controlRequested
    case customerGranted
    case notAnAgentAction
    // Screen sharing and remote desktop.
    case alreadyControlsMachine
    case viewOnly
    case viewOnlyWatching
    case clipboardSynchronised
    case clipboardSyncOff
    case noClipboardChannel
    case fileTransferOn
    case fileTransferOff
    case noFileChannel
    case controlNotGranted
    case onlySharedWindow
    case notOnScreen
    case controlsMachine
    // Co-browsing.
    case noCoBrowsingSession
    case isolatedTab
    case isolatedFiles
    case isolatedClipboard
    case isolatedTransfer
    case paused(String)
    case scrollsOwnView
    case controlNotGrantedYet
    case controlNeverRequested
    case originNotAllowed(String)
    case notOnMirroredPage
    case insideUnmirrored(element: String)
    case blocked(PrivacyRule)
    case masked(PrivacyRule)
    /// A sensitive action at a level that refuses it, with the words of what it does and the policy key that allows it.
    case sensitiveRefused(what: String, level: PrivacyLevel, action: ControlAction)
    case actsWithoutConsent
    /// A reason read back from a report's parts (`merge`), where only its words are kept.
    case described(String)

    public var description: String {
        switch self {
        case .noSession: "no session is running"
        case .controlRequested: "control requested; the customer decides"
        case .customerGranted: "the customer granted control"
        case .notAnAgentAction: "not an agent action"
        case .alreadyControlsMachine: "the agent already controls the machine"
        case .viewOnly: "this profile is view-only"
        case .viewOnlyWatching: "this profile is view-only: the agent can only watch"
        case .clipboardSynchronised: "the clipboard is synchronised"
        case .clipboardSyncOff: "clipboard sync is off"
        case .noClipboardChannel: "screen sharing has no clipboard channel"
        case .fileTransferOn: "file transfer is on"
        case .fileTransferOff: "file transfer is off"
        case .noFileChannel: "screen sharing has no file channel"
        case .controlNotGranted: "the customer has not granted control"
        case .onlySharedWindow: "only the shared window can be controlled"
        case .notOnScreen: "the element is not on the screen"
        case .controlsMachine: "the agent controls the machine"
        case .noCoBrowsingSession: "no co-browsing session is running"
        case .isolatedTab: "isolation: the agent sees only the co-browsed tab"
        case .isolatedFiles: "isolation: co-browsing gives no access to the customer's files"
        case .isolatedClipboard: "isolation: co-browsing gives no access to the customer's clipboard"
        case .isolatedTransfer: "isolation: co-browsing cannot transfer files"
        case let .paused(why): "the mirror is paused: \(why)"
        case .scrollsOwnView: "the agent scrolls its own view of the mirror"
        case .controlNotGrantedYet: "the customer has not granted control yet"
        case .controlNeverRequested: "the agent has neither requested nor been granted control"
        case let .originNotAllowed(origin): "\(origin) is not an allowed origin"
        case .notOnMirroredPage: "the element is not on the mirrored page"
        case let .insideUnmirrored(element): "the element is in a \(element) the mirror does not show"
        case let .blocked(rule): "blocked by the policy (\(rule))"
        case let .masked(rule): "the element is masked (\(rule)); the agent cannot act on it"
        case let .sensitiveRefused(what, level, action):
            "\(what): sensitive actions are refused at the \(level.rawValue) level (the policy can allow it: allow-actions: [\(action.rawValue)])"
        case .actsWithoutConsent: "the policy lets the agent act without consent"
        case let .described(text): text
        }
    }

    /// Encoded as its words, so report parts read the same as reports.
    public init(from decoder: any Decoder) throws {
        self = .described(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
