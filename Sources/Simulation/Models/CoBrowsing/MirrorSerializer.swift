import Detectors
import Markup
import Scenarios

/// Writes the mirrored page the agent receives: the live DOM with every privacy decision applied
/// before a single character is serialised.
///
/// One path serves snapshots and mutations alike, so a masking rule cannot be
/// applied in one and forgotten in the other.
package struct MirrorSerializer {
    package let rules: PrivacyRules
    package let maskLength: MaskLength
    /// The detectors whose hits are masked wherever they appear: above the basic level the two highest tiers, at any
    /// level those the profile names (Highlight's default mode).
    package let contentDetectors: DetectorSet?

    package init(rules: PrivacyRules, maskLength: MaskLength) {
        self.rules = rules
        self.maskLength = maskLength
        let profileClasses = rules.profile.maskContent
        if rules.level >= .standard {
            contentDetectors =
                profileClasses.isSubset(of: Self.highTierClasses)
                ? Self.highTierDetectors : DetectorSet(classes: Self.highTierClasses.union(profileClasses))
        } else {
            contentDetectors = profileClasses.isEmpty ? nil : DetectorSet(classes: profileClasses)
        }
    }

    /// Card numbers, IBANs, national IDs, one-time codes next to their label, secrets and health data: the
    /// data whose impact is high or very high, masked by content even where no selector or heuristic names it.
    package static let highTierClasses: Set<DetectorClass> = [
        .cardNumber, .iban, .usSSN, .ukNINO, .swissAHV, .germanTaxID, .oneTimeCode, .secret, .healthData,
    ]

    package static let highTierDetectors = DetectorSet(classes: highTierClasses)

    /// `text` with every high-tier detector hit masked, and the classes found; nil when there is none.
    package func maskingContent(_ text: String) -> (text: String, classes: [DetectorClass])? {
        guard let contentDetectors else { return nil }
        let hits = contentDetectors.scan(text)
        guard !hits.isEmpty else { return nil }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var offset = 0
        for hit in hits where hit.range.lowerBound >= offset {
            output += bytes[offset..<hit.range.lowerBound]
            output += Array(mask(String(decoding: bytes[hit.range], as: UTF8.self)).utf8)
            offset = hit.range.upperBound
        }
        output += bytes[offset...]
        return (String(decoding: output, as: UTF8.self), Array(Set(hits.map(\.detectorClass))).sorted())
    }

    package static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// The mask written in place of private text: its length kept or a fixed run.
    package func mask(_ text: String) -> String {
        switch maskLength {
        case .fixed: return text.isEmpty ? "" : "********"
        case .preserve: return String(text.map { $0.isWhitespace ? $0 : "*" })
        }
    }

    /// Serialises `node` (an element, text or comment) whose parent's decision is `parent`.
    func serialize(_ node: Node, parent: PrivacyDecision, session: MirrorSession, into output: inout String) {
        switch node.kind {
        case .text, .cdata:
            let text = node.textContent
            let hidden = parent.masksText || (rules.level >= .standard && session.isMaskedValue(in: text))
            if hidden {
                output += text.allSatisfy(\.isWhitespace) ? escapeText(text) : escapeText(mask(text))
            } else if let masked = maskingContent(text) {
                // Table cells, alerts, code blocks: data no selector named is masked by what it is.
                if let element = node.parent { session.maskedByContent(element, masked.classes) }
                output += escapeText(masked.text)
            } else {
                output += escapeText(text)
            }
        case .comment:
            if rules.sendsComments { output += "<!--" + node.textContent + "-->" }
        case .element:
            serializeElement(node, parent: parent, session: session, into: &output)
        default:
            break
        }
    }

    private func serializeElement(
        _ element: Node, parent: PrivacyDecision, session: MirrorSession, into output: inout String
    ) {
        let name = element.name
        if rules.strips(name) {
            session.record(.strip, "strip <\(name)> in \(element.parent.map(session.path(of:)) ?? "the document")")
            return
        }
        let decision = session.decision(for: element, name: name, parent: parent)
        let id = session.id(for: element)
        if decision.isBlocked {
            output += "<\(name) data-ss-id=\"\(id)\" data-ss-blocked=\"\">"
            if !Self.voidElements.contains(name) { output += "</\(name)>" }
            return
        }
        session.protectIfSensitive(element)
        output += "<\(name) data-ss-id=\"\(id)\""
        // What the mirror cannot inspect is not mirrored: frames, and above the basic level canvas and media.
        let isFrame = name == "iframe" || name == "frame" || (rules.level >= .standard && Self.isOpaque(name))
        for attribute in element.attributes {
            guard
                let value = attributeValue(
                    attribute, of: element, decision: decision, isFrame: isFrame, session: session)
            else { continue }
            output += " \(attribute.name)=\"\(escapeAttribute(value))\""
        }
        if isFrame {
            output +=
                name == "iframe" || name == "frame"
                ? " data-ss-frame=\"not mirrored\"" : " data-ss-media=\"not mirrored\""
            session.frameNotMirrored(element)
        }
        output += ">"
        if Self.voidElements.contains(name) { return }
        // A frame's document is the frame's own; a mirror never sees inside it. A script's text or a template's content
        // the profile omits does not cross either.
        if !isFrame, !rules.dropsContent(of: element, name: name) {
            for child in element.children {
                serialize(child, parent: decision, session: session, into: &output)
            }
        }
        output += "</\(name)>"
    }

    /// The value an attribute crosses with, or nil when it must not cross at all: the level's answer, masked when the
    /// profile masks the attribute everywhere (Sentry's `maskAttributes`, PostHog's `maskAllElementAttributes`).
    private func attributeValue(
        _ attribute: Attribute, of element: Node, decision: PrivacyDecision, isFrame: Bool,
        session: MirrorSession
    ) -> String? {
        guard
            let value = levelAttributeValue(
                attribute, of: element, decision: decision, isFrame: isFrame, session: session)
        else { return nil }
        // The profile's unmask stops its attribute masks too, as Sentry's does.
        return rules.profile.masksAttribute(attribute.name) && !decision.unmasked ? mask(value) : value
    }

    /// The value an attribute crosses with at the session's level, or nil when it must not cross at all.
    private func levelAttributeValue(
        _ attribute: Attribute, of element: Node, decision: PrivacyDecision, isFrame: Bool,
        session: MirrorSession
    ) -> String? {
        let name = attribute.name
        if rules.level <= .basic {
            if decision.isMasked, name == "value" { return nil }
            return attribute.value
        }
        guard rules.attributeAllowList.contains(name) else { return nil }
        if isFrame, name == "src" || name == "data" || name == "poster" { return nil }
        if Self.holdsURL(name) {
            // The path can carry data too (`/cards/4111111111111111/details`).
            guard let url = Self.scrubbedURL(attribute.value) else { return nil }
            if let masked = maskingContent(url) {
                session.maskedByContent(element, masked.classes)
                return masked.text
            }
            return url
        }
        // `<meta content>` holds URLs as well (`og:url`, a refresh target): scrubbed like any other.
        if name == "content", attribute.value.contains("://") || attribute.value.lowercased().contains("url=") {
            return Self.scrubbedURL(attribute.value) ?? ""
        }
        if name == "value" {
            if decision.isMasked { return nil }
            if element.name == "input", element.attribute("type")?.lowercased() == "hidden" { return nil }
        }
        if decision.isMasked {
            // A masked element keeps its shape, not its data: URLs, content and state stay home.
            if PrivacyRules.textAttributes.contains(name) { return mask(attribute.value) }
            return PrivacyRules.structuralAttributes.contains(name) ? attribute.value : nil
        }
        // A value a script copied from a masked field is as private here as there.
        if session.isMaskedValue(in: attribute.value) {
            return PrivacyRules.textAttributes.contains(name) || name == "value" ? mask(attribute.value) : nil
        }
        // Free text in attributes (titles, placeholders, accessible names) crosses only when the policy allows it:
        // pages put customers' names, e-mail addresses and account numbers there.
        if PrivacyRules.textAttributes.contains(name), !rules.policyAttributes.contains(name) {
            return mask(attribute.value)
        }
        if let masked = maskingContent(attribute.value) {
            session.maskedByContent(element, masked.classes)
            return masked.text
        }
        return attribute.value
    }

    /// Elements whose content the mirror cannot read or should not copy: drawn pixels and media.
    /// (A switch, not a set: this runs for every element, and hashing a string costs more than comparing it.)
    package static func isOpaque(_ name: String) -> Bool {
        switch name {
        case "canvas", "video", "audio", "object", "embed": true
        default: false
        }
    }

    /// Attributes that hold URLs.
    package static func holdsURL(_ name: String) -> Bool {
        switch name {
        case "href", "src", "action", "poster", "data": true
        default: false
        }
    }

    /// A URL as the agent may see it: no query or fragment (tokens, signatures, e-mail addresses),
    /// and nothing at all for schemes that carry the data itself (`mailto:`, `tel:`, `data:`, `javascript:`).
    package static func scrubbedURL(_ value: String) -> String? {
        let trimmed =
            value.first?.isWhitespace == true || value.last?.isWhitespace == true ? value.trimmingWhitespace() : value
        let scheme = trimmed.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }.lowercased()
        if trimmed.contains(":"), ["mailto", "tel", "sms", "data", "javascript", "blob"].contains(scheme) {
            return nil
        }
        guard let cut = trimmed.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return trimmed }
        return String(trimmed[..<cut])
    }

    package func escapeText(_ text: String) -> String { Escaper.htmlText(text) }

    package func escapeAttribute(_ value: String) -> String { Escaper.htmlAttribute(value) }
}

/// What a serialiser needs from its session: stable node ids, sticky decisions, the audit trail.
protocol MirrorSession: AnyObject {
    func id(for element: Node) -> String
    func decision(for element: Node, name: String, parent: PrivacyDecision) -> PrivacyDecision
    func record(_ event: AuditEntry.Event, _ detail: String)
    /// A selector for an element of the mirrored page (for the audit trail).
    func path(of element: Node) -> String
    /// Marks `control` as one the agent may not press, when it does something sensitive.
    func protectIfSensitive(_ control: Node)
    func frameNotMirrored(_ element: Node)
    /// Whether the text repeats a value that crossed only as a mask.
    func isMaskedValue(in text: String) -> Bool
    /// Content of `element` was masked because detectors found data of `classes` in it.
    func maskedByContent(_ element: Node, _ classes: [DetectorClass])
}
