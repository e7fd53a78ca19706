import Markup

/// The privacy decision for one element, made once and then only ever made stricter.
struct PrivacyDecision: Equatable {
    /// The rule that masks the element's text and values (its own, or an ancestor's), if any.
    var maskRule: String?
    /// The rule that blocks the element (shown as an empty placeholder, refused to the agent), if any.
    var blockRule: String?
    /// Under the strict level: inside an allow-listed element.
    var allowed = false

    var isMasked: Bool { maskRule != nil }
    var isBlocked: Bool { blockRule != nil }

    /// Sticky privacy: a later evaluation may add masking or blocking, never take it away.
    func tightened(by other: PrivacyDecision) -> PrivacyDecision {
        PrivacyDecision(maskRule: maskRule ?? other.maskRule, blockRule: blockRule ?? other.blockRule, allowed: allowed && other.allowed)
    }
}

/// The masking and blocking rules of one session: the privacy level's defaults plus the policy's selectors.
///
/// Rules only add: every signal that says "private" masks, and nothing a policy or
/// scenario adds can un-mask what a default rule masks (the rrweb trap, where
/// configuring one extra masked input type silently un-masked passwords).
struct PrivacyRules {
    let level: PrivacyLevel
    let mask: [(source: String, selector: Selector)]
    let block: [(source: String, selector: Selector)]
    let allow: [(source: String, selector: Selector)]
    let attributeAllowList: Set<String>
    /// Attributes the policy names explicitly (`attributes:`): text attributes among them cross unmasked.
    let policyAttributes: Set<String>

    init(level: PrivacyLevel, policy: Policy) throws {
        func parse(_ list: [String], _ what: String) throws -> [(String, Selector)] {
            try list.map { source in
                do throws(SelectorError) {
                    return (source, try Selector(source))
                } catch {
                    throw ModelFactory.Failure(description: "the policy's \(what) selector '\(source)' is invalid: \(error.message)")
                }
            }
        }
        self.level = level
        mask = try parse(policy.mask, "mask")
        block = try parse(policy.block, "block")
        allow = try parse(policy.allow, "allow")
        attributeAllowList = Self.defaultAttributes.union(policy.extraAttributes)
        policyAttributes = Set(policy.extraAttributes)
    }

    /// Attributes the standard and strict levels pass: structure, form state and accessibility, not free text.
    static let defaultAttributes: Set<String> = [
        "id", "class", "name", "type", "for", "role", "lang", "dir", "href", "src", "action", "method", "target",
        "rel", "colspan", "rowspan", "scope", "width", "height", "disabled", "checked", "selected", "readonly",
        "required", "multiple", "maxlength", "minlength", "size", "inputmode", "autocomplete", "tabindex", "hidden",
        "aria-hidden", "aria-expanded", "aria-pressed", "aria-controls", "aria-describedby", "aria-labelledby",
        "placeholder", "title", "alt", "aria-label", "value", "charset", "content", "http-equiv", "poster",
    ]

    /// Attributes a masked element keeps: its shape and role, never data.
    static let structuralAttributes: Set<String> = [
        "id", "class", "name", "type", "for", "role", "lang", "dir", "colspan", "rowspan", "scope", "width", "height",
        "disabled", "readonly", "required", "multiple", "maxlength", "minlength", "size", "inputmode", "autocomplete",
        "tabindex", "hidden", "aria-hidden", "aria-expanded", "aria-pressed", "aria-controls", "aria-describedby", "aria-labelledby",
    ]

    /// Attributes whose text is masked on a masked element.
    static let textAttributes: Set<String> = ["placeholder", "title", "alt", "aria-label", "aria-valuetext", "label"]

    /// Elements whose content never reaches the agent above the naive and basic levels.
    static let strippedElements: Set<String> = ["script", "noscript", "template"]

    /// Autofill tokens (HTML autocomplete) that name private data.
    static let privateAutocomplete: Set<String> = [
        "cc-number", "cc-csc", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-name", "cc-given-name", "cc-family-name",
        "current-password", "new-password", "one-time-code", "bday", "bday-day", "bday-month", "bday-year",
    ]

    /// Words in a field's name, id, label, placeholder or accessible name that mark it private (English and German).
    static let privateWords: Set<String> = [
        "cvv", "cvv2", "cvc", "cvc2", "csc", "cid", "iban", "ssn", "ahv", "pin", "otp", "tan", "mtan", "password", "passwort",
        "kennwort", "passcode", "pruefnummer", "prüfnummer", "kartennummer", "kreditkartennummer", "geburtsdatum", "dob",
        "birthdate", "birthday", "steuernummer", "steuerid", "sozialversicherungsnummer", "sicherheitscode", "ccnum",
        "cardnumber", "creditcard", "kreditkarte", "seed", "mnemonic", "sms", "smscode", "einmalcode", "bestaetigungscode",
        "bestätigungscode", "verifizierungscode", "authcode", "2fa", "mfa", "totp", "ccnumber", "cardno", "kartennr",
        "pincode", "geburtsjahr", "geburtstag", "birthyear", "securitycode", "cvn",
    ]

    /// The longer private words, sorted, for finding them inside run-together names (`customerIbanInput`).
    static let longPrivateWords = privateWords.filter { $0.count >= 6 }.sorted()

    /// Runs of words that together mark a field private ("card number", "security code", "one-time code").
    static let privatePhrases: [[String]] = [
        ["card", "number"], ["security", "code"], ["one", "time"], ["date", "of", "birth"], ["social", "security"],
        ["tax", "id"], ["verification", "code"], ["recovery", "phrase"], ["steuer", "id"], ["karten", "nummer"],
        ["login", "code"], ["access", "code"], ["auth", "code"], ["cc", "number"], ["cc", "num"], ["card", "no"],
        ["birth", "month"], ["birth", "year"], ["birth", "day"],
    ]

    static let strictDefault = "strict: not on the allow-list"

    /// The element's decision, starting from its parent's: masking, blocking and allow-listing are inherited.
    /// `name` is the element's name, which the caller already has: names are not rebuilt per rule.
    func decide(_ element: Node, name: String, parent: PrivacyDecision, labels: LabelIndex) -> PrivacyDecision {
        var decision = parent
        if decision.blockRule == nil, let rule = block.first(where: { $0.selector.matches(element) }) {
            decision.blockRule = "block selector \(rule.source)"
        }
        if level == .strict, !decision.allowed, allow.contains(where: { $0.selector.matches(element) }) {
            decision.allowed = true
        }
        // The strict level's blanket mask stops at an allow-listed element; every other mask rule is inherited.
        if decision.allowed, decision.maskRule == Self.strictDefault { decision.maskRule = nil }
        if decision.maskRule == nil {
            decision.maskRule = maskRule(for: element, name: name, labels: labels, allowed: decision.allowed)
        }
        return decision
    }

    private func maskRule(for element: Node, name: String, labels: LabelIndex, allowed: Bool) -> String? {
        switch level {
        case .naive:
            return nil
        case .basic:
            return name == "input" && isPassword(element) ? "password field" : nil
        case .standard, .strict:
            if Self.isField(element, name: name) {
                if name == "input" {
                    let type = element.attribute("type")?.lowercased()
                    if type == "password" { return "password field" }
                    if type == "file" { return "file input (its file name)" }
                }
                if let token = privateAutocompleteToken(element) { return "autocomplete \(token)" }
                if let word = privateSignal(element, labels: labels) { return "field heuristic '\(word)'" }
            }
            if let rule = mask.first(where: { $0.selector.matches(element) }) { return "mask selector \(rule.source)" }
            if level == .strict, !allowed { return Self.strictDefault }
            return nil
        }
    }

    /// Form fields and editable regions: what customers type into. (An editable region is a field too: rich-text editors.)
    static func isField(_ element: Node, name: String) -> Bool {
        name == "input" || name == "select" || name == "textarea" || isEditable(element)
    }

    /// `contenteditable` (empty, `true` or `plaintext-only`): the region takes typing like a field.
    static func isEditable(_ element: Node) -> Bool {
        guard let value = element.attribute("contenteditable")?.lowercased() else { return false }
        return value.isEmpty || value == "true" || value == "plaintext-only"
    }

    func isPassword(_ element: Node) -> Bool {
        element.name == "input" && element.attribute("type")?.lowercased() == "password"
    }

    private func privateAutocompleteToken(_ element: Node) -> String? {
        guard let value = element.attribute("autocomplete")?.lowercased() else { return nil }
        return value.split(whereSeparator: \.isWhitespace).map(String.init).first { Self.privateAutocomplete.contains($0) }
    }

    /// A private word or phrase in any of the field's naming signals; real pages misuse single signals, so all count.
    private func privateSignal(_ element: Node, labels: LabelIndex) -> String? {
        var texts = ["name", "id", "placeholder", "aria-label", "title"].compactMap { element.attribute($0) }
        if let id = element.attribute("id"), let label = labels.text(for: id) { texts.append(label) }
        // `aria-labelledby` names the elements whose text labels the field (how editors are usually labelled).
        if let ids = element.attribute("aria-labelledby") {
            for id in ids.split(whereSeparator: \.isWhitespace).prefix(8) {
                if let label = (try? element.document.nodes(matchingXPath: "id($id)", variables: ["id": .string(String(id))]))?.first {
                    texts.append(label.textContent)
                }
            }
        }
        if let wrapping = labels.wrappingLabel(of: element) { texts.append(wrapping) }
        for text in texts {
            let words = Self.words(text)
            if let word = words.first(where: Self.privateWords.contains) { return word }
            for phrase in Self.privatePhrases where Self.contains(words, phrase) { return phrase.joined(separator: " ") }
            let compact = words.joined()
            if let word = Self.longPrivateWords.first(where: { compact.contains($0) }) { return word }
        }
        return nil
    }

    /// Lowercase words, split at anything that is not a letter or digit and at camelCase humps.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in text {
            if character.isLetter || character.isNumber {
                if character.isUppercase, previousLower, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(Character(character.lowercased()))
                previousLower = character.isLowercase
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// True when `phrase` occurs as consecutive words in `words`.
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where Array(words[start..<(start + phrase.count)]) == phrase {
            return true
        }
        return false
    }
}

/// Label texts of one document, by the id they are `for`, and labels that wrap a field.
final class LabelIndex {
    private var byID: [String: String] = [:]

    init(document: Document) {
        add(labelsIn: document.node)
    }

    /// Indexes the labels below `root` (a page, or content a script just inserted) and returns the ids they name.
    ///
    /// Every label for a field counts: one of them may be the one that names it private.
    @discardableResult
    func add(labelsIn root: Node) -> [String] {
        var named: [String] = []
        let labels = (root.isElement && root.name == "label" ? [root] : []) + root.select(Self.labelSelector)
        for label in labels {
            guard let target = label.attribute("for") else { continue }
            byID[target, default: ""] += (byID[target] == nil ? "" : " ") + label.textContent
            named.append(target)
        }
        return named
    }

    private static let labelSelector = try! Selector("label[for]")

    func text(for id: String) -> String? { byID[id] }

    /// The text of a `<label>` around the field, without the field itself.
    func wrappingLabel(of element: Node) -> String? {
        var ancestor = element.parent
        while let current = ancestor, current.isElement {
            if current.name == "label" {
                return current.children.filter { $0 != element }.map(\.textContent).joined()
            }
            ancestor = current.parent
        }
        return nil
    }
}
