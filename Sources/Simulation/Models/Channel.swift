import Scenarios

/// The way something reached, or stays within reach of, the agent: every wire message, reachable artifact and
/// retained artifact carries one, set by the model that made it, so the analysis never works it out from names.
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case domSnapshot = "dom snapshot"
    case domMutation = "dom mutation"
    case inputEvent = "input event"
    case pageLocation = "page location"
    case cursor
    case status
    case frame
    case file
    case clipboard
    case window
    case browserTab = "browser tab"
    case savedPassword = "saved password"
    case recording
    case standingAccess = "standing access"
    case auditTrail = "audit trail"
    case sessionInformation = "session information"
    case agentControl = "agent control"
    /// A session recorder's own data (console logs, custom events), which crossed beside the page (`audit rrweb`).
    case recorderData = "recorder data"
}

/// The kind of model a profile runs.
public enum ModelKind: String, Sendable, Hashable, CaseIterable, Codable {
    case cobrowse
    case screenshare
    case remoteDesktop = "remote-desktop"
}
