import Detectors
import Scenarios

/// The rule that masks or blocks an element, with its words for the audit trail, the customer indicator and reports.
public enum PrivacyRule: Sendable, Hashable, CustomStringConvertible {
    case passwordField
    case fileInput
    /// A field the classifier put in a masked class; the text names the class and the signal.
    case field(String)
    case maskSelector(String)
    case blockSelector(String)
    /// The strict level's blanket mask outside the allow-list.
    case strictDefault
    /// Content the detectors recognised.
    case detector([DetectorClass])
    /// A re-rendered field with the id or name of one masked before.
    indirect case sticky(PrivacyRule)
    /// One of the profile's own mirror rules (a translated SDK configuration), e.g. `mask-inputs email`.
    case profile(String)

    /// The profile's blanket text mask, which its `unmask` selectors stop.
    package static let profileAllText = PrivacyRule.profile("mask-all-text")

    public var description: String {
        switch self {
        case .passwordField: "password field"
        case .fileInput: "file input (its file name)"
        case let .field(rule): "field \(rule)"
        case let .maskSelector(source): "mask selector \(source)"
        case let .blockSelector(source): "block selector \(source)"
        case .strictDefault: "strict: not on the allow-list"
        case let .detector(classes): "detector " + classes.map(\.rawValue).joined(separator: ", ")
        case let .sticky(rule): "sticky: \(rule) (the field was re-rendered)"
        case let .profile(rule): "\(rule) (the profile's rule)"
        }
    }
}

/// How an element of the mirrored page is hidden from the agent, for `inspect`.
public enum Hiding: Sendable, Hashable, CustomStringConvertible {
    case blocked(PrivacyRule)
    case masked(PrivacyRule)

    public var description: String {
        switch self {
        case let .blocked(rule): "blocked: \(rule)"
        case let .masked(rule): "masked: \(rule)"
        }
    }
}
